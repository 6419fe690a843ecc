/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Order is kept as added (it matters for logs and tests, not for signing, which sorts).
public struct OSSHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// Empty headers.
    public init() {
        fields = []
    }

    /// Headers from `(name, value)` pairs, in order.
    public init(_ fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The number of fields (duplicates counted).
    public var count: Int { fields.count }

    /// The first value whose name equals `name` ignoring ASCII case. Setting replaces the first such field
    /// and removes the others (appends if absent); setting nil removes all of them.
    public subscript(name: String) -> String? {
        get { fields.first { Self.equalIgnoringCase($0.name, name) }?.value }
        set {
            guard let newValue else {
                remove(name)
                return
            }
            if let index = fields.firstIndex(where: { Self.equalIgnoringCase($0.name, name) }) {
                fields[index].value = newValue
                var i = fields.count - 1
                while i > index {
                    if Self.equalIgnoringCase(fields[i].name, name) { fields.remove(at: i) }
                    i -= 1
                }
            } else {
                fields.append((name: name, value: newValue))
            }
        }
    }

    /// All values whose name equals `name` ignoring case, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.equalIgnoringCase($0.name, name) }.map(\.value)
    }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field named `name` (ignoring case).
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.equalIgnoringCase($0.name, name) }
    }

    /// Whether a field named `name` (ignoring case) exists.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.equalIgnoringCase($0.name, name) }
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// `Name: value` lines; Authorization and security token values are redacted.
    public var description: String {
        fields.map { field in
            let lower = OSSHeaders.lowercased(field.name)
            let redacted = lower == "authorization" || lower == "x-oss-security-token"
            return "\(field.name): \(redacted ? "<redacted>" : field.value)"
        }.joined(separator: "\n")
    }

    /// ASCII case-insensitive equality without allocating.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (c, d) in zip(x, y) where c != d {
            if lowerASCII(c) != lowerASCII(d) { return false }
        }
        return true
    }

    /// ASCII lower-casing (header names are ASCII; non-ASCII bytes are left alone).
    static func lowercased(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return s }
        return String(decoding: s.utf8.map(lowerASCII), as: UTF8.self)
    }

    private static func lowerASCII(_ c: UInt8) -> UInt8 {
        (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
    }
}
