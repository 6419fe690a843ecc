// TEMPORARY STAND-IN on branch `curl` only, so CurlHTTP compiles before the real CRC64 module (branch `core`) lands.
// The lead drops this file when merging; the real module replaces it.

/// CRC-64/XZ (ECMA-182 reflected), as OSS computes `x-oss-hash-crc64ecma`.
public struct CRC64: Sendable, Hashable {
    public private(set) var value: UInt64 = 0

    public init() {}

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        var crc = ~value
        CRC64.tables.withUnsafeBufferPointer { t in
            var i = 0
            let n = buffer.count
            while i + 8 <= n {
                let word = crc ^ UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                crc = t[7 * 256 + Int(word & 0xFF)] ^ t[6 * 256 + Int((word >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((word >> 16) & 0xFF)] ^ t[4 * 256 + Int((word >> 24) & 0xFF)]
                    ^ t[3 * 256 + Int((word >> 32) & 0xFF)] ^ t[2 * 256 + Int((word >> 40) & 0xFF)]
                    ^ t[1 * 256 + Int((word >> 48) & 0xFF)] ^ t[Int(word >> 56)]
                i += 8
            }
            while i < n {
                crc = t[Int((crc ^ UInt64(buffer[i])) & 0xFF)] ^ (crc >> 8)
                i += 1
            }
        }
        value = ~crc
    }

    /// Stand-in combine: feeds `lengthB` zero bytes (slow, fine for a stand-in).
    public static func combine(_ a: UInt64, _ b: UInt64, lengthB: UInt64) -> UInt64 {
        if lengthB == 0 { return a }
        let zeros = [UInt8](repeating: 0, count: 65536)
        var shifted = CRC64()
        shifted.value = a
        var zero = CRC64()
        var left = lengthB
        while left > 0 {
            let n = Int(min(left, UInt64(zeros.count)))
            zeros.withUnsafeBytes {
                shifted.update(UnsafeRawBufferPointer(rebasing: $0[0..<n]))
                zero.update(UnsafeRawBufferPointer(rebasing: $0[0..<n]))
            }
            left -= UInt64(n)
        }
        return shifted.value ^ zero.value ^ b
    }

    private static let tables: [UInt64] = {
        let poly: UInt64 = 0xC96C_5795_D787_0F42
        var t = [UInt64](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt64(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ poly : c >> 1 }
            t[i] = c
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let prev = t[(k - 1) * 256 + i]
                t[k * 256 + i] = t[Int(prev & 0xFF)] ^ (prev >> 8)
            }
        }
        return t
    }()
}
