/// Percent-encoding as OSS signs and routes it: bytes of UTF-8, unreserved `A-Z a-z 0-9 - . _ ~` kept,
/// everything else as `%XX` (upper-case hex).
public enum OSSPercentEncoding {
    /// Encodes an object path; `/` is kept. Used for URLs and the V4 canonical URI.
    public static func encodePath(_ s: String) -> String {
        encode(s, keepSlash: true)
    }

    /// Encodes raw path bytes (not necessarily UTF-8) for a URL path, RFC 3986: each `/`-separated segment is
    /// percent-encoded (every byte but the unreserved ones, so `#`, `?`, `%`, spaces and non-ASCII become `%XX`),
    /// the `/` between segments is kept. `pics/#a b.jpg` → `pics/%23a%20b.jpg`.
    public static func encodePath(bytes: [UInt8]) -> String {
        encode(bytes, keepSlash: true)
    }

    /// Encodes a query name or value; `/` becomes `%2F`.
    public static func encodeQuery(_ s: String) -> String {
        encode(s, keepSlash: false)
    }

    /// Decodes `%XX` sequences (a `+` stays a `+`, as in Python's `unquote`). nil if a `%` is not
    /// followed by two hex digits or the result is not valid UTF-8.
    public static func decode(_ s: String) -> String? {
        decode(s, plusAsSpace: false)
    }

    /// Decodes `%XX` sequences, optionally turning `+` into a space (form encoding).
    public static func decode(_ s: String, plusAsSpace: Bool) -> String? {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
            return s
        }
        let input = Array(s.utf8)
        var out = [UInt8]()
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let c = input[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < input.count, let hi = Hex.value(input[i + 1]), let lo = Hex.value(input[i + 2]) else {
                    return nil
                }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(plusAsSpace && c == UInt8(ascii: "+") ? UInt8(ascii: " ") : c)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Unreserved bytes per RFC 3986.
    static func isUnreserved(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func encode(_ s: String, keepSlash: Bool) -> String {
        let utf8 = s.utf8
        if utf8.allSatisfy({ isUnreserved($0) || (keepSlash && $0 == UInt8(ascii: "/")) }) {
            return s
        }
        return encode(Array(utf8), keepSlash: keepSlash)
    }

    /// Every byte but the unreserved ones (and `/` with `keepSlash`) as `%XX`.
    private static func encode(_ bytes: [UInt8], keepSlash: Bool) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 3)
        for c in bytes {
            if isUnreserved(c) || (keepSlash && c == UInt8(ascii: "/")) {
                out.append(c)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(c >> 4)])
                out.append(hexDigits[Int(c & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
