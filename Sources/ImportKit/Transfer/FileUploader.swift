import CurlHTTP
import Foundation
import OSSClient
import OSSCore

/// Moves one source file to OSS and says how it ended: uploaded and verified, skipped by a rule, or failed
/// with a reason. Throws only `CancellationError` and ``DestinationUnusable`` (the file is then neither done nor
/// failed: it runs again).
struct FileUploader: Sendable {
    let client: any ObjectDestination
    let settings: JobSettings
    /// Remote sources: the job's reader (built once, in the job's preflight); `nil` for a local directory.
    let remote: (any SourceReader)?
    /// Remote sources: bounds the bytes of source bodies held in memory across all files.
    let budget: ByteBudget

    init(client: any ObjectDestination, settings: JobSettings, reader: (any SourceReader)?) {
        self.client = client
        self.settings = settings
        self.remote = reader
        self.budget = ByteBudget(capacity: settings.remoteMemoryBudget)
    }

    /// `progress` is told of the bytes OSS acknowledges as they are acknowledged.
    func transfer(
        _ entry: ScanEntry, index: Int, workerTaskDirectory: String, progress: FileProgress = .none
    ) async throws -> FileOutcome {
        func fail(_ reason: String) -> FileOutcome { FileOutcome(index: index, status: .failed, bytes: 0, detail: reason) }
        switch entry.kind {
        case .skipped:
            return FileOutcome(index: index, status: .skipped, bytes: 0, detail: entry.reason)
        case .unreadable:
            return fail(entry.reason)
        case .emptyDirectory:
            return try await emptyDirectory(entry, index: index)
        case .file, .symlinkedFile:
            break
        }
        let key: String
        switch settings.objectKey(for: entry) {
        case .success(let name): key = name
        case .failure(let problem): return fail("invalid object key: \(problem)")
        }
        let local = LocalSourceReader(srcPrefix: settings.srcPrefix)
        return try await withChangedSourceRetry(index: index) { attempt in
            if let remote {
                return try await transferRemote(
                    entry, index: index, key: key, reader: remote, workerTaskDirectory: workerTaskDirectory, progress: progress)
            }
            return try await transferLocal(
                entry, index: index, key: key, reader: local, attempt: attempt, workerTaskDirectory: workerTaskDirectory,
                progress: progress)
        }
    }

