import CRC64

/// The byte pattern served by `/bytes` and used for test files: byte i = (i*31+7) % 251.
enum TestPattern {
    static func byte(at index: Int) -> UInt8 {
        UInt8((index &* 31 &+ 7) % 251)
    }

    /// One period (251 bytes) of the pattern, so big buffers are built with memcpy even in debug builds.
    private static let period: [UInt8] = (0..<251).map(byte(at:))

    static func bytes(count: Int, startingAt start: Int = 0) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        var phase = start % 251
        while result.count < count {
            let take = min(251 - phase, count - result.count)
            result.append(contentsOf: period[phase..<(phase + take)])
            phase = 0
        }
        return result
    }

    static func crc64(_ bytes: [UInt8]) -> UInt64 {
        var crc = CRC64()
        bytes.withUnsafeBytes { crc.update($0) }
        return crc.value
    }
}
