import Foundation
import OSSClient

/// Runs one task: every file of its `TASK` through the ``FileUploader``, at most as many at once as the shared
/// file slots allow, recording each outcome in the task's progress log so a restart skips finished files.
/// When every file has an outcome it writes the task's result files and moves it to succeed or failed.
struct TaskRunner: Sendable {
    let store: TaskStore
    let tracker: Tracker
    let uploader: FileUploader
    let slots: AsyncSemaphore
    let log: EventLog
    /// Verifies each file after its upload (or instead of it, `jobType=audit`); `nil` = no verification.
    var auditor: ObjectAuditor? = nil

    func run(_ task: StoredTask) async throws {
        let manifest: TaskManifest
        do {
            manifest = try await BlockingIO.run { try task.manifest() }
        } catch {
            log.service(.error, "task \(task.id): \(error); moved to failed_tasks")
            var failedSummary = TaskSummary()
            failedSummary.failed = 1
            let summary = failedSummary
            _ = try await BlockingIO.run {
                try store.finish(task, summary: summary, errorList: "", auditLog: "TASK file unusable: \(error)\n")
            }
            return
        }
        let workerDirectory = store.layout.workerTask(task.id)
        let progressPath = workerDirectory + "/progress"
        let (done, retrySet) = try await BlockingIO.run { () throws -> ([Int: FileOutcome], Set<String>?) in
            try FileSystem.makeDirectories(workerDirectory)
            let done = try ProgressLog.load(path: progressPath)
            let retry = try AtomicFile.read(task.directory + "/RETRY").map {
                Set(String(decoding: $0, as: UTF8.self).split(separator: "\n").map(String.init))
            }
            return (done, retry)
        }
        let progress = try ProgressLog(path: progressPath)
        await tracker.taskStarted(task.id, manifest: manifest)
        log.service(.info, "task \(task.id) started: \(manifest.fileCount) files, \(manifest.totalBytes) bytes")

        try await withThrowingDiscardingTaskGroup { group in
            for (index, entry) in manifest.entries.enumerated() {
                if let previous = done[index], previous.status != .failed {
                    await tracker.record(previous, task: task.id, fileSize: entry.size, emptyDirectory: entry.kind == .emptyDirectory)
                    continue
                }
                if let retrySet, !retrySet.contains(PathEscaping.listLine(entry.relativePath)) {
                    // Uploaded by an earlier run of this task; `retry` re-runs only the failed files.
                    let outcome = FileOutcome(index: index, status: .ok, bytes: 0, detail: "uploaded by an earlier run")
                    progress.append(outcome)
                    await tracker.record(outcome, task: task.id, fileSize: entry.size, emptyDirectory: entry.kind == .emptyDirectory)
                    continue
                }
                try await slots.acquire()
                group.addTask { [self, tracker, slots, log] in
                    let outcome: FileOutcome
                    do {
                        outcome = try await process(entry, index: index, workerDirectory: workerDirectory)
                        await slots.release()
                    } catch {
                        await slots.release()
                        throw error
                    }
                    progress.append(outcome)
                    if outcome.status == .failed {
                        log.migration(.warning, "\(task.id) FAILED \(PathEscaping.listLine(entry.relativePath)): \(outcome.detail)")
                    }
                    await tracker.record(outcome, task: task.id, fileSize: entry.size, emptyDirectory: entry.kind == .emptyDirectory)
                }
            }
        }
        try Task.checkCancellation()
        try await progress.sync()
        await abortLeftoverUploads(in: workerDirectory)
        try await finish(task, manifest: manifest, progressPath: progressPath, workerDirectory: workerDirectory)
        await tracker.taskFinished(task.id)
    }

    /// Multipart uploads still checkpointed when every file has an outcome belong to failed files whose abort did
    /// not get through: abort them now, so none is left open on OSS once the task directory goes.
    private func abortLeftoverUploads(in workerDirectory: String) async {
        let names = (try? await BlockingIO.run { try FileSystem.list(workerDirectory) }) ?? []
        for name in names where name.hasPrefix("multipart-") && name.hasSuffix(".ucp") {
            let path = workerDirectory + "/" + name
            let saved = try? await BlockingIO.run {
                try SealedJSON.read(UploadCheckpoint.self, from: path, what: "upload checkpoint")
            }
            guard let saved = saved ?? nil else { continue }
            try? await uploader.client.abortMultipartUpload(bucket: saved.bucket, key: saved.key, uploadId: saved.uploadId)
        }
    }

    private func finish(_ task: StoredTask, manifest: TaskManifest, progressPath: String, workerDirectory: String) async throws {
        let store = self.store
        let finished = try await BlockingIO.run { () throws -> StoredTask in
            let outcomes = try ProgressLog.load(path: progressPath)
            var summary = TaskSummary()
            var errorList = ""
            let previousAudit = (try AtomicFile.read(task.directory + "/audit.log")).map { String(decoding: $0, as: UTF8.self) } ?? ""
            var audit = previousAudit
            audit += "# task \(task.id) finished \(EventLog.timestamp())\n"
            for (index, entry) in manifest.entries.enumerated() {
                let path = PathEscaping.listLine(entry.relativePath)
                let outcome = outcomes[index] ?? FileOutcome(index: index, status: .failed, bytes: 0, detail: "no outcome recorded")
                if entry.kind == .emptyDirectory {
                    EmptyDirectoryReport.add(path: path, outcome: outcome, summary: &summary, audit: &audit, errorList: &errorList)
                    continue
                }
                if let verdict = outcome.audit { summary.audit.add(verdict) }
                summary.files += 1
                summary.bytes += entry.isTransferable ? entry.size : 0
                switch outcome.status {
                case .ok:
                    summary.uploaded += 1
                    summary.uploadedBytes += outcome.bytes
                    audit += "OK\t\(path)\t\(entry.size)\t\(outcome.detail)\n"
                case .skipped:
                    summary.skipped += 1
                    audit += "SKIPPED\t\(path)\t\(entry.size)\t\(outcome.detail)\n"
                case .verified:
                    audit += "VERIFIED\t\(path)\t\(entry.size)\t\(outcome.detail)\n"
                case .failed:
                    summary.failed += 1
                    errorList += path + "\n"
                    var label = outcome.detail.hasPrefix("SIZE_NOT_MATCH") ? "SIZE_NOT_MATCH" : "FAILED"
                    if outcome.detail.hasPrefix("AUDIT_"), let word = outcome.detail.split(separator: " ").first { label = String(word) }
                    audit += "\(label)\t\(path)\t\(entry.size)\t\(outcome.detail)\n"
                }
            }
            audit += "# \(summary.line)"
            let finished = try store.finish(task, summary: summary, errorList: errorList, auditLog: audit)
            try FileSystem.removeTree(workerDirectory)
            return finished
        }
        let state = finished.state == .succeeded ? "Completed" : "Failed"
        log.service(.info, "task \(task.id) \(state)")
        log.migration(.info, "task \(task.id) \(state)")
    }
}
