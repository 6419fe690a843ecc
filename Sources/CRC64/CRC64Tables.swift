/// Slicing-by-16 lookup tables for the reflected ECMA-182 polynomial, built once.
enum CRC64Tables {
    /// The reflected ECMA-182 polynomial (0x42F0E1EBA9EA3693 bit-reversed).
    static let reflectedPolynomial: UInt64 = 0xC96C_5795_D787_0F42

    /// Number of 256-entry tables (slicing-by-16).
    static let sliceCount = 16

    /// 16 x 256 entries, table k at offset k*256. Written once at first use, read-only afterwards.
    nonisolated(unsafe) static let tables: UnsafeMutablePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 256 * sliceCount)
        for n in 0..<256 {
            var crc = UInt64(n)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ reflectedPolynomial : crc >> 1
            }
            table[n] = crc
        }
        for k in 1..<sliceCount {
            for n in 0..<256 {
                let previous = table[(k - 1) * 256 + n]
                table[k * 256 + n] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// Runs the raw (non-inverted) register `crc` over `buffer`.
    static func process(_ crc: UInt64, _ buffer: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return crc }
        let t = UnsafePointer(tables)
        var crc = crc
        var p = base
        var remaining = buffer.count
        while remaining >= 16 {
            let a = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) ^ crc
            let b = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            crc = t[15 * 256 + Int(truncatingIfNeeded: a & 0xFF)]
                ^ t[14 * 256 + Int(truncatingIfNeeded: (a >> 8) & 0xFF)]
                ^ t[13 * 256 + Int(truncatingIfNeeded: (a >> 16) & 0xFF)]
                ^ t[12 * 256 + Int(truncatingIfNeeded: (a >> 24) & 0xFF)]
                ^ t[11 * 256 + Int(truncatingIfNeeded: (a >> 32) & 0xFF)]
                ^ t[10 * 256 + Int(truncatingIfNeeded: (a >> 40) & 0xFF)]
                ^ t[9 * 256 + Int(truncatingIfNeeded: (a >> 48) & 0xFF)]
                ^ t[8 * 256 + Int(truncatingIfNeeded: a >> 56)]
                ^ t[7 * 256 + Int(truncatingIfNeeded: b & 0xFF)]
                ^ t[6 * 256 + Int(truncatingIfNeeded: (b >> 8) & 0xFF)]
                ^ t[5 * 256 + Int(truncatingIfNeeded: (b >> 16) & 0xFF)]
                ^ t[4 * 256 + Int(truncatingIfNeeded: (b >> 24) & 0xFF)]
                ^ t[3 * 256 + Int(truncatingIfNeeded: (b >> 32) & 0xFF)]
                ^ t[2 * 256 + Int(truncatingIfNeeded: (b >> 40) & 0xFF)]
                ^ t[1 * 256 + Int(truncatingIfNeeded: (b >> 48) & 0xFF)]
                ^ t[Int(truncatingIfNeeded: b >> 56)]
            p += 16
            remaining -= 16
        }
        while remaining > 0 {
            let byte = p.load(as: UInt8.self)
            crc = (crc >> 8) ^ t[Int(truncatingIfNeeded: (crc ^ UInt64(byte)) & 0xFF)]
            p += 1
            remaining -= 1
        }
        return crc
    }
}
