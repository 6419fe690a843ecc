extension CRC64 {
    /// The CRC of the concatenation A+B, given `crcA` = CRC(A), `crcB` = CRC(B) and the length of B in bytes.
    ///
    /// O(log lengthB): multiplies crcA by x^(8·lengthB) modulo the polynomial, using a table of x^(2^k)
    /// (the zlib `crc32_combine` method). Used to derive a whole-object CRC from multipart part CRCs.
    public static func combine(_ crcA: UInt64, _ crcB: UInt64, lengthB: UInt64) -> UInt64 {
        if lengthB == 0 { return crcA }
        return CRC64Combine.multiplyModP(CRC64Combine.xPow8n(lengthB), crcA) ^ crcB
    }
}

/// Polynomial arithmetic modulo the reflected ECMA-182 polynomial (bit 63 is x^0).
enum CRC64Combine {
    /// x^0 in reflected representation.
    static let one: UInt64 = 1 << 63

    /// `powers[k]` = x^(2^k) mod P, for k in 0..<72 (enough for 8 · UInt64.max bits).
    static let powers: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 72)
        var p: UInt64 = 1 << 62  // x^1
        for k in 0..<72 {
            table[k] = p
            p = multiplyModP(p, p)
        }
        return table
    }()

    /// a·b mod P.
    static func multiplyModP(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var m = one
        var b = b
        var product: UInt64 = 0
        while true {
            if a & m != 0 {
                product ^= b
                if a & (m - 1) == 0 { break }
            }
            m >>= 1
            if m == 0 { break }
            b = (b & 1) != 0 ? (b >> 1) ^ CRC64Tables.reflectedPolynomial : b >> 1
        }
        return product
    }

    /// x^(8·n) mod P: the shift that appending n bytes applies to a CRC register.
    static func xPow8n(_ n: UInt64) -> UInt64 {
        var result = one
        var n = n
        var k = 3  // 8·n = n·2^3
        while n != 0 {
            if n & 1 != 0 {
                result = multiplyModP(powers[k], result)
            }
            n >>= 1
            k += 1
        }
        return result
    }
}
