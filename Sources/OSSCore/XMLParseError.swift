/// Malformed XML: what went wrong and the byte offset where it was noticed.
public struct XMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "malformed XML at byte \(offset): \(message)" }
}
