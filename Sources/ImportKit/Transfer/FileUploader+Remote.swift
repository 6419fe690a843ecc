import Foundation
import OSSClient
import OSSCore

extension FileUploader {
    /// One attempt at an object or URL of a remote source: fingerprint (HEAD), then a server-side copy when source
    /// and destination share the endpoint and the access key, else the bytes through memory part by part. Throws
    /// ``RemoteSourceError`` (`.changed` when the source moved meanwhile), ``OSSClientError`` and cancellation.
    func transferRemote(
        _ entry: ScanEntry, index: Int, key: String, reader: any SourceReader, workerTaskDirectory: String,
        progress: FileProgress
    ) async throws -> FileOutcome {
        let before = try await reader.fingerprint(entry)
        if settings.skipExisting, before.size >= 0, let reason = try await existingObjectReason(
            key: key, source: before, sourceCRC: { try await (reader as? OSSSourceReader)?.crc64(entry) })
        {
            return FileOutcome(index: index, status: .skipped, bytes: 0, detail: reason)
        }
        let (crc, bytes) = try await uploadRemote(
            entry, key: key, reader: reader, fingerprint: before,
            checkpointPath: workerTaskDirectory + "/multipart-\(index).ucp", progress: progress)
        return FileOutcome(index: index, status: .ok, bytes: bytes, detail: "crc64=\(crc)")
    }

    /// Returns the CRC-64 OSS verified and the bytes moved.
    private func uploadRemote(
        _ entry: ScanEntry, key: String, reader: any SourceReader, fingerprint: SourceFingerprint, checkpointPath: String,
        progress: FileProgress
    ) async throws -> (UInt64, Int64) {
        // Remote sources know their mtime (Last-Modified) in whole seconds only: record no false precision.
        let options = putOptions(key: key, mtime: String(fingerprint.mtimeNanos / 1_000_000_000))
        if let ossReader = reader as? OSSSourceReader, isSameAccount(ossReader.source), fingerprint.size >= 0 {
            let copied = try await serverSideCopy(entry, key: key, reader: ossReader, fingerprint: fingerprint, options: options)
            progress.acknowledged(copied.1)
            return copied
        }
        let cap = RemoteSourceLimits.maxPartBytes
        if fingerprint.size < 0 || fingerprint.size <= min(settings.multipartThreshold, cap) {
            let held = fingerprint.size < 0 ? cap : fingerprint.size
            return try await budget.with(held) { [client, settings] in
                let body = try await reader.body(entry, offset: 0, length: fingerprint.size, expected: fingerprint)
                let result = try await client.putObject(bucket: settings.destBucket, key: key, body: body, options: options)
                progress.acknowledged(body.length)
                return (result.crc64 ?? 0, body.length)
            }
        }
        var uploader = MultipartUploader(
            client: client, bucket: settings.destBucket, key: key, path: "", fingerprint: fingerprint,
            plan: PartPlan(size: fingerprint.size, requestedPartSize: min(settings.partSize, cap)),
            concurrency: settings.partConcurrency, options: options, checkpointPath: checkpointPath,
            remote: RemoteParts(reader: reader, entry: entry, budget: budget))
        uploader.progress = progress
        return (try await uploader.run(), fingerprint.size)
    }

    /// Source and destination on the same endpoint host with the same access key: OSS can copy by itself.
    private func isSameAccount(_ source: RemoteBucketSource) -> Bool {
        guard let endpoint = try? OSSEndpoint(parsing: source.endpoint) else { return false }
        let destination = client.endpoint
        return endpoint.host == destination.host && endpoint.port == destination.port
            && source.accessKeyId == client.accessKeyId
    }

    /// CopyObject up to `serverSideCopyObjectLimit`, UploadPartCopy above; the result's CRC-64 must equal the
    /// source's when both are known.
    private func serverSideCopy(
        _ entry: ScanEntry, key: String, reader: OSSSourceReader, fingerprint: SourceFingerprint, options: OSSPutOptions
    ) async throws -> (UInt64, Int64) {
        let sourceKey = reader.key(entry)
        let sourceBucket = reader.source.bucket
        let sourceCRC = try await reader.crc64(entry)
        let resultCRC: UInt64?
        if fingerprint.size <= settings.serverSideCopyObjectLimit {
            let result = try await client.copyObject(
                sourceBucket: sourceBucket, sourceKey: sourceKey, bucket: settings.destBucket, key: key, options: options)
            resultCRC = result.crc64
        } else {
            let plan = PartPlan(size: fingerprint.size, requestedPartSize: settings.partSize)
            let uploadId = try await client.initiateMultipartUpload(bucket: settings.destBucket, key: key, options: options)
            do {
                var parts: [OSSCompletedPart] = []
                for number in 1...plan.partCount {
                    let (offset, length) = plan.range(ofPart: number)
                    let result = try await client.uploadPartCopy(
                        sourceBucket: sourceBucket, sourceKey: sourceKey, range: offset...(offset + length - 1),
                        bucket: settings.destBucket, key: key, uploadId: uploadId, partNumber: number)
                    parts.append(OSSCompletedPart(partNumber: number, etag: result.etag))
                }
                resultCRC = try await client.completeMultipartUpload(
                    bucket: settings.destBucket, key: key, uploadId: uploadId, parts: parts, expectedCRC64: sourceCRC
                ).crc64
            } catch {
                try? await client.abortMultipartUpload(bucket: settings.destBucket, key: key, uploadId: uploadId)
                throw error
            }
        }
        let copied = resultCRC != nil ? resultCRC : try await client.headObject(bucket: settings.destBucket, key: key)?.crc64
        if let sourceCRC, let copied, sourceCRC != copied {
            throw RemoteSourceError.changed(
                SourceChange(before: fingerprint, after: .copied(crc64: copied, sourceCRC64: sourceCRC)))
        }
        return (copied ?? sourceCRC ?? 0, fingerprint.size)
    }
}
