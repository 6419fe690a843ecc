import OSSCore

/// The object operations the migration engine needs from its destination, as OSS names them.
///
/// Implemented by ``OSSClient`` (the real service, over libcurl) and ``InMemoryObjectStore`` (an actor, with fault
/// hooks, for engine tests that must run in milliseconds). One conformance suite (`DestinationConformanceTests`)
/// runs against both, so a behaviour the engine relies on is pinned for each.
///
/// Errors are ``OSSClientError``: its ``OSSClientError/disposition`` says whether the failure is the file's own
/// or may mean the whole destination is unusable. A stopped transfer (the task cancelled, the transport shut down)
/// throws `CancellationError`, never an ``OSSClientError``.
public protocol ObjectDestination: Sendable {
    /// Where requests go, for messages (never carries credentials).
    var endpoint: OSSEndpoint { get }
    /// The access key id requests are signed with (to decide whether OSS can copy from a source by itself).
    var accessKeyId: String { get }

    /// HeadObject: `nil` when the object does not exist (a missing bucket throws `NoSuchBucket`).
    func headObject(bucket: String, key: String) async throws -> OSSObjectInfo?
    /// PutObject: writes `body` under `key` with `options` (type, `x-oss-meta-*`, storage class, SSE, MD5,
    /// forbid-overwrite); the returned CRC-64 is the one OSS computed, verified against the bytes sent.
    func putObject(bucket: String, key: String, body: ObjectBody, options: OSSPutOptions) async throws -> OSSWriteResult
    /// GetObject of the whole object (or the inclusive `range`), each chunk handed to `sink` as it arrives.
    func getObject(
        bucket: String, key: String, range: ClosedRange<Int64>?,
        sink: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> OSSObjectInfo
    /// CopyObject inside the service; with `options`, the metadata is replaced.
    func copyObject(
        sourceBucket: String, sourceKey: String, bucket: String, key: String, options: OSSPutOptions?
    ) async throws -> OSSWriteResult

    /// InitiateMultipartUpload: the upload id. The object's headers (`options`) are given here.
    func initiateMultipartUpload(bucket: String, key: String, options: OSSPutOptions) async throws -> String
    /// UploadPart: `partNumber` 1...10000; the CRC-64 is the part's.
    func uploadPart(
        bucket: String, key: String, uploadId: String, partNumber: Int, body: ObjectBody
    ) async throws -> OSSWriteResult
    /// UploadPartCopy: the inclusive `range` of an existing object (the whole object when `nil`) as a part.
    func uploadPartCopy(
        sourceBucket: String, sourceKey: String, range: ClosedRange<Int64>?,
        bucket: String, key: String, uploadId: String, partNumber: Int
    ) async throws -> OSSWriteResult
    /// ListParts: every part uploaded so far (throws `NoSuchUpload` for an upload completed or aborted).
    func listParts(bucket: String, key: String, uploadId: String) async throws -> [OSSPartInfo]
    /// CompleteMultipartUpload. With `expectedCRC64`, a different whole-object CRC-64 is a
    /// ``OSSClientError/crcMismatch(operation:local:remote:requestId:)``, never a success.
    func completeMultipartUpload(
        bucket: String, key: String, uploadId: String, parts: [OSSCompletedPart], expectedCRC64: UInt64?
    ) async throws -> OSSWriteResult
    /// AbortMultipartUpload; an upload that no longer exists counts as aborted.
    func abortMultipartUpload(bucket: String, key: String, uploadId: String) async throws
    /// ListMultipartUploads: uploads in progress whose key starts with `prefix`.
    func listMultipartUploads(bucket: String, prefix: String) async throws -> [OSSMultipartUploadInfo]

    /// One cheap request that says whether the destination answers at all: ListObjectsV2 of at most one key under
    /// `prefix`, one attempt, giving up after `timeout` without a byte. Throws what the request threw.
    func probe(bucket: String, prefix: String, timeout: Duration) async throws
}
