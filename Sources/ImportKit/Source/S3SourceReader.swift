import CurlHTTP
import Foundation
import OSSCore

/// Reads objects of an S3-compatible source: HEAD for the fingerprint, ranged `If-Match` GETs for the bytes.
struct S3SourceReader: SourceReader {
    let client: S3Client
    let source: RemoteBucketSource

    func key(_ entry: ScanEntry) -> String { source.prefix + String(decoding: entry.relativePath, as: UTF8.self) }

    func fingerprint(_ entry: ScanEntry) async throws -> SourceFingerprint {
        let key = key(entry)
        guard let response = try await client.head(key: key) else { throw RemoteSourceError.deleted("s3://\(source.bucket)/\(key)") }
        guard let size = response.headers["Content-Length"].flatMap({ Int64($0) }) else {
            throw RemoteSourceError.failed("HEAD s3://\(source.bucket)/\(key) sent no Content-Length")
        }
        let modified = response.headers["Last-Modified"].flatMap(HTTPDate.parseRFC1123)
        return SourceFingerprint(
            size: size, mtimeNanos: modified.map { Int64($0.timeIntervalSince1970) * 1_000_000_000 } ?? entry.mtimeNanos,
            inode: 0, isRegularFile: true, version: response.headers["ETag"])
    }

    func body(_ entry: ScanEntry, offset: Int64, length: Int64, expected: SourceFingerprint) async throws -> HTTPBody {
        if length == 0 { return .empty }
        let key = key(entry)
        let whole = offset == 0 && length == expected.size
        let response = try await client.get(
            key: key, range: whole ? nil : offset...(offset + length - 1), ifMatch: expected.version, maxBytes: Int(length) + 1)
        if let version = expected.version, let etag = response.headers["ETag"], etag != version {
            throw RemoteSourceError.changed("source changed (etag before: \(version); now: \(etag))")
        }
        guard Int64(response.body.count) == length else {
            throw RemoteSourceError.changed("expected \(length) bytes from offset \(offset), received \(response.body.count)")
        }
        return .bytes(response.body)
    }
}
