import CRC64
import Foundation
import OSSCore

extension InMemoryObjectStore {
    public func initiateMultipartUpload(bucket: String, key: String, options: OSSPutOptions) async throws -> String {
        try begin("InitiateMultipartUpload", bucket, key)
        try check(options, bucket: bucket, key: key)
        let uploadId = "upload-" + requestId()
        uploads[uploadId] = Upload(key: key, options: options, initiated: Date())
        return uploadId
    }

    public func uploadPart(
        bucket: String, key: String, uploadId: String, partNumber: Int, body: ObjectBody
    ) async throws -> OSSWriteResult {
        try begin("UploadPart", bucket, key, partNumber: partNumber)
        let bytes = try await Self.read(body)
        return try addPart(bytes, bucket: bucket, key: key, uploadId: uploadId, partNumber: partNumber)
    }

    public func uploadPartCopy(
        sourceBucket: String, sourceKey: String, range: ClosedRange<Int64>?,
        bucket: String, key: String, uploadId: String, partNumber: Int
    ) async throws -> OSSWriteResult {
        try begin("UploadPartCopy", bucket, key, partNumber: partNumber)
        guard let source = try objects(sourceBucket)[sourceKey] else { throw noSuchKey() }
        var bytes = source.bytes
        if let range {
            guard range.lowerBound >= 0, range.upperBound < Int64(bytes.count), range.lowerBound <= range.upperBound else {
                throw serviceError(416, "InvalidRange", "The requested range cannot be satisfied.")
            }
            bytes = Array(bytes[Int(range.lowerBound)...Int(range.upperBound)])
        }
        return try addPart(bytes, bucket: bucket, key: key, uploadId: uploadId, partNumber: partNumber)
    }

    public func listParts(bucket: String, key: String, uploadId: String) async throws -> [OSSPartInfo] {
        try begin("ListParts", bucket, key)
        let upload = try existing(uploadId, key: key)
        return upload.parts.keys.sorted().compactMap { number in
            upload.parts[number].map {
                OSSPartInfo(partNumber: number, etag: $0.etag, size: Int64($0.bytes.count), crc64: $0.crc)
            }
        }
    }

    public func completeMultipartUpload(
        bucket: String, key: String, uploadId: String, parts: [OSSCompletedPart], expectedCRC64: UInt64?
    ) async throws -> OSSWriteResult {
        try begin("CompleteMultipartUpload", bucket, key)
        let upload = try existing(uploadId, key: key)
        guard !parts.isEmpty else { throw serviceError(400, "MalformedXML", "The part list is empty.") }
        var bytes: [UInt8] = []
        var digests: [UInt8] = []
        for (index, part) in parts.sorted(by: { $0.partNumber < $1.partNumber }).enumerated() {
            guard let stored = upload.parts[part.partNumber], stored.etag == part.etag else {
                throw serviceError(400, "InvalidPart", "Part \(part.partNumber) was not found or its ETag differs.")
            }
            if index < parts.count - 1 && stored.bytes.count < Self.minimumPartSize {
                throw serviceError(400, "EntityTooSmall", "Part \(part.partNumber) is smaller than 100 KiB.")
            }
            bytes += stored.bytes
            digests += Digest.md5(stored.bytes)
        }
        let crc = CRC64.checksum(bytes)
        let etag = "\"\(Digest.hex(Digest.md5(digests)).uppercased())-\(parts.count)\""
        let object = store(bytes, etag: etag, bucket: bucket, key: key, options: upload.options, type: "Multipart")
        uploads[uploadId] = nil
        if let expectedCRC64, expectedCRC64 != crc {
            throw OSSClientError.crcMismatch(
                operation: "CompleteMultipartUpload", local: expectedCRC64, remote: crc, requestId: requestId())
        }
        return written(object.info)
    }

    public func abortMultipartUpload(bucket: String, key: String, uploadId: String) async throws {
        try begin("AbortMultipartUpload", bucket, key)
        if uploads[uploadId]?.key == key { uploads[uploadId] = nil }
    }

    public func listMultipartUploads(bucket: String, prefix: String) async throws -> [OSSMultipartUploadInfo] {
        try begin("ListMultipartUploads", bucket, nil)
        return uploads.filter { $0.value.key.hasPrefix(prefix) }
            .map { OSSMultipartUploadInfo(key: $0.value.key, uploadId: $0.key, initiated: $0.value.initiated) }
            .sorted { ($0.key, $0.uploadId) < ($1.key, $1.uploadId) }
    }

    public func probe(bucket: String, prefix: String, timeout: Duration) async throws {
        try begin("ListObjectsV2", bucket, nil)
    }

    private func existing(_ uploadId: String, key: String) throws -> Upload {
        guard let upload = uploads[uploadId], upload.key == key else {
            throw serviceError(404, "NoSuchUpload", "The specified upload does not exist.")
        }
        return upload
    }

    private func addPart(
        _ bytes: [UInt8], bucket: String, key: String, uploadId: String, partNumber: Int
    ) throws -> OSSWriteResult {
        guard (1...10000).contains(partNumber) else {
            throw serviceError(400, "InvalidArgument", "Part number must be an integer between 1 and 10000.")
        }
        _ = try existing(uploadId, key: key)
        let part = (bytes: bytes, etag: Self.etag(bytes), crc: CRC64.checksum(bytes))
        uploads[uploadId]?.parts[partNumber] = part
        return OSSWriteResult(etag: part.etag, crc64: part.crc, requestId: requestId())
    }
}
