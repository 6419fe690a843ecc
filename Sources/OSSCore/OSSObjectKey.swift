/// Object key rules checked before upload, so a bad key fails with a clear reason instead of an OSS error.
public enum OSSObjectKey {
    /// Maximum key length in UTF-8 bytes.
    public static let maxBytes = 1023

    /// The first problem with `key` (raw bytes, e.g. a file name as read from disk), or nil if OSS accepts it.
    public static func validate(_ key: [UInt8]) -> OSSKeyProblem? {
        if key.isEmpty { return .empty }
        if key.count > maxBytes { return .tooLong(bytes: key.count) }
        if key[0] == UInt8(ascii: "/") { return .leadingSlash }
        if key[0] == UInt8(ascii: "\\") { return .leadingBackslash }
        guard let text = String(validating: key, as: UTF8.self) else { return .notUTF8 }
        for scalar in text.unicodeScalars where !isAllowed(scalar.value) {
            return .controlCharacter
        }
        return nil
    }

    /// Validates a key given as a string.
    public static func validate(_ key: String) -> OSSKeyProblem? {
        validate(Array(key.utf8))
    }

    /// XML 1.0 `Char` minus LF and CR: tab, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
    private static func isAllowed(_ v: UInt32) -> Bool {
        v == 0x09 || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
    }
}

/// Why a key cannot be used as an OSS object name.
public enum OSSKeyProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    /// Longer than 1023 UTF-8 bytes.
    case tooLong(bytes: Int)
    case leadingSlash
    case leadingBackslash
    /// Not valid UTF-8 (e.g. a GBK file name).
    case notUTF8
    /// Contains LF, CR or a character XML 1.0 cannot carry.
    case controlCharacter

    public var description: String {
        switch self {
        case .empty: "object key is empty"
        case .tooLong(let bytes): "object key is \(bytes) bytes long; OSS allows at most \(OSSObjectKey.maxBytes) UTF-8 bytes"
        case .leadingSlash: "object key starts with '/'; OSS keys must not (check destPrefix)"
        case .leadingBackslash: "object key starts with '\\'; OSS keys must not"
        case .notUTF8: "object key is not valid UTF-8 (file name in another encoding such as GBK?)"
        case .controlCharacter: "object key contains a line break or control character that OSS rejects"
        }
    }
}
