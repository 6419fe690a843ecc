import CRC64
import OSSClient

/// Uploads one large file as a multipart upload with parts in parallel, resumable at part level.
///
/// The upload id, part size and source fingerprint are checkpointed as soon as the upload is initiated. After a
/// crash the same upload is resumed: ListParts says which parts OSS has, each is checked (size and CRC-64 against
/// the local bytes) and only missing or bad parts are sent. A changed source discards the checkpoint and aborts
/// the stale upload. The whole-object CRC-64 (parts combined) must equal the one OSS reports on completion.
struct MultipartUploader: Sendable {
    let client: any ObjectDestination
    let bucket: String
    let key: String
    let path: String
    let fingerprint: SourceFingerprint
    let plan: PartPlan
    let concurrency: Int
    let options: OSSPutOptions
    /// Where the upload checkpoint lives (inside the worker's task directory).
    let checkpointPath: String
    /// Remote sources: where parts are read from instead of `path` (each part in memory within the budget).
    var remote: RemoteParts? = nil
    /// Told of every part OSS acknowledges (and of parts found on OSS when the upload resumes).
    var progress: FileProgress = .none

    /// Returns the CRC-64 of the whole object as verified with OSS.
    ///
    /// When OSS says the upload no longer exists (`NoSuchUpload`: aborted by a lifecycle rule or another client)
    /// the file is uploaded once more under a fresh upload before the error is reported.
    func run() async throws -> UInt64 {
        try await RetryPolicy.noSuchUpload.run({ _ in try await attempt() }, retryIf: { error, _ in
            (error as? OSSClientError)?.serviceCode == "NoSuchUpload" ? .retry : .stop
        })
    }

    private func attempt() async throws -> UInt64 {
        let (uploadId, existing, completed) = try await resumeOrInitiate()
        if let completed { return completed }
        do {
            let crcs = try await uploadParts(uploadId: uploadId, existing: existing)
            var combined: UInt64 = crcs[0].crc
            for part in crcs.dropFirst() {
                combined = CRC64.combine(combined, part.crc, lengthB: UInt64(plan.range(ofPart: part.number).length))
            }
            let parts = crcs.map { OSSCompletedPart(partNumber: $0.number, etag: $0.etag) }
            do {
                _ = try await client.completeMultipartUpload(
                    bucket: bucket, key: key, uploadId: uploadId, parts: parts, expectedCRC64: combined)
            } catch let error as OSSClientError where error.serviceCode == "NoSuchUpload" {
                // A crash after OSS completed but before we recorded it: the object may already be whole.
                if let info = try await client.headObject(bucket: bucket, key: key), info.crc64 == combined,
                    info.size == plan.size
                {
                    try? await BlockingIO.run { try FileSystem.removeTree(checkpointPath) }
                    return combined
                }
                throw error
            }
            try await BlockingIO.run { try FileSystem.removeTree(checkpointPath) }
            return combined
        } catch is CancellationError {
            throw CancellationError()  // keep the checkpoint: the next run resumes this upload
        } catch let error as OSSClientError where error.serviceCode == "NoSuchUpload" {
            // The upload may still exist (a proxy or a stale answer said otherwise): never leave it dangling.
            // Keep the checkpoint when the abort does not get through (endpoint gone): the next run resumes the
            // upload, or the task's end aborts it.
            if (try? await client.abortMultipartUpload(bucket: bucket, key: key, uploadId: uploadId)) != nil {
                try? await BlockingIO.run { try FileSystem.removeTree(checkpointPath) }
            }
            throw error
        } catch {
            // Keep the checkpoint when the abort does not get through (endpoint gone): the next run resumes the
            // upload, or the task's end aborts it.
            if (try? await client.abortMultipartUpload(bucket: bucket, key: key, uploadId: uploadId)) != nil {
                try? await BlockingIO.run { try FileSystem.removeTree(checkpointPath) }
            }
            throw error
        }
    }

    /// The upload to use and the parts already on OSS that match the local bytes, by part number; or the CRC-64 of
    /// the object when an earlier run completed the upload but was stopped before recording it.
    private func resumeOrInitiate() async throws -> (String, [Int: (etag: String, crc: UInt64)], completed: UInt64?) {
        let checkpointPath = self.checkpointPath
        // Only a torn or corrupt checkpoint counts as none. A read that fails (EMFILE, EIO) or a stop must not: the
        // branch below aborts every upload of this key, the checkpoint's among them, and its parts would be lost.
        let saved: UploadCheckpoint?
        do {
            saved = try await BlockingIO.run {
                try SealedJSON.read(UploadCheckpoint.self, from: checkpointPath, what: "upload checkpoint")
            }
        } catch is StateFileError {
            saved = nil
        }
        if let saved {
            let matches = saved.bucket == bucket && saved.key == key && saved.partSize == plan.partSize
                && saved.size == fingerprint.size && saved.mtimeNanos == fingerprint.mtimeNanos
                && saved.inode == fingerprint.inode && saved.sourceETag == fingerprint.version
            if matches {
                do {
                    let listed = try await client.listParts(bucket: bucket, key: key, uploadId: saved.uploadId)
                    return (saved.uploadId, try await verified(listed), nil)
                } catch let error as OSSClientError where error.serviceCode == "NoSuchUpload" {
                    // Completed by an earlier run that was stopped before recording it (keep the object), or
                    // aborted (start over).
                    if let crc = try await completedObjectCRC() {
                        try await BlockingIO.run { try FileSystem.removeTree(checkpointPath) }
                        return ("", [:], crc)
                    }
                }
            } else {
                try? await client.abortMultipartUpload(bucket: saved.bucket, key: saved.key, uploadId: saved.uploadId)
            }
            try await BlockingIO.run { try FileSystem.removeTree(checkpointPath) }
        } else {
            // A run stopped between InitiateMultipartUpload and writing the checkpoint left an upload nobody
            // knows: abort uploads of this exact key before starting a new one (one request per large file).
            let stale = (try? await client.listMultipartUploads(bucket: bucket, prefix: key)) ?? []
            for upload in stale where upload.key == key {
                try? await client.abortMultipartUpload(bucket: bucket, key: key, uploadId: upload.uploadId)
            }
        }
        let uploadId = try await client.initiateMultipartUpload(bucket: bucket, key: key, options: options)
        var pinned = UploadCheckpoint(
            bucket: bucket, key: key, uploadId: uploadId, partSize: plan.partSize, size: fingerprint.size,
            mtimeNanos: fingerprint.mtimeNanos, inode: fingerprint.inode)
        pinned.sourceETag = fingerprint.version
        let checkpoint = pinned
        try await BlockingIO.run { try SealedJSON.write(checkpoint, to: checkpointPath) }
        return (uploadId, [:], nil)
    }

