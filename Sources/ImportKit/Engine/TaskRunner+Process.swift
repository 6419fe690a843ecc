import OSSCore

extension TaskRunner {
    /// One file of a task: uploaded (unless `jobType=audit`), then verified when the job audits. The per-file
    /// dispatch of the engine: every file of every task goes through here.
    func process(_ entry: ScanEntry, index: Int, workerDirectory: String, progress: FileProgress = .none) async throws -> FileOutcome {
        guard let auditor else {
            return try await uploader.transfer(entry, index: index, workerTaskDirectory: workerDirectory, progress: progress)
        }
        if auditor.settings.auditOnly {
            switch entry.kind {
            case .skipped:
                return FileOutcome(index: index, status: .skipped, bytes: 0, detail: entry.reason)
            case .unreadable:
                return FileOutcome(index: index, status: .failed, bytes: 0, detail: entry.reason)
            case .emptyDirectory:
                return FileOutcome(index: index, status: .skipped, bytes: 0, detail: "empty directory (jobType=audit: not checked)")
            case .file, .symlinkedFile:
                break
            }
            guard let (key, source) = auditSource(entry) else {
                return FileOutcome(index: index, status: .failed, bytes: 0, detail: "invalid object key: cannot name an object for this file")
            }
            let result = try await auditor.verify(key: key, source: source)
            switch result.verdict {
            case .verified: return FileOutcome(index: index, status: .verified, bytes: 0, detail: result.detail, audit: .verified)
            case .excluded: return FileOutcome(index: index, status: .skipped, bytes: 0, detail: result.detail, audit: .excluded)
            case .mismatched, .missing:
                var outcome = FileOutcome(index: index, status: .failed, bytes: 0, detail: result.detail, audit: result.verdict)
                outcome.code = result.code ?? .failed
                return outcome
            }
        }
        var outcome = try await uploader.transfer(entry, index: index, workerTaskDirectory: workerDirectory, progress: progress)
        guard entry.isTransferable, outcome.status == .ok || outcome.status == .skipped,
            let (key, source) = auditSource(entry)
        else { return outcome }
        if outcome.status == .ok && auditor.settings.mode != .detailed {
            // Uploaded in this run: OSS's CRC-64 matched the bytes read, so the object has the source's size, and its
            // x-oss-meta-mtime and Content-Type are the ones just sent. `simple` and `general` need no extra HEAD.
            let seconds = entry.mtimeNanos / 1_000_000_000
            if auditor.settings.lastModify > 0 && seconds > auditor.settings.lastModify {
                outcome.audit = .excluded
                outcome.detail += "; audit excluded: source mtime \(seconds) is after lastModify=\(auditor.settings.lastModify)"
            } else {
                outcome.audit = .verified
                outcome.detail += "; audit \(auditor.settings.mode.rawValue): verified by the upload (CRC-64, size, mtime)"
            }
            return outcome
        }
        let result = try await auditor.verify(key: key, source: source)
        outcome.audit = result.verdict
        switch result.verdict {
        case .verified, .excluded:
            outcome.detail += "; " + result.detail
        case .mismatched, .missing:
            outcome.status = .failed
            outcome.detail = result.detail
            outcome.code = result.code ?? .failed
        }
        return outcome
    }

    /// The object key of a scan entry and how to read its source: the local file, or the remote source's reader.
    func auditSource(_ entry: ScanEntry) -> (key: String, source: AuditSource)? {
        guard let reader = uploader.remote else {
            guard let (key, path) = Self.objectKeyAndPath(entry, settings: uploader.settings) else { return nil }
            return (key, .local(path: path, follow: entry.kind == .symlinkedFile))
        }
        guard case .success(let key) = uploader.settings.objectKey(for: entry) else { return nil }
        return (key, .remote(entry, reader: reader))
    }

    /// The object key and the local path of a scan entry, as ``FileUploader`` names them; `nil` when the
    /// key is not valid.
    static func objectKeyAndPath(_ entry: ScanEntry, settings: JobSettings) -> (key: String, path: String)? {
        guard case .success(let key) = settings.objectKey(for: entry) else { return nil }
        return (key, settings.srcPrefix + String(decoding: entry.relativePath, as: UTF8.self))
    }
}
