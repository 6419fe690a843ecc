/// The body of an HTTP request. Every case can be re-read from the start, so curl can rewind it.
public enum HTTPBody: Sendable, Equatable {
    /// No body (Content-Length 0 for PUT/POST).
    case empty
    /// Bytes held in memory.
    case bytes([UInt8])
    /// `length` bytes of the file at `path` starting at `offset`, read with `pread` while sending; the file is
    /// never loaded into memory. If the file holds fewer bytes than that range, the transfer fails with `.sourceChanged`.
    case file(path: String, offset: Int64, length: Int64)

    /// Number of bytes the body sends.
    public var length: Int64 {
        switch self {
        case .empty: 0
        case .bytes(let bytes): Int64(bytes.count)
        case .file(_, _, let length): length
        }
    }
}