    /// The CRC-64 of the object on OSS when it already holds exactly the local bytes (size and CRC-64 equal).
    private func completedObjectCRC() async throws -> UInt64? {
        // A remote source is not read again just to compare: the upload starts over.
        if remote != nil { return nil }
        guard let info = try await client.headObject(bucket: bucket, key: key), info.size == fingerprint.size,
            let remote = info.crc64
        else { return nil }
        let path = self.path
        let size = fingerprint.size
        let local = try await BlockingIO.run {
            var crc = CRC64()
            try FileReader.forEachChunk(path: path, offset: 0, length: size) { crc.update($0) }
            return crc.value
        }
        return local == remote ? local : nil
    }

    /// Keeps the listed parts whose size and CRC-64 match the local file.
    private func verified(_ listed: [OSSPartInfo]) async throws -> [Int: (etag: String, crc: UInt64)] {
        var good: [Int: (etag: String, crc: UInt64)] = [:]
        for part in listed where part.partNumber >= 1 && part.partNumber <= plan.partCount {
            let (offset, length) = plan.range(ofPart: part.partNumber)
            guard part.size == length else { continue }
            if remote != nil {
                // The checkpoint pinned the source's ETag: a part of the right size holds the same bytes,
                // when OSS reports its CRC-64 (needed to check the whole object at the end).
                if let remote = part.crc64 { good[part.partNumber] = (part.etag, remote) }
                continue
            }
            let path = self.path
            let local = try await BlockingIO.run {
                var crc = CRC64()
                try FileReader.forEachChunk(path: path, offset: offset, length: length) { crc.update($0) }
                return crc.value
            }
            if let remote = part.crc64, remote != local { continue }
            good[part.partNumber] = (part.etag, local)
        }
        return good
    }

    private func uploadParts(
        uploadId: String, existing: [Int: (etag: String, crc: UInt64)]
    ) async throws -> [(number: Int, etag: String, crc: UInt64)] {
        var results = existing.map { (number: $0.key, etag: $0.value.etag, crc: $0.value.crc) }
        let resumedBytes = existing.keys.reduce(Int64(0)) { $0 + plan.range(ofPart: $1).length }
        if resumedBytes > 0 { progress.acknowledged(resumedBytes, resumed: true) }
        let missing = (1...plan.partCount).filter { existing[$0] == nil }
        try await withThrowingTaskGroup(of: (Int, String, UInt64).self) { group in
            var iterator = missing.makeIterator()
            func addNext() {
                guard let number = iterator.next() else { return }
                let (offset, length) = plan.range(ofPart: number)
                group.addTask { [client, bucket, key, path, remote, fingerprint] in
                    if let remote {
                        return try await remote.budget.with(length) {
                            let body = try await remote.reader.body(remote.entry, offset: offset, length: length, expected: fingerprint)
                            let result = try await client.uploadPart(
                                bucket: bucket, key: key, uploadId: uploadId, partNumber: number, body: body)
                            return (number, result.etag, result.crc64 ?? CRC64.checksum(body.bytesForCRC))
                        }
                    }
                    let result = try await client.uploadPart(
                        bucket: bucket, key: key, uploadId: uploadId, partNumber: number,
                        body: .file(path: path, offset: offset, length: length))
                    return (number, result.etag, result.crc64 ?? 0)
                }
            }
            for _ in 0..<max(1, concurrency) { addNext() }
            while let (number, etag, crc) = try await group.next() {
                progress.acknowledged(plan.range(ofPart: number).length)
                results.append((number, etag, crc))
                addNext()
            }
        }
        return results.sorted { $0.number < $1.number }
    }
}

/// Where a multipart upload of a remote source reads its parts.
struct RemoteParts: Sendable {
    let reader: any SourceReader
    let entry: ScanEntry
    let budget: ByteBudget
}

extension ObjectBody {
    /// The bytes of an in-memory body (empty for other kinds).
    var bytesForCRC: [UInt8] {
        if case .bytes(let bytes) = self { return bytes }
        return []
    }
}
