/// How a source (remote, or a local file) was seen to differ from the version its transfer began with: the fingerprint it began with
/// and what was observed instead. The words of `SIZE_NOT_MATCH` in `audit.log` are made here, from the values.
struct SourceChange: Sendable, Equatable, CustomStringConvertible {
    /// What was observed instead of `before`.
    enum Observation: Sendable, Equatable {
        /// The ETag now.
        case version(String)
        /// A ranged read past the end (416): the source holds fewer than this many bytes.
        case shorterThan(Int64)
        /// The bytes received for a read of `expected` bytes from `offset`.
        case received(Int64, expected: Int64, offset: Int64)
        /// A body whose length differs from its own `Content-Length`.
        case announced(contentLength: Int64, received: Int64)
        /// A read pinned to the listed version was refused (S3 `If-Match`: 412, or 416).
        case notAsListed(status: Int)
        /// A read was refused with 412 or 416 (HTTP list sources).
        case status(Int)
        /// The connection ended before the body did; the transport's words.
        case endedEarly(String)
        /// A server-side copy whose CRC-64 is not the source's.
        case copied(crc64: UInt64, sourceCRC64: UInt64)
        /// A local file whose size, mtime or inode differ after (or during) its upload; `nil`: deleted.
        case duringUpload(SourceFingerprint?)
    }

    /// The version the transfer began with (size, Last-Modified, ETag); `nil` where the reader does not know it.
    var before: SourceFingerprint?
    var after: Observation
    /// The object or URL, for the observations whose words name it.
    var source: String?

    init(before: SourceFingerprint?, after: Observation, source: String? = nil) {
        self.before = before
        self.after = after
        self.source = source
    }

    var description: String {
        let named = source ?? "source"
        switch after {
        case .version(let now):
            return "\(named) changed (etag before: \(before?.version ?? "unknown"); now: \(now))"
        case .shorterThan(let bytes):
            return "source shrank below \(bytes) bytes (was \(before.map { "\($0)" } ?? "unknown"))"
        case .received(let received, let expected, let offset):
            let words = "expected \(expected) bytes from offset \(offset), received \(received)"
            return source.map { "\($0): \(words)" } ?? words
        case .announced(let contentLength, let received):
            return "\(named) announced Content-Length \(contentLength), received \(received) bytes"
        case .notAsListed(let status):
            return "\(named) changed since it was listed (HTTP \(status))"
        case .status(let status):
            return "\(named) changed (HTTP \(status))"
        case .endedEarly(let words):
            return "GET \(named) ended early (fewer bytes than Content-Length): \(words)"
        case .copied(let crc64, let sourceCRC64):
            return "server-side copy CRC-64 \(crc64) differs from the source's \(sourceCRC64) (source changed?)"
        case .duringUpload(let now):
            let beforeText = before.map { "\($0)" } ?? "unknown"
            return "source changed during upload (before: \(beforeText); after: \(now.map { "\($0)" } ?? "deleted"))"
        }
    }
}
