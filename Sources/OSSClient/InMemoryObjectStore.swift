import CurlHTTP
import CRC64
import Dispatch
import Foundation
import OSSCore

/// An ``ObjectDestination`` held in memory, for engine tests that must run in milliseconds without a server.
///
/// It answers as OSS does where the engine depends on it (the conformance suite checks both): CRC-64 on every
/// write, `x-oss-meta-*` names lower-cased, `NoSuchBucket`/`NoSuchUpload`/`InvalidPart`/`EntityTooSmall` (parts
/// below 100 KiB except the last), `FileAlreadyExists` for `forbidOverwrite`, `BadDigest` for a wrong MD5, and a
/// local file body that holds fewer bytes than its range fails as ``SourceBodyFailure/changed``.
///
/// Faults: ``setFault(_:)`` installs a hook that sees every request before it is carried out (before a file body
/// is read, so it may also change the source) and fails it by throwing, e.g. an ``OSSClientError``. Every request
/// is counted by operation name (``requests(_:)``).
public actor InMemoryObjectStore: ObjectDestination {
    /// One request as the fault hook sees it.
    public struct Request: Sendable, Equatable {
        /// The OSS operation name, e.g. `PutObject`, `UploadPart`, `ListObjectsV2` (the probe).
        public var operation: String
        public var bucket: String
        public var key: String?
        public var partNumber: Int?
    }

    /// A stored object.
    public struct Object: Sendable, Equatable {
        public var bytes: [UInt8]
        public var info: OSSObjectInfo
    }

    struct Upload {
        var key: String
        var options: OSSPutOptions
        var initiated: Date
        var parts: [Int: (bytes: [UInt8], etag: String, crc: UInt64)] = [:]
    }

    static let minimumPartSize = 100 * 1024

    public nonisolated let endpoint: OSSEndpoint
    public nonisolated let accessKeyId: String
    var buckets: [String: [String: Object]] = [:]
    var uploads: [String: Upload] = [:]
    var counts: [String: Int] = [:]
    var fault: (@Sendable (Request) throws -> Void)?
    var nextId = 0

    public init(
        buckets: [String] = [], endpoint: OSSEndpoint = OSSEndpoint(scheme: "memory", host: "in-memory"),
        accessKeyId: String = "memory-key"
    ) {
        self.endpoint = endpoint
        self.accessKeyId = accessKeyId
        for bucket in buckets { self.buckets[bucket] = [:] }
    }

    /// Installs (or with `nil` removes) the hook run before every request; what it throws, the request throws.
    public func setFault(_ hook: (@Sendable (Request) throws -> Void)?) { fault = hook }

    /// Requests received so far with this operation name (failed ones included).
    public func requests(_ operation: String) -> Int { counts[operation, default: 0] }

    /// The object under `key`, or `nil`.
    public func object(bucket: String, key: String) -> Object? { buckets[bucket]?[key] }

    /// Keys of every object in `bucket`, sorted.
    public func keys(bucket: String) -> [String] { (buckets[bucket] ?? [:]).keys.sorted() }

    /// Multipart uploads in progress, all buckets.
    public var openUploads: Int { uploads.count }

    /// PutBucket.
    public func createBucket(_ bucket: String) { if buckets[bucket] == nil { buckets[bucket] = [:] } }

    /// DeleteObject (a missing key is not an error).
    public func deleteObject(bucket: String, key: String) { buckets[bucket]?[key] = nil }

    // MARK: - ObjectDestination

    public func headObject(bucket: String, key: String) async throws -> OSSObjectInfo? {
        try begin("HeadObject", bucket, key)
        return try objects(bucket)[key].map { withRequestId($0.info) }
    }

    public func putObject(
        bucket: String, key: String, body: ObjectBody, options: OSSPutOptions
    ) async throws -> OSSWriteResult {
        try begin("PutObject", bucket, key)
        let bytes = try await Self.read(body)
        try check(options, bucket: bucket, key: key)
        if let md5 = options.contentMD5, md5 != Data(Digest.md5(bytes)).base64EncodedString() {
            throw serviceError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
        }
        let object = store(bytes, etag: Self.etag(bytes), bucket: bucket, key: key, options: options, type: "Normal")
        var result = written(object.info)
        if let recheck = options.recheckBodyFile, case .file(let path, _, _) = body {
            // As the transport does: the body's file looked at again once the write is acknowledged (off the pool).
            result.bodyFileAfter = await withCheckedContinuation { continuation in
                Self.io.async { continuation.resume(returning: BodyFileStatus(path: path, recheck)) }
            }
        }
        return result
    }

    public func getObject(
        bucket: String, key: String, range: ClosedRange<Int64>?,
        sink: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> OSSObjectInfo {
        try begin("GetObject", bucket, key)
        guard let object = try objects(bucket)[key] else { throw noSuchKey() }
        var slice = object.bytes[...]
        if let range {
            guard range.lowerBound < Int64(object.bytes.count) else {
                throw serviceError(416, "InvalidRange", "The requested range cannot be satisfied.")
            }
            slice = object.bytes[Int(range.lowerBound)...Int(min(range.upperBound, Int64(object.bytes.count) - 1))]
        }
        try Array(slice).withUnsafeBytes { try sink($0) }
        return withRequestId(object.info)
    }

    public func copyObject(
        sourceBucket: String, sourceKey: String, bucket: String, key: String, options: OSSPutOptions?
    ) async throws -> OSSWriteResult {
        try begin("CopyObject", bucket, key)
        guard let source = try objects(sourceBucket)[sourceKey] else { throw noSuchKey() }
        _ = try objects(bucket)
        let copyOptions =
            options
            ?? OSSPutOptions(
                contentType: source.info.contentType, metadata: source.info.metadata, storageClass: source.info.storageClass)
        try check(copyOptions, bucket: bucket, key: key)
        let object = store(source.bytes, etag: source.info.etag, bucket: bucket, key: key, options: copyOptions, type: "Normal")
        return written(object.info)
    }

    // MARK: - Support

    /// Checks cancellation, counts the request, runs the fault hook, and checks the bucket exists.
    func begin(_ operation: String, _ bucket: String, _ key: String?, partNumber: Int? = nil) throws {
        try Task.checkCancellation()
        counts[operation, default: 0] += 1
        try fault?(Request(operation: operation, bucket: bucket, key: key, partNumber: partNumber))
        _ = try objects(bucket)
    }

    func objects(_ bucket: String) throws -> [String: Object] {
        guard let objects = buckets[bucket] else {
            throw serviceError(404, "NoSuchBucket", "The specified bucket does not exist.")
        }
        return objects
    }

    func check(_ options: OSSPutOptions, bucket: String, key: String) throws {
        if let storageClass = options.storageClass, !storageClass.isEmpty,
            !["Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"].contains(storageClass)
        {
            throw serviceError(400, "InvalidArgument", "Invalid storage class \(storageClass).")
        }
        if options.forbidOverwrite, buckets[bucket]?[key] != nil {
            throw serviceError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.")
        }
    }

    func store(
        _ bytes: [UInt8], etag: String, bucket: String, key: String, options: OSSPutOptions, type: String
    ) -> Object {
        var metadata: [String: String] = [:]
        for (name, value) in options.metadata { metadata[name.lowercased()] = value }
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let info = OSSObjectInfo(
            size: Int64(bytes.count), etag: etag, lastModified: now, crc64: CRC64.checksum(bytes),
            contentType: options.contentType ?? ContentType.forKey(key), metadata: metadata,
            storageClass: options.storageClass.flatMap { $0.isEmpty ? nil : $0 } ?? "Standard", objectType: type,
            requestId: "")
        let object = Object(bytes: bytes, info: info)
        buckets[bucket, default: [:]][key] = object
        return object
    }

    func requestId() -> String {
        nextId += 1
        return "MEM\(nextId)"
    }

    func withRequestId(_ info: OSSObjectInfo) -> OSSObjectInfo {
        var info = info
        info.requestId = requestId()
        return info
    }

    func written(_ info: OSSObjectInfo) -> OSSWriteResult {
        OSSWriteResult(etag: info.etag, crc64: info.crc64, requestId: requestId())
    }

    func serviceError(_ status: Int, _ code: String, _ message: String) -> OSSClientError {
        .service(OSSServiceError(statusCode: status, code: code, message: message, requestId: requestId()))
    }

    func noSuchKey() -> OSSClientError { serviceError(404, "NoSuchKey", "The specified key does not exist.") }

    static func etag(_ bytes: [UInt8]) -> String { "\"\(Digest.hex(Digest.md5(bytes)).uppercased())\"" }

    static let io = DispatchQueue(label: "oss-memory.body-read", attributes: .concurrent)

    /// The body's bytes; a file range is read on a thread of its own (never on the cooperative pool).
    static func read(_ body: ObjectBody) async throws -> [UInt8] {
        switch body {
        case .empty: return []
        case .bytes(let bytes): return bytes
        case .file(let path, let offset, let length):
            return try await withCheckedThrowingContinuation { continuation in
                io.async { continuation.resume(with: Result { try readFile(path, offset: offset, length: length) }) }
            }
        }
    }

    private static func readFile(_ path: String, offset: Int64, length: Int64) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OSSClientError.sourceBody(.unreadable, "cannot open \(path)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            try handle.seek(toOffset: UInt64(offset))
            data = try handle.read(upToCount: Int(length)) ?? Data()
        } catch {
            throw OSSClientError.sourceBody(.unreadable, "cannot read \(path): \(error)")
        }
        guard Int64(data.count) == length else {
            throw OSSClientError.sourceBody(.changed, "\(path) holds \(offset + Int64(data.count)) bytes, fewer than \(offset + length)")
        }
        return Array(data)
    }
}
