import OSSClient

/// A local source directory as one more ``SourceReader``: the fingerprint is a `stat` (size, mtime, inode), the
/// body a range of the file, read while it is sent (never loaded into memory). Blocking calls run on
/// ``BlockingIO``. Errors are ``SystemError`` (deleted, permission denied, ...).
struct LocalSourceReader: SourceReader {
    /// `srcPrefix`: the absolute source directory ending with `/`.
    let srcPrefix: String

    /// The file's path: `srcPrefix` + the entry's relative path.
    func path(_ entry: ScanEntry) -> String { srcPrefix + String(decoding: entry.relativePath, as: UTF8.self) }

    /// Size, mtime and inode now (a symbolic link is followed when the scan did), checking a regular file can be
    /// opened for reading.
    func fingerprint(_ entry: ScanEntry) async throws -> SourceFingerprint {
        let (path, follow) = (path(entry), entry.kind == .symlinkedFile)
        return try await BlockingIO.run { () throws -> SourceFingerprint in
            let fingerprint = try SourceFingerprint.read(path, follow: follow)
            if fingerprint.isRegularFile { try SourceFingerprint.checkReadable(path) }
            return fingerprint
        }
    }

    /// Size, mtime and inode now; `nil` when the file is gone or cannot be read.
    func currentFingerprint(_ entry: ScanEntry) async -> SourceFingerprint? {
        let (path, follow) = (path(entry), entry.kind == .symlinkedFile)
        return try? await BlockingIO.run { try SourceFingerprint.read(path, follow: follow) }
    }

    /// `length` bytes from `offset`, as a file range the transport reads while sending; a file that no longer
    /// holds them fails the request with ``SourceBodyFailure/changed``.
    func body(_ entry: ScanEntry, offset: Int64, length: Int64, expected: SourceFingerprint) async throws -> ObjectBody {
        length == 0 ? .empty : .file(path: path(entry), offset: offset, length: length)
    }
}

extension JobSettings {
    /// The changed-source retry level: `changedFileAttempts` tries, 400 ms, 600 ms, … apart.
    var changedSourceRetry: RetryPolicy {
        RetryPolicy(maxAttempts: changedFileAttempts, baseDelay: .milliseconds(200), backoff: .linear)
    }
}
