/// An object key as raw UTF-8 bytes. OSS orders keys by byte value and treats canonically
/// equivalent Unicode strings as different keys, so `String` (which compares canonically) is
/// not used as the index key.
struct ObjectKey: Hashable, Comparable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ string: String) { self.bytes = Array(string.utf8) }

    /// The key as text (keys are validated UTF-8 before they reach the index).
    var string: String { String(decoding: bytes, as: UTF8.self) }

    static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    func hasPrefix(_ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes.starts(with: prefix)
    }
}
