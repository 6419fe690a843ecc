import CurlHTTP

/// The bytes of an object or part to write: nothing, bytes in memory, or a range of a local file read while it is
/// sent (never loaded whole). Every case can be read again from its start, so a request can be retried.
///
/// The engine's body type: source readers return it and ``ObjectDestination`` takes it, so nothing above the client
/// depends on the HTTP layer's types.
public enum ObjectBody: Sendable, Equatable {
    case empty
    case bytes([UInt8])
    /// `length` bytes of the file at `path` from `offset`. A file that holds fewer bytes when it is read fails the
    /// request with ``OSSClientError/sourceBodyFailure`` `.changed`.
    case file(path: String, offset: Int64, length: Int64)

    /// Bytes the body holds.
    public var length: Int64 { http.length }

    var http: HTTPBody {
        switch self {
        case .empty: .empty
        case .bytes(let bytes): .bytes(bytes)
        case .file(let path, let offset, let length): .file(path: path, offset: offset, length: length)
        }
    }
}
