/// Relative paths are raw bytes from the file system. In state files they are stored on one line:
/// `%`, control characters, and (when the name is not valid UTF-8) every byte >= 0x80 are written as `%XX`.
enum PathEscaping {
    public static func escape(_ bytes: [UInt8]) -> String {
        let validUTF8 = String(validating: bytes, as: UTF8.self) != nil
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let digits = Array("0123456789ABCDEF".utf8)
        for byte in bytes {
            if byte == UInt8(ascii: "%") || byte < 0x20 || byte == 0x7F || (!validUTF8 && byte >= 0x80) {
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func unescape(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < utf8.count, let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// Bytes as text for messages: valid UTF-8 as is, otherwise escaped.
    public static func display(_ bytes: [UInt8]) -> String {
        String(validating: bytes, as: UTF8.self) ?? escape(bytes)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

extension PathEscaping {
    /// How a path is written in `error.list` and `audit.log`: one line, readable, unambiguous. `%` is written as
    /// `%25`, control characters (newline, tab, ...) as `%XX`, and a name that is not UTF-8 has every byte >= 0x80
    /// as `%XX`; all else as is. So a newline in a name prints `%0A` while a name really containing the three
    /// characters `%0A` prints `%250A`, and ``unescape(_:)`` gives back the exact bytes.
    public static func listLine(_ bytes: [UInt8]) -> String {
        escape(bytes)
    }
}
