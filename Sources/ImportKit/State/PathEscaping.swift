/// Relative paths are raw bytes from the file system. In state files they are stored on one line:
/// `%`, control characters, and (when the name is not valid UTF-8) every byte >= 0x80 are written as `%XX`.
enum PathEscaping {
    public static func escape(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { escape($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the escaped form of `bytes` to `out` (see ``escape(_:)``).
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "%") }) {
            out.append(contentsOf: bytes)  // printable ASCII without `%`: nothing to escape (most names and details)
            return
        }
        let validUTF8 = bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
        for byte in bytes {
            if byte == UInt8(ascii: "%") || byte < 0x20 || byte == 0x7F || (!validUTF8 && byte >= 0x80) {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            } else {
                out.append(byte)
            }
        }
    }

    public static func unescape(_ text: Substring) -> [UInt8]? {
        var text = String(text)
        return text.withUTF8 { unescape(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes that ``escape(_:)`` wrote as `escaped`; `nil` when a `%` is not followed by two hex digits.
    static func unescape(_ escaped: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(escaped.count)
        var index = 0
        while index < escaped.count {
            let byte = escaped[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < escaped.count, let high = hexValue(escaped[index + 1]), let low = hexValue(escaped[index + 2])
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

    /// The byte ranges of the TAB-separated fields of one state-file line (its escaped fields hold no TAB);
    /// `nil` when it has more than `limit` fields.
    static func tabSeparatedFields(_ line: UnsafeRawBufferPointer, atMost limit: Int) -> [Range<Int>]? {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(min(limit, 8))
        var start = 0
        for position in 0..<line.count where line[position] == 0x09 {
            fields.append(start..<position)
            start = position + 1
            if fields.count == limit { return nil }
        }
        fields.append(start..<line.count)
        return fields
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? value + UInt8(ascii: "0") : value - 10 + UInt8(ascii: "A")
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
