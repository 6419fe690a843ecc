/// Percent-encoding for `encoding-type=url` responses: everything but `A-Za-z0-9-_.~` and `/`
/// becomes `%XX` (spaces `%20`), which both Python's `unquote` and Go's `QueryUnescape` decode.
enum URLEncoding {
    private static let digits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func encode(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(c)
            default:
                out += [UInt8(ascii: "%"), digits[Int(c >> 4)], digits[Int(c & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
