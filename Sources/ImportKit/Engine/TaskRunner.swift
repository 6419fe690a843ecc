import Foundation
import Logging
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

    /// The unrecorded-outcome retry level: the files of a task whose outcome did not reach the disk run again, at
    /// once, in at most 3 rounds within one run of the task; then the job stops (the disk is the problem).
    static let recordingRetry = RetryPolicy(maxAttempts: 3, baseDelay: .zero, backoff: .exponential)

    /// Files whose outcome is not in the task's `progress` file after a round.
    struct UnrecordedOutcomes: Error {
        let count: Int
    }

    func run(_ task: StoredTask) async throws {
        let manifest: TaskManifest
        do {
            manifest = try await BlockingIO.run { try task.manifest() }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            log.service.error("task {task}: {error}; moved to failed_tasks", metadata: ["task": "\(task.id)", "error": "\(error)"])
            var failedSummary = TaskSummary()
            failedSummary.failed = 1
            let summary = failedSummary
            _ = try await BlockingIO.run {
                try store.finish(task, summary: summary, errorList: "", auditLog: "TASK file unusable: \(error)\n", outcomes: [])
            }
            return
        }
        let workerDirectory = store.layout.workerTask(task.id)
        let progressPath = TaskFiles.progress(in: workerDirectory)
        let (done, restored, retrySet) = try await BlockingIO.run { () throws -> ([Int: FileOutcome], [FileOutcome], Set<String>?) in
            try FileSystem.makeDirectories(workerDirectory)
            let fresh = !FileSystem.exists(progressPath)
            let done = try ProgressLog.load(path: progressPath)
            // A retried task: the outcomes of its earlier run, restored once into a new progress log.
            let restored = fresh ? try TaskOutcomes.read(task.directory) ?? [] : []
            if fresh {
                // audit.log as it was before this run (earlier runs of a retried task): `finish` appends to exactly
                // this, so a crash between writing the result files and moving the task never doubles its lines.
                let base = (try AtomicFile.read(task.directory + "/" + TaskFiles.auditLog))?.count ?? 0
                try AtomicFile.write("\(base)\n", to: TaskFiles.auditBase(in: workerDirectory))
            }
            let retry = try AtomicFile.read(task.directory + "/" + TaskFiles.retry).map {
                Set(String(decoding: $0, as: UTF8.self).split(separator: "\n").map(String.init))
            }
            return (done, restored, retry)
        }
        let progress = try ProgressLog(path: progressPath)
        await tracker.taskStarted(task.id, manifest: manifest)
        log.service.info(
            "task {task} started: {task.files} files, {task.bytes} bytes",
            metadata: ["task": "\(task.id)", "task.files": "\(manifest.fileCount)", "task.bytes": "\(manifest.totalBytes)"])

        var recorded: [Int: FileOutcome] = [:]
        for (index, outcome) in done where outcome.status != .failed { recorded[index] = outcome }
        for outcome in restored where outcome.status != .failed && recorded[outcome.index] == nil
            && outcome.index < manifest.entries.count
        {
            // Counted now: a retried task's DONE no longer holds it.
            progress.append(outcome)
            recorded[outcome.index] = outcome
            await tracker.record(outcome, task: task.id, fileSize: manifest.entries[outcome.index].countedSize,
                emptyDirectory: manifest.entries[outcome.index].kind == .emptyDirectory)
        }
        for (index, outcome) in done where outcome.status != .failed && index < manifest.entries.count {
            await tracker.resumed(task: task.id, fileSize: manifest.entries[index].countedSize)
        }
        let retriedIndices = Set(restored.filter { $0.status == .failed }.map(\.index))

        var outcomes: [Int: FileOutcome] = [:]
        do {
            try await Self.recordingRetry.run({ _ in
                try await runFiles(
                    of: task, manifest: manifest, skipping: recorded, retrySet: retrySet, retried: retriedIndices,
                    progress: progress, workerDirectory: workerDirectory)
                try Task.checkCancellation()
                try await progress.sync()
                outcomes = try await BlockingIO.run { try ProgressLog.load(path: progressPath) }
                let missing = manifest.entries.indices.filter { outcomes[$0] == nil }
                if missing.isEmpty { return }
                recorded = outcomes  // failed ones included: they have their outcome for this run
                throw UnrecordedOutcomes(count: missing.count)
            }, retryIf: { error, _ in
                // Outcomes that did not reach the disk: those files run again, never counted as failures.
                guard let unrecorded = error as? UnrecordedOutcomes else { return .stop }
                log.service.warning(
                    "task {task}: {task.unrecorded} outcomes were not recorded; running those files again",
                    metadata: ["task": "\(task.id)", "task.unrecorded": "\(unrecorded.count)"])
                return .retry
            })
        } catch let unrecorded as UnrecordedOutcomes {
            throw JobFatal(
                reason: "task \(task.id): the outcomes of \(unrecorded.count) files could not be recorded in \(progressPath)",
                fix: "check the working directory's disk, then 'bash console.sh start' (those files run again)")
        }
        await abortLeftoverUploads(in: workerDirectory)
        try await finish(task, manifest: manifest, outcomes: outcomes, workerDirectory: workerDirectory)
        await tracker.taskFinished(task.id)
    }

    /// Runs every file of the task without an outcome in `skipping`.
    private func runFiles(
        of task: StoredTask, manifest: TaskManifest, skipping recorded: [Int: FileOutcome], retrySet: Set<String>?,
        retried: Set<Int>, progress: ProgressLog, workerDirectory: String
    ) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for (index, entry) in manifest.entries.enumerated() where recorded[index] == nil {
                if let retrySet, !retrySet.contains(PathEscaping.listLine(entry.relativePath)) {
                    // A task retried by an older version (RETRY, no OUTCOMES): only its failed files run again.
                    let outcome = FileOutcome(index: index, status: .ok, bytes: 0, detail: "uploaded by an earlier run")
                    progress.append(outcome)
                    await tracker.record(outcome, task: task.id, fileSize: entry.countedSize, emptyDirectory: entry.kind == .emptyDirectory)
                    continue
                }
                try await slots.acquire()
                group.addTask { [self, tracker, slots, log] in
                    let file = TransferMeter.FileRef(task: task.id.hex, index: index)
                    tracker.meter.started(file)
                    let outcome: FileOutcome
                    do {
                        // An entry that failed before is looked at again before it runs: a directory that can be
                        // listed now is walked (new tasks), a file or link is stat'ed afresh.
                        if retried.contains(index), let expanded = try await expand(entry, index: index, of: task, manifest: manifest) {
                            outcome = expanded
                        } else {
                            let current = retried.contains(index) ? uploader.lookAgain(entry) : entry
                            outcome = try await process(
                                current, index: index, workerDirectory: workerDirectory,
                                progress: FileProgress(meter: tracker.meter, file: file))
                        }
                        await slots.release()
                    } catch {
                        tracker.meter.finished(file)
                        await slots.release()
                        throw error
                    }
                    progress.append(outcome)
                    tracker.meter.finished(file)
                    log.migration.log(
                        level: outcome.status == .failed ? .warning : .info, FileOutcome.logTemplate,
                        metadata: outcome.logMetadata(task: task.id, entry: entry))
                    await tracker.record(outcome, task: task.id, fileSize: entry.countedSize, emptyDirectory: entry.kind == .emptyDirectory)
                }
            }
        }
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
}

extension ScanEntry {
    /// The source bytes a file counts for in the totals (0 for entries that are not transferred).
    var countedSize: Int64 { isTransferable ? size : 0 }
}
