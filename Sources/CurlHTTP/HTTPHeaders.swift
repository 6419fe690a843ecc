/// An ordered list of HTTP header fields. Names compare case-insensitively (ASCII); order and duplicates are kept.
public struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (name: String, value: String)

    private var fields: [Element] = []

    /// Creates an empty header list.
    public init() {}

    /// Creates a header list from `(name, value)` pairs, in order.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Number of fields, duplicates included.
    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// The first value for `name` (case-insensitive). Setting replaces every field of that name with a single one
    /// (appended at the end if none existed); setting `nil` removes them.
    public subscript(name: String) -> String? {
        get { first(name: name) }
        set {
            guard let newValue else {
                remove(name: name)
                return
            }
            if let index = fields.firstIndex(where: { Self.equalNames($0.name, name) }) {
                fields[index].value = newValue
                var next = index + 1
                while next < fields.count {
                    if Self.equalNames(fields[next].name, name) { fields.remove(at: next) } else { next += 1 }
                }
            } else {
                fields.append((name: name, value: newValue))
            }
        }
    }

    /// Appends a field, keeping any existing field with the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field named `name` (case-insensitive).
    public mutating func remove(name: String) {
        fields.removeAll { Self.equalNames($0.name, name) }
    }

    /// The first value for `name` (case-insensitive), or nil.
    public func first(name: String) -> String? {
        fields.first { Self.equalNames($0.name, name) }?.value
    }

    /// Every value for `name` (case-insensitive), in order.
    public func values(name: String) -> [String] {
        fields.filter { Self.equalNames($0.name, name) }.map(\.value)
    }

    /// True when at least one field is named `name` (case-insensitive).
    public func contains(name: String) -> Bool {
        fields.contains { Self.equalNames($0.name, name) }
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { equalNames($0.name, $1.name) && $0.value == $1.value }
    }

    /// One `Name: value` per line. Values of credential-bearing headers are redacted.
    public var description: String {
        fields.map { field in
            let redacted = Self.sensitiveNames.contains { Self.equalNames($0, field.name) }
            return "\(field.name): \(redacted ? "<redacted>" : field.value)"
        }.joined(separator: "\n")
    }

    private static let sensitiveNames = ["Authorization", "Proxy-Authorization", "x-oss-security-token", "Cookie"]

    /// ASCII case-insensitive comparison without allocating.
    static func equalNames(_ a: String, _ b: String) -> Bool {
        var ia = a.utf8.makeIterator()
        var ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil):
                return true
            case let (ca?, cb?):
                if ca != cb && lower(ca) != lower(cb) { return false }
            default:
                return false
            }
        }
    }

    private static func lower(_ c: UInt8) -> UInt8 {
        (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
    }
}
