import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import S3Compatible

/// Reads objects of an S3-compatible source: HEAD for the fingerprint, ranged `If-Match` GETs for the bytes.
struct S3SourceReader: SourceReader {
    let client: S3Client
    let source: RemoteBucketSource

    func key(_ entry: ScanEntry) -> String { source.prefix + String(decoding: entry.relativePath, as: UTF8.self) }

    func fingerprint(_ entry: ScanEntry) async throws -> SourceFingerprint {
        let key = key(entry)
        guard let response = try await Self.naming(client, { try await client.head(key: key) }) else {
            throw RemoteSourceError.deleted("s3://\(source.bucket)/\(key)")
        }
        guard let size = response.headers["Content-Length"].flatMap({ Int64($0) }) else {
            throw RemoteSourceError.failed("HEAD s3://\(source.bucket)/\(key) sent no Content-Length")
        }
        let modified = response.headers["Last-Modified"].flatMap(HTTPDate.parseRFC1123)
        return SourceFingerprint(
            size: size, mtimeNanos: modified.map { Int64($0.timeIntervalSince1970) * 1_000_000_000 } ?? entry.mtimeNanos,
            inode: 0, isRegularFile: true, version: response.headers["ETag"])
    }

    func body(_ entry: ScanEntry, offset: Int64, length: Int64, expected: SourceFingerprint) async throws -> ObjectBody {
        if length == 0 { return .empty }
        let key = key(entry)
        let whole = offset == 0 && length == expected.size
        let response = try await Self.naming(client) {
            try await client.get(
                key: key, range: whole ? nil : offset...(offset + length - 1), ifMatch: expected.version, maxBytes: Int(length) + 1)
        }
        if let version = expected.version, let etag = response.headers["ETag"], etag != version {
            throw RemoteSourceError.changed(SourceChange(before: expected, after: .version(etag)))
        }
        guard Int64(response.body.count) == length else {
            throw RemoteSourceError.changed(
                SourceChange(before: expected, after: .received(Int64(response.body.count), expected: length, offset: offset)))
        }
        return .bytes(response.body)
    }

    /// Runs `body`; an S3 error answer is rethrown as a ``RemoteSourceError``: a version that moved (412, 416) as a
    /// change, a missing object as deleted, wrong keys, bucket or region as one line naming the `src…` keys to fix.
    static func naming<T>(_ client: S3Client, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let answer as S3ErrorAnswer {
            throw sourceError(answer, domain: "\(client.endpoint)")
        }
    }

    static func sourceError(_ answer: S3ErrorAnswer, domain: String) -> RemoteSourceError {
        if answer.operation == "GetObject" && (answer.status == 412 || answer.status == 416) {
            return .changed(SourceChange(before: nil, after: .notAsListed(status: answer.status), source: answer.target))
        }
        if answer.status == 404 && answer.key != nil && answer.code != "NoSuchBucket" { return .deleted(answer.target) }
        // Keys, bucket or region wrong: name the src… keys (an AccessDenied on one object stays that object's).
        if answer.key == nil || answer.code != "AccessDenied" {
            let advice = ServiceErrorAdvice.Answer(
                status: answer.status, code: answer.code, message: answer.message, requestId: answer.requestId,
                endpoint: answer.endpoint)
            if let message = ServiceErrorAdvice.message(
                for: advice, side: .source, bucket: answer.bucket, domain: domain)
            {
                return .failed(message)
            }
        }
        let message = answer.message.isEmpty ? "" : ": \(answer.message)"
        return .failed("\(answer.operation) \(answer.target): \(answer.code)\(message) (HTTP \(answer.status))")
    }
}
