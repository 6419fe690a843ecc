import CRC64

/// Reads the source side of an audit: the file's current size and mtime, and its CRC-64.
///
/// The one seam between the auditor and the source: it takes the local path the engine would upload from.
/// Remote sources (oss, s3, http) can provide the same two answers from their own listing and a streamed GET.
struct AuditSourceReader: Sendable {
    /// Current size and mtime (nanoseconds) of the source; throws ``SystemError`` when it is gone or unreadable.
    /// Blocking: call from ``BlockingIO``.
    func fingerprint(path: String, follow: Bool) throws(SystemError) -> SourceFingerprint {
        try SourceFingerprint.read(path, follow: follow)
    }

    /// CRC-64/ECMA of the first `length` bytes of the file. Blocking: call from ``BlockingIO``.
    func crc64(path: String, length: Int64) throws(SystemError) -> UInt64 {
        var crc = CRC64()
        try FileReader.forEachChunk(path: path, offset: 0, length: length) { crc.update($0) }
        return crc.value
    }
}
