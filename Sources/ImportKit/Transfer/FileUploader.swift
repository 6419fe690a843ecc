import CurlHTTP
import Foundation
import OSSClient
import OSSCore

/// Moves one source file to OSS and says how it ended: uploaded and verified, skipped by a rule, or failed
/// with a reason. Throws only `CancellationError` and ``DestinationUnusable`` (the file is then neither done nor
/// failed: it runs again).
struct FileUploader: Sendable {
    let client: OSSClient
    let settings: JobSettings
    /// Remote sources: the reader (or why it could not be built); `nil` for a local directory.
    let remote: Result<any SourceReader, RemoteSourceError>?
    /// Remote sources: bounds the bytes of source bodies held in memory across all files.
    let budget: ByteBudget

    init(client: OSSClient, settings: JobSettings) {
        self.client = client
        self.settings = settings
        self.budget = ByteBudget(capacity: settings.remoteMemoryBudget)
        if settings.source.isRemote {
            do {
                if let reader = try RemoteSourceClients.reader(settings) {
                    remote = .success(reader)
                } else {
                    remote = .failure(.failed("no reader for the source"))
                }
            } catch {
                remote = .failure(.failed("cannot set up the source client: \(error)"))
            }
        } else {
            remote = nil
        }
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
        let keyBytes = Array(settings.destPrefix.utf8) + entry.relativePath
        if let problem = OSSObjectKey.validate(keyBytes) {
            return fail("invalid object key: \(problem)")
        }
        let key = String(decoding: keyBytes, as: UTF8.self)
        let path = settings.srcPrefix + String(decoding: entry.relativePath, as: UTF8.self)
        guard String(validating: entry.relativePath, as: UTF8.self) != nil else {
            return fail("invalid object key: file name is not valid UTF-8")
        }
        if let remote {
            switch remote {
            case .failure(let error): return fail(error.description)
            case .success(let reader):
                return try await transferRemote(
                    entry, index: index, key: key, reader: reader, workerTaskDirectory: workerTaskDirectory, progress: progress)
            }
        }
        let follow = entry.kind == .symlinkedFile

        var attempt = 1
        while true {
            let before: SourceFingerprint
            if attempt == 1 && entry.kind == .file && entry.size <= settings.multipartThreshold {
                // A small file's first attempt trusts the scan's stat (one syscall and thread hop fewer per file):
                // the stat after the upload still catches any change since, and the next attempt stats afresh.
                before = SourceFingerprint(size: entry.size, mtimeNanos: entry.mtimeNanos, inode: 0, isRegularFile: true)
            } else {
                do {
                    before = try await BlockingIO.run { () throws -> SourceFingerprint in
                        let fingerprint = try SourceFingerprint.read(path, follow: follow)
                        if fingerprint.isRegularFile { try SourceFingerprint.checkReadable(path) }
                        return fingerprint
                    }
                } catch let error as SystemError {
                    return fail(Self.reason(for: error))
                }
                guard before.isRegularFile else { return fail("source is no longer a regular file") }
            }

            if settings.skipExisting,
                let reason = try await existingObjectReason(key: key, source: before, sourceCRC: { [path] in
                    try await BlockingIO.run { try AuditSourceReader().crc64(path: path, length: before.size) }
                })
            {
                return FileOutcome(index: index, status: .skipped, bytes: 0, detail: reason)
            }

            let crc: UInt64
            let rechecked: Rechecked?
            do {
                (crc, rechecked) = try await upload(
                    key: key, path: path, fingerprint: before, follow: follow, workerTaskDirectory: workerTaskDirectory,
                    index: index, progress: progress)
            } catch let error as OSSClientError {
                if case .transport(let transport) = error {
                    if transport.kind == .cancelled { throw CancellationError() }
                    if transport.kind == .sourceRead {
                        // Say why in the user's terms: deleted, permission denied, or the read error itself.
                        do {
                            _ = try await BlockingIO.run { () throws -> SourceFingerprint in
                                let fingerprint = try SourceFingerprint.read(path, follow: follow)
                                try SourceFingerprint.checkReadable(path)
                                return fingerprint
                            }
                        } catch let error as SystemError {
                            return fail(Self.reason(for: error))
                        }
                        return fail("cannot read source: \(transport)")
                    }
                    if transport.kind == .sourceChanged {
                        if let outcome = try await retryChanged(
                            &attempt, before: before, after: nil, path: path, follow: follow, fail: fail)
                        {
                            return outcome
                        }
                        continue
                    }
                }
                if DestinationProbe.mayBeUnusable(error),
                    let reason = try await DestinationProbe.unusableReason(client: client, settings: settings)
                {
                    throw DestinationUnusable(message: reason)
                }
                return fail(error.description)
            } catch let error as SystemError {
                return fail(Self.reason(for: error))
            }

            let after: SourceFingerprint?
            if let rechecked {
                after = rechecked.after
            } else {
                after = try? await BlockingIO.run { try SourceFingerprint.read(path, follow: follow) }
            }
            if let after, after.isSameVersion(as: before) {
                return FileOutcome(index: index, status: .ok, bytes: before.size, detail: "crc64=\(crc)")
            }
            if let outcome = try await retryChanged(&attempt, before: before, after: after, path: path, follow: follow, fail: fail) {
                return outcome
            }
        }
    }

    /// Returns the final outcome when no attempt is left, `nil` to try again.
    private func retryChanged(
        _ attempt: inout Int, before: SourceFingerprint, after: SourceFingerprint?, path: String, follow: Bool,
        fail: (String) -> FileOutcome
    ) async throws -> FileOutcome? {
        var now = after
        if now == nil { now = try? await BlockingIO.run { try SourceFingerprint.read(path, follow: follow) } }
        guard attempt < settings.changedFileAttempts else {
            let afterText = now.map { "\($0)" } ?? "deleted"
            var outcome = fail(FailureCode.sizeNotMatch.detail(
                "source changed during upload (before: \(before); after: \(afterText)); tried \(attempt) times"))
            outcome.code = .sizeNotMatch
            return outcome
        }
        attempt += 1
        try await Task.sleep(for: .milliseconds(200 * attempt))
        return nil
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
        var options = OSSPutOptions(
            contentType: ContentType.forKey(key),
            metadata: ["mtime": RecordedMtime.format(nanos: fingerprint.mtimeNanos)],
            storageClass: settings.storageClass,
            serverSideEncryption: settings.serverSideEncryption)
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

    static func reason(for error: SystemError) -> String {
        if error.isNotFound { return "source deleted: \(error.path) no longer exists" }
        if error.isPermissionDenied { return "permission denied: cannot read \(error.path)" }
        return "cannot read source: \(error)"
    }
}
