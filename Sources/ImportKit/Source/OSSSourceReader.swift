import Foundation
import OSSClient
import OSSCore

/// Reads objects of an OSS source bucket: HEAD for the fingerprint, ranged GETs for the bytes.
struct OSSSourceReader: SourceReader {
    let client: OSSClient
    let source: RemoteBucketSource

    func key(_ entry: ScanEntry) -> String { source.prefix + String(decoding: entry.relativePath, as: UTF8.self) }

    func fingerprint(_ entry: ScanEntry) async throws -> SourceFingerprint {
        let key = key(entry)
        guard let info = try await Self.naming(source, client: client, { try await client.headObject(bucket: source.bucket, key: key) }) else {
            throw RemoteSourceError.deleted("oss://\(source.bucket)/\(key)")
        }
        return SourceFingerprint(
            size: info.size, mtimeNanos: info.lastModified.map { Int64($0.timeIntervalSince1970) * 1_000_000_000 } ?? 0,
            inode: 0, isRegularFile: true, version: info.etag)
    }

    /// The object's CRC-64 as OSS reports it (for server-side copy checks).
    func crc64(_ entry: ScanEntry) async throws -> UInt64? {
        try await client.headObject(bucket: source.bucket, key: key(entry))?.crc64
    }

    func body(_ entry: ScanEntry, offset: Int64, length: Int64, expected: SourceFingerprint) async throws -> ObjectBody {
        if length == 0 { return .empty }
        let key = key(entry)
        let whole = offset == 0 && length == expected.size
        let result: (info: OSSObjectInfo, body: [UInt8])
        do {
            result = try await client.getObject(
                bucket: source.bucket, key: key, range: whole ? nil : offset...(offset + length - 1),
                maxBytes: Int(length) + 1)
        } catch let error as OSSClientError where error.statusCode == 404 && error.serviceCode != "NoSuchBucket" {
            throw RemoteSourceError.deleted("oss://\(source.bucket)/\(key)")
        } catch let error as OSSClientError where error.statusCode == 416 {
            throw RemoteSourceError.changed(SourceChange(before: expected, after: .shorterThan(offset + length)))
        } catch let error as OSSClientError {
            throw Self.sourceError(error, source, client: client)
        }
        if let version = expected.version, result.info.etag != version {
            throw RemoteSourceError.changed(SourceChange(before: expected, after: .version(result.info.etag)))
        }
        guard Int64(result.body.count) == length else {
            throw RemoteSourceError.changed(
                SourceChange(before: expected, after: .received(Int64(result.body.count), expected: length, offset: offset)))
        }
        return .bytes(result.body)
    }

    /// Runs `body`; an error that says the source configuration is wrong (keys, bucket, endpoint) is rethrown as
    /// one line naming the `src…` keys to fix.
    static func naming<T>(_ source: RemoteBucketSource, client: OSSClient, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as OSSClientError {
            throw sourceError(error, source, client: client)
        }
    }

    static func sourceError(_ error: OSSClientError, _ source: RemoteBucketSource, client: OSSClient) -> any Error {
        let domain = "\(client.configuration.endpoint)"
        if let advice = ServiceErrorAdvice.message(for: error, side: .source, bucket: source.bucket, domain: domain) {
            return RemoteSourceError.failed(advice)
        }
        return error
    }
}
