import OSSCore
/// The `<CompleteMultipartUpload>` request body: `Part{PartNumber, ETag}` in document order.
enum CompleteRequestBody {
    static func malformed() -> OSSLocalError {
        OSSLocalError(status: 400, code: "MalformedXML",
                      message: "The XML you provided was not well-formed or did not validate against our published schema.",
                      ec: "0042-00000301")
    }

    static func parts(_ body: [UInt8]) throws(OSSLocalError) -> [(number: Int, etag: String)] {
        let root: XMLElement
        do { root = try XMLReader.parse(body) } catch { throw malformed() }
        guard root.name == "CompleteMultipartUpload" else { throw malformed() }
        var result: [(number: Int, etag: String)] = []
        for part in root.children("Part") {
            guard let numberText = part.childText("PartNumber"), let number = Int(numberText.trimmingCharacters(in: .whitespaces)),
                  let etag = part.childText("ETag")
            else { throw malformed() }
            result.append((number, etag))
        }
        return result
    }
}

import Foundation
