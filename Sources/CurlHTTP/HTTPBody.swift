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

/// How the transport looks at a `.file` body's file again once a 2xx response has arrived
/// (``HTTPRequest/recheckBodyFile``): `stat` follows a symbolic link, `lstat` does not.
public enum BodyFileRecheck: Sendable, Equatable {
    case stat
    case lstat
}

/// A `.file` body's file as the transport saw it right after the 2xx response (``HTTPResponse/bodyFileAfter``).
public struct BodyFileStatus: Sendable, Equatable {
    /// Bytes.
    public var size: Int64
    /// Modification time, nanoseconds since the Unix epoch.
    public var mtimeNanos: Int64
    public var inode: UInt64
    public var isRegularFile: Bool

    public init(size: Int64, mtimeNanos: Int64, inode: UInt64, isRegularFile: Bool) {
        self.size = size
        self.mtimeNanos = mtimeNanos
        self.inode = inode
        self.isRegularFile = isRegularFile
    }
}

extension BodyFileStatus {
    /// The file at `path` now (`stat`, or `lstat` for a link itself); `nil` when it cannot be stat'ed.
    public init?(path: String, _ recheck: BodyFileRecheck) {
        guard let status = CurlTransfer.status(of: path, recheck) else { return nil }
        self = status
    }
}
