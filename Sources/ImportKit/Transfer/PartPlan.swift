/// How a large file is cut into multipart parts: the configured part size, grown so that no file needs
/// more than 10,000 parts, and never below OSS's 100 KiB minimum.
public struct PartPlan: Sendable, Equatable {
    public static let maxParts: Int64 = 10_000
    public static let minPartSize: Int64 = 100 * 1024
    public static let maxPartSize: Int64 = 5 << 30

    public var size: Int64
    public var partSize: Int64

    public init(size: Int64, requestedPartSize: Int64) {
        self.size = size
        var partSize = max(requestedPartSize, Self.minPartSize)
        let needed = (size + Self.maxParts - 1) / Self.maxParts
        if needed > partSize {
            // Round up to a whole MiB for tidy parts.
            partSize = (needed + (1 << 20) - 1) / (1 << 20) * (1 << 20)
        }
        self.partSize = min(partSize, Self.maxPartSize)
    }

    public var partCount: Int { size == 0 ? 1 : Int((size + partSize - 1) / partSize) }

    /// Offset and length of part `number` (1-based).
    public func range(ofPart number: Int) -> (offset: Int64, length: Int64) {
        let offset = Int64(number - 1) * partSize
        return (offset, min(partSize, size - offset))
    }
}
