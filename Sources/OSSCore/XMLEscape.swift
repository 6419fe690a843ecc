/// Escaping for XML text and attribute values.
public enum XMLEscape {
    /// Replaces `& < > " '` with entities. Control characters other than tab, LF and CR (not
    /// representable in XML 1.0) are written as numeric references so the output stays well-formed
    /// for our reader; OSS rejects such keys anyway.
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: needsEscape) else { return s }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "&"): out.append(contentsOf: Array("&amp;".utf8))
            case UInt8(ascii: "<"): out.append(contentsOf: Array("&lt;".utf8))
            case UInt8(ascii: ">"): out.append(contentsOf: Array("&gt;".utf8))
            case UInt8(ascii: "\""): out.append(contentsOf: Array("&quot;".utf8))
            case UInt8(ascii: "'"): out.append(contentsOf: Array("&apos;".utf8))
            case let control where control < 0x20 && control != 0x09 && control != 0x0A && control != 0x0D:
                out.append(contentsOf: Array("&#\(control);".utf8))
            default: out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscape(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "&") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">") || c == UInt8(ascii: "\"")
            || c == UInt8(ascii: "'") || (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D)
    }
}

/// Builds small XML documents (request bodies, local-server responses) with escaping done for you.
public struct XMLWriter: Sendable {
    /// The document so far.
    public private(set) var text: String

    /// Starts a document with the `<?xml version="1.0" encoding="UTF-8"?>` declaration.
    public init(declaration: Bool = true) {
        text = declaration ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
    }

    /// Opens `<name>`.
    public mutating func open(_ name: String) {
        text += "<\(name)>"
    }

    /// Closes `</name>`.
    public mutating func close(_ name: String) {
        text += "</\(name)>"
    }

    /// Writes `<name>escaped value</name>`.
    public mutating func element(_ name: String, _ value: String) {
        text += "<\(name)>\(XMLEscape.escape(value))</\(name)>"
    }

    /// Writes `<name>` ... `</name>` around whatever `body` writes.
    public mutating func element(_ name: String, _ body: (inout XMLWriter) -> Void) {
        open(name)
        body(&self)
        close(name)
    }

    /// The document as UTF-8 bytes.
    public var bytes: [UInt8] { Array(text.utf8) }
}
