import CurlHTTP

/// Reads a remote source's entries for upload: what version is there now, and its bytes part by part.
protocol SourceReader: Sendable {
    /// The source's current size, mtime and version (ETag). A size of `-1` means the source cannot say
    /// before the body is read (a URL whose server answers no `HEAD`).
    func fingerprint(_ entry: ScanEntry) async throws -> SourceFingerprint

    /// `length` bytes from `offset` of the version `expected` describes (`length == -1`: the whole body, unknown
    /// size). Throws ``RemoteSourceError/changed(_:)`` when the source is no longer that version.
    func body(_ entry: ScanEntry, offset: Int64, length: Int64, expected: SourceFingerprint) async throws -> HTTPBody

    /// The most bytes one whole-body read may hold (without ranged reads); `nil` when ranged reads work.
    var wholeBodyLimit: Int64? { get }
}

extension SourceReader {
    public var wholeBodyLimit: Int64? { nil }
}

/// Why a remote source could not be read.
enum RemoteSourceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The object or URL no longer exists.
    case deleted(String)
    /// The source is no longer the version first seen (ETag or size differs), or it sent fewer/more bytes than
    /// it announced: tried again, then `SIZE_NOT_MATCH`.
    case changed(String)
    /// Any other failure, with the source's words.
    case failed(String)

    public var description: String {
        switch self {
        case .deleted(let what): return "source deleted: \(what) no longer exists"
        case .changed(let detail): return FailureCode.sizeNotMatch.detail(detail)
        case .failed(let detail): return "cannot read source: \(detail)"
        }
    }

    /// The words of a `.changed` error (without the `SIZE_NOT_MATCH` label).
    var changeDetail: String {
        if case .changed(let detail) = self { return detail }
        return description
    }

    var isChange: Bool {
        if case .changed = self { return true }
        return false
    }
}

/// Remote bodies in memory: parts are at most this large, and bigger objects always go multipart.
public enum RemoteSourceLimits {
    public static let maxPartBytes: Int64 = 8 << 20
    /// All remote bodies held at once, across files.
    public static let budgetBytes: Int64 = 256 << 20
}