    /// The changed-source retry level, local and remote sources alike: `attempt` runs again while it throws
    /// ``RemoteSourceError/changed(_:)`` (``JobSettings/changedSourceRetry``), then the file fails
    /// `SIZE_NOT_MATCH` with both versions and the number of tries. Other errors become the file's failure, except
    /// cancellation and an unusable destination (confirmed by the probe), which are thrown.
    private func withChangedSourceRetry(
        index: Int, _ attempt: (Int) async throws -> FileOutcome
    ) async throws -> FileOutcome {
        func fail(_ reason: String) -> FileOutcome { FileOutcome(index: index, status: .failed, bytes: 0, detail: reason) }
        var tries = 0
        do {
            return try await settings.changedSourceRetry.run({ number in
                tries = number
                return try await attempt(number)
            }, retryIf: { error, _ in (error as? RemoteSourceError)?.isChange == true ? .retry : .stop })
        } catch let error as RemoteSourceError {
            // A stop during the last attempt's checks is not a failure of the file: it runs again on the next start.
            try Task.checkCancellation()
            guard error.isChange else { return fail(error.description) }
            return FileOutcome.failure(.sizeNotMatch, index: index, "\(error.changeDetail); tried \(tries) times")
        } catch let error as OSSClientError {
            try await DestinationProbe.stopIfUnusable(after: error, client: client, settings: settings)
            return fail(error.description)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as DestinationUnusable {
            throw error
        } catch {
            return fail("cannot read source: \(error)")
        }
    }

    /// One attempt at a local file: its outcome, or ``RemoteSourceError/changed(_:)`` when it changed during the
    /// transfer.
    private func transferLocal(
        _ entry: ScanEntry, index: Int, key: String, reader: LocalSourceReader, attempt: Int, workerTaskDirectory: String,
        progress: FileProgress
    ) async throws -> FileOutcome {
        func fail(_ reason: String) -> FileOutcome { FileOutcome(index: index, status: .failed, bytes: 0, detail: reason) }
        let before: SourceFingerprint
        if attempt == 1 && entry.kind == .file && entry.size <= settings.multipartThreshold {
            // A small file's first attempt trusts the scan's stat (one syscall and thread hop fewer per file):
            // the stat after the upload still catches any change since, and the next attempt stats afresh.
            before = SourceFingerprint(size: entry.size, mtimeNanos: entry.mtimeNanos, inode: 0, isRegularFile: true)
        } else {
            do {
                before = try await reader.fingerprint(entry)
            } catch let error as SystemError {
                return fail(Self.reason(for: error))
            }
            guard before.isRegularFile else { return fail("source is no longer a regular file") }
        }

        if settings.skipExisting,
            let reason = try await existingObjectReason(key: key, source: before, sourceCRC: { [path = reader.path(entry)] in
                try await BlockingIO.run { try AuditSourceReader().crc64(path: path, length: before.size) }
            })
        {
            return FileOutcome(index: index, status: .skipped, bytes: 0, detail: reason)
        }

        let crc: UInt64
        let rechecked: Rechecked?
        do {
            (crc, rechecked) = try await upload(
                key: key, path: reader.path(entry), fingerprint: before, follow: entry.kind == .symlinkedFile,
                workerTaskDirectory: workerTaskDirectory, index: index, progress: progress)
        } catch let error as OSSClientError {
            switch error.sourceBodyFailure {
            case .unreadable:
                // Say why in the user's terms: deleted, permission denied, or the read error itself.
                do {
                    _ = try await reader.fingerprint(entry)
                } catch let error as SystemError {
                    return fail(Self.reason(for: error))
                }
                return fail("cannot read source: \(error)")
            case .changed:
                throw RemoteSourceError.changed(
                    SourceChange(before: before, after: .duringUpload(await reader.currentFingerprint(entry))))
            case nil:
                try await DestinationProbe.stopIfUnusable(after: error, client: client, settings: settings)
                return fail(error.description)
            }
        } catch let error as SystemError {
            return fail(Self.reason(for: error))
        }

        // A single PUT's file was looked at again by the transport right after OSS acknowledged it.
        let after = rechecked != nil ? rechecked?.after : await reader.currentFingerprint(entry)
        guard let after, after.isSameVersion(as: before) else {
            // A stop while the stat waited leaves `after` nil: that is not a change (the object was uploaded).
            try Task.checkCancellation()
            throw RemoteSourceError.changed(SourceChange(before: before, after: .duringUpload(after)))
        }
        return FileOutcome(index: index, status: .ok, bytes: before.size, detail: "crc64=\(crc)")
    }

    /// The source looked at again by the transport right after OSS acknowledged a single PUT (no thread hop);
    /// `after` is `nil` when it could not be stat'ed.
    private struct Rechecked {
        var after: SourceFingerprint?
    }

    private func upload(
        key: String, path: String, fingerprint: SourceFingerprint, follow: Bool, workerTaskDirectory: String, index: Int,
        progress: FileProgress
    ) async throws -> (crc: UInt64, rechecked: Rechecked?) {
        var options = putOptions(key: key, mtime: RecordedMtime.format(nanos: fingerprint.mtimeNanos))
        if settings.recordMD5 {
            let md5 = try await BlockingIO.run { () throws -> [UInt8] in
                let context = MD5Context()
                try FileReader.forEachChunk(path: path, offset: 0, length: fingerprint.size) { context.update($0) }
                return context.finalize()
            }
            options.metadata["md5"] = Hex.encode(md5)
            if fingerprint.size <= settings.multipartThreshold {
                options.contentMD5 = Data(md5).base64EncodedString()
            }
        }
        if fingerprint.size <= settings.multipartThreshold {
            if fingerprint.size > 0 { options.recheckBodyFile = follow ? .stat : .lstat }
            let result = try await client.putObject(
                bucket: settings.destBucket, key: key,
                body: fingerprint.size == 0 ? .empty : .file(path: path, offset: 0, length: fingerprint.size),
                options: options)
            progress.acknowledged(fingerprint.size)
            let after = result.bodyFileAfter.map {
                SourceFingerprint(size: $0.size, mtimeNanos: $0.mtimeNanos, inode: $0.inode, isRegularFile: $0.isRegularFile)
            }
            return (result.crc64 ?? 0, fingerprint.size > 0 ? Rechecked(after: after) : nil)
        }
        var uploader = MultipartUploader(
            client: client, bucket: settings.destBucket, key: key, path: path, fingerprint: fingerprint,
            plan: PartPlan(size: fingerprint.size, requestedPartSize: settings.partSize),
            concurrency: settings.partConcurrency, options: options,
            checkpointPath: workerTaskDirectory + "/multipart-\(index).ucp")
        uploader.progress = progress
        return (try await uploader.run(), nil)
    }

    /// The headers every uploaded object gets, local or remote source: the type its key implies, the source mtime
    /// as `x-oss-meta-mtime`, the job's storage class and server-side encryption.
    func putOptions(key: String, mtime: String) -> OSSPutOptions {
        OSSPutOptions(
            contentType: ContentType.forKey(key), metadata: ["mtime": mtime], storageClass: settings.storageClass,
            serverSideEncryption: settings.serverSideEncryption)
    }

    static func reason(for error: SystemError) -> String {
        if error.isNotFound { return "source deleted: \(error.path) no longer exists" }
        if error.isPermissionDenied { return "permission denied: cannot read \(error.path)" }
        return "cannot read source: \(error)"
    }
}
