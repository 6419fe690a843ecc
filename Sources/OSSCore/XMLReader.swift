/// A small non-validating XML parser for OSS responses (no FoundationXML).
///
/// Handles the `<?xml ...?>` prolog, comments, DOCTYPE (skipped), attributes, self-closing tags, CDATA and
/// the entities `&lt; &gt; &amp; &quot; &apos; &#NN; &#xNN;`. Iterative, so deep nesting cannot overflow the stack.
public enum XMLReader {
    /// Parses a document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws(XMLParseError) -> XMLElement {
        var parser = XMLByteParser(bytes)
        return try parser.parseDocument()
    }

    /// Parses a UTF-8 string.
    public static func parse(_ string: String) throws(XMLParseError) -> XMLElement {
        try parse(Array(string.utf8))
    }
}

/// The cursor and element stack behind `XMLReader`.
struct XMLByteParser {
    private struct Open {
        var name: String
        var attributes: [String: String]
        var text: [UInt8] = []
        var children: [XMLElement] = []
    }

    private let bytes: [UInt8]
    private var pos = 0
    private var stack: [Open] = []
    private var root: XMLElement?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
    }

    mutating func parseDocument() throws(XMLParseError) -> XMLElement {
        while pos < bytes.count {
            if bytes[pos] == UInt8(ascii: "<") {
                try parseMarkup()
            } else {
                try parseText()
            }
        }
        if let open = stack.last { throw fail("unclosed element <\(open.name)>") }
        guard let root else { throw fail("no root element") }
        return root
    }

    // MARK: - Markup

    private mutating func parseMarkup() throws(XMLParseError) {
        if has("<?") {
            try skip(past: "?>", what: "processing instruction")
        } else if has("<!--") {
            try skip(past: "-->", what: "comment")
        } else if has("<![CDATA[") {
            pos += 9
            let start = pos
            guard let end = find("]]>") else { throw fail("unterminated CDATA section") }
            try appendText(bytes[start..<end])
            pos = end + 3
        } else if has("<!") {
            try skipDeclaration()
        } else if has("</") {
            try parseEndTag()
        } else {
            try parseStartTag()
        }
    }

    private mutating func parseStartTag() throws(XMLParseError) {
        if root != nil && stack.isEmpty { throw fail("content after the root element") }
        pos += 1
        let name = try readName()
        var attributes: [String: String] = [:]
        while true {
            skipSpaces()
            guard pos < bytes.count else { throw fail("unterminated start tag <\(name)>") }
            if bytes[pos] == UInt8(ascii: ">") {
                pos += 1
                stack.append(Open(name: name, attributes: attributes))
                return
            }
            if has("/>") {
                pos += 2
                close(XMLElement(name: name, attributes: attributes))
                return
            }
            let attribute = try readName()
            skipSpaces()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "=") else { throw fail("attribute \(attribute) has no value") }
            pos += 1
            skipSpaces()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'") else {
                throw fail("attribute \(attribute) value is not quoted")
            }
            let quote = bytes[pos]
            pos += 1
            let start = pos
            while pos < bytes.count, bytes[pos] != quote { pos += 1 }
            guard pos < bytes.count else { throw fail("unterminated attribute value") }
            attributes[attribute] = String(decoding: try XMLEntities.decode(bytes[start..<pos], at: start), as: UTF8.self)
            pos += 1
        }
    }

    private mutating func parseEndTag() throws(XMLParseError) {
        pos += 2
        let name = try readName()
        skipSpaces()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: ">") else { throw fail("malformed end tag </\(name)") }
        pos += 1
        guard let open = stack.popLast() else { throw fail("unexpected end tag </\(name)>") }
        guard open.name == name else { throw fail("end tag </\(name)> does not match <\(open.name)>") }
        close(XMLElement(
            name: open.name, attributes: open.attributes, text: String(decoding: open.text, as: UTF8.self),
            children: open.children))
    }

    private mutating func close(_ element: XMLElement) {
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    // MARK: - Text

    private mutating func parseText() throws(XMLParseError) {
        let start = pos
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "<") { pos += 1 }
        try appendText(bytes[start..<pos], decode: true, offset: start)
    }

    private mutating func appendText(_ text: ArraySlice<UInt8>, decode: Bool = false, offset: Int = 0) throws(XMLParseError) {
        guard !stack.isEmpty else {
            if text.allSatisfy(Self.isSpace) { return }
            throw fail("text outside the root element")
        }
        let value = decode ? try XMLEntities.decode(text, at: offset) : Array(text)
        stack[stack.count - 1].text.append(contentsOf: value)
    }

    // MARK: - Helpers

    private mutating func skipDeclaration() throws(XMLParseError) {
        var depth = 0
        while pos < bytes.count {
            let c = bytes[pos]
            pos += 1
            if c == UInt8(ascii: "[") { depth += 1 }
            if c == UInt8(ascii: "]") { depth -= 1 }
            if c == UInt8(ascii: ">") && depth <= 0 { return }
        }
        throw fail("unterminated declaration")
    }

    private mutating func readName() throws(XMLParseError) -> String {
        let start = pos
        while pos < bytes.count {
            let c = bytes[pos]
            if Self.isSpace(c) || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=") { break }
            pos += 1
        }
        guard pos > start else { throw fail("expected a name") }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func skip(past marker: String, what: String) throws(XMLParseError) {
        guard let end = find(marker) else { throw fail("unterminated \(what)") }
        pos = end + marker.utf8.count
    }

    private func has(_ prefix: String) -> Bool {
        var i = pos
        for c in prefix.utf8 {
            guard i < bytes.count, bytes[i] == c else { return false }
            i += 1
        }
        return true
    }

    private func find(_ marker: String) -> Int? {
        let m = Array(marker.utf8)
        var i = pos
        while i + m.count <= bytes.count {
            if bytes[i] == m[0] && bytes[i..<(i + m.count)].elementsEqual(m) { return i }
            i += 1
        }
        return nil
    }

    private mutating func skipSpaces() {
        while pos < bytes.count, Self.isSpace(bytes[pos]) { pos += 1 }
    }

    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    private func fail(_ message: String) -> XMLParseError {
        XMLParseError(offset: pos, message: message)
    }
}
