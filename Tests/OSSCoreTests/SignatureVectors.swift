import Foundation
import OSSCore
import Testing

/// The `oss-signature-v1.json` / `oss-signature-v4.json` vector files (computed with oss2 2.19.1).
struct SignatureVectors: Decodable {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let method: String
        let bucket: String
        let key: String
        let params: [String: String]
        let headers: [String: String]
        let stringToSign: String
        let authorization: String
        let canonicalRequest: String?
        let additionalHeaders: [String]?
        let region: String?

        var testDescription: String { name }

        /// The case as a signing request (parameter and header order does not matter: signing sorts).
        var request: OSSSigningRequest {
            OSSSigningRequest(
                method: method,
                bucket: bucket.isEmpty ? nil : bucket,
                key: key.isEmpty ? nil : key,
                query: params.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value.isEmpty ? nil : $0.value) },
                headers: OSSHeaders(headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) })
            )
        }
    }

    let accessKeyId: String
    let accessKeySecret: String
    let date: String?
    let dateTime: String?
    let region: String?
    let cases: [Case]

    var credentials: OSSCredentials {
        OSSCredentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret)
    }

    static let empty = SignatureVectors(
        accessKeyId: "", accessKeySecret: "", date: nil, dateTime: nil, region: nil, cases: [])
    static let v1 = FixtureLoader.decodeOrEmpty(SignatureVectors.self, from: "oss-signature-v1", fallback: empty)
    static let v4 = FixtureLoader.decodeOrEmpty(SignatureVectors.self, from: "oss-signature-v4", fallback: empty)
}
