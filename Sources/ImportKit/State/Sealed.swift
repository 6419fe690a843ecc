import CRC64

/// Appends `#crc64 <value>` to a text file and checks it on read.
enum Sealed {
    static func seal(_ body: [UInt8]) -> [UInt8] {
        body + Array("#crc64 \(CRC64.checksum(body))\n".utf8)
    }

    static func open(_ bytes: [UInt8], what: String) throws(StateFileError) -> ArraySlice<UInt8> {
        // The seal is the last line.
        guard bytes.last == UInt8(ascii: "\n") else { throw .corrupt(what, "truncated") }
        var start = bytes.count - 1
        while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        let sealLine = String(decoding: bytes[start..<(bytes.count - 1)], as: UTF8.self)
        guard sealLine.hasPrefix("#crc64 "), let expected = UInt64(sealLine.dropFirst(7)) else {
            throw .corrupt(what, "no checksum")
        }
        let body = bytes[0..<start]
        let actual = body.withUnsafeBytes { CRC64.checksum($0) }
        guard actual == expected else { throw .corrupt(what, "checksum mismatch") }
        return body
    }
}
