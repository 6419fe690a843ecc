import CRC64
import OSSClient

/// The source side of one file's audit: its current fingerprint and the CRC-64 of its bytes, from a local file
/// or through a remote source's reader (oss, s3, http).
struct AuditSource: Sendable {
    /// Current size and mtime; throws ``SystemError`` or ``RemoteSourceError`` when the source is gone or unreadable.
    let fingerprint: @Sendable () async throws -> SourceFingerprint
    /// CRC-64 of the source's bytes, given the fingerprint just read.
    let crc64: @Sendable (SourceFingerprint) async throws -> UInt64

    /// A local file, read on an I/O thread.
    static func local(path: String, follow: Bool, reader: AuditSourceReader = AuditSourceReader()) -> AuditSource {
        AuditSource(
            fingerprint: { try await BlockingIO.run { try reader.fingerprint(path: path, follow: follow) } },
            crc64: { source in try await BlockingIO.run { try reader.crc64(path: path, length: source.size) } })
    }

    /// An object or URL of a remote source, read part by part (8 MiB at a time, never whole in memory).
    static func remote(_ entry: ScanEntry, reader: any SourceReader, partSize: Int64 = 8 << 20) -> AuditSource {
        AuditSource(
            fingerprint: { try await reader.fingerprint(entry) },
            crc64: { source in
                var crc = CRC64()
                if source.size < 0 {
                    try Self.update(&crc, with: try await reader.body(entry, offset: 0, length: -1, expected: source))
                    return crc.value
                }
                var offset: Int64 = 0
                while offset < source.size {
                    let length = min(partSize, source.size - offset)
                    try Self.update(&crc, with: try await reader.body(entry, offset: offset, length: length, expected: source))
                    offset += length
                }
                return crc.value
            })
    }

    private static func update(_ crc: inout CRC64, with body: ObjectBody) throws {
        switch body {
        case .empty:
            break
        case .bytes(let bytes):
            crc.update(bytes)
        case .file(let path, let offset, let length):
            var local = crc
            try FileReader.forEachChunk(path: path, offset: offset, length: length) { local.update($0) }
            crc = local
        }
    }
}
