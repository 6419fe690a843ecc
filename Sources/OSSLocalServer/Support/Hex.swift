/// Hex helpers for ETags and request ids (upper-case, as OSS shows them).
enum UpperHex {
    private static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(upperDigits[Int(b >> 4)])
            out.append(upperDigits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = value(chars[i]), let lo = value(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Request and upload ids.
enum RequestIDs {
    private static let counter = Locked<UInt64>(UInt64.random(in: 0...UInt64(UInt32.max)))
    private static let prefix = UpperHex.encode((0..<4).map { _ in UInt8.random(in: 0...255) })

    /// 24 upper-case hex digits: a per-process random prefix and a counter.
    static func next() -> String {
        let n = counter.withLock { value -> UInt64 in value &+= 1; return value }
        let digits = UpperHex.encode(withUnsafeBytes(of: n.bigEndian) { Array($0) })
        return prefix + digits
    }

    static func randomHex(count: Int) -> String {
        UpperHex.encode((0..<(count / 2)).map { _ in UInt8.random(in: 0...255) })
    }
}
