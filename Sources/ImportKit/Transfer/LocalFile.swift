import OSSClient

/// A local source file as one transfer sees it: its path and whether a symbolic link to it is followed.
struct LocalFile: Sendable {
    let path: String
    let follow: Bool

    /// Size, mtime and inode now, checking a regular file can be opened for reading; throws ``SystemError``.
    func readableFingerprint() async throws -> SourceFingerprint {
        try await BlockingIO.run { [path, follow] () throws -> SourceFingerprint in
            let fingerprint = try SourceFingerprint.read(path, follow: follow)
            if fingerprint.isRegularFile { try SourceFingerprint.checkReadable(path) }
            return fingerprint
        }
    }

    /// Size, mtime and inode now; `nil` when the file is gone or cannot be read.
    func currentFingerprint() async -> SourceFingerprint? {
        try? await BlockingIO.run { [path, follow] in try SourceFingerprint.read(path, follow: follow) }
    }
}

/// A local file changed while it was transferred (the ``RetryPolicy`` of the changed-source level tries it again).
struct LocalSourceChanged: Error {
    let before: SourceFingerprint
    /// `nil`: deleted.
    let after: SourceFingerprint?
    let attempt: Int
}

extension JobSettings {
    /// The changed-source retry level: `changedFileAttempts` tries, 400 ms, 600 ms, … apart.
    var changedSourceRetry: RetryPolicy {
        RetryPolicy(maxAttempts: changedFileAttempts, baseDelay: .milliseconds(200), backoff: .linear)
    }
}
