import CRC64

/// The byte pattern served by `/bytes` and used for test files: byte i = (i*31+7) % 251.
enum TestPattern {
    static func byte(at index: Int) -> UInt8 {
        UInt8((index &* 31 &+ 7) % 251)
    }

    static func bytes(count: Int, startingAt start: Int = 0) -> [UInt8] {
        (start..<(start + count)).map(byte(at:))
    }

    static func crc64(_ bytes: [UInt8]) -> UInt64 {
        var crc = CRC64()
        bytes.withUnsafeBytes { crc.update($0) }
        return crc.value
    }
}
