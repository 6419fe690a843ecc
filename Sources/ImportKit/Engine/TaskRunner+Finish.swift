import Foundation
import Logging

extension TaskRunner {
    /// Writes the task's result files from `outcomes`, its progress log as read back from the disk after the last
    /// fsync (every file has an outcome by now), and moves the task to `succeed_tasks` or `failed_tasks`.
    func finish(_ task: StoredTask, manifest: TaskManifest, outcomes: [Int: FileOutcome], workerDirectory: String) async throws {
        let store = self.store
        let finished = try await BlockingIO.run { () throws -> StoredTask in
            var summary = TaskSummary()
            var errorList = ""
            var previousBytes = try AtomicFile.read(task.directory + "/" + TaskFiles.auditLog) ?? []
            if let base = try AtomicFile.read(TaskFiles.auditBase(in: workerDirectory)).flatMap({ Int(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) }),
                base <= previousBytes.count
            {
                previousBytes.removeSubrange(base...)
            }
            let previousAudit = String(decoding: previousBytes, as: UTF8.self)
            var audit = previousAudit
            audit += "# task \(task.id) finished \(EventLog.timestamp())\n"
            var ordered: [FileOutcome] = []
            ordered.reserveCapacity(manifest.entries.count)
            for (index, entry) in manifest.entries.enumerated() {
                guard let outcome = outcomes[index] else {
                    // Never reached: run() finishes a task only when every file has a recorded outcome.
                    throw JobFatal(reason: "task \(task.id): file \(index) has no recorded outcome", fix: JobStateModel.resumeFix)
                }
                ordered.append(outcome)
                let path = PathEscaping.listLine(entry.relativePath)
                if entry.kind == .emptyDirectory {
                    EmptyDirectoryReport.add(path: path, outcome: outcome, summary: &summary, audit: &audit, errorList: &errorList)
                    continue
                }
                if outcome.status == .expanded {
                    audit += "\(outcome.label)\t\(path)\t0\t\(outcome.detail)\n"
                    continue
                }
                if let verdict = outcome.audit { summary.audit.add(verdict) }
                summary.files += 1
                summary.bytes += entry.countedSize
                switch outcome.status {
                case .ok:
                    summary.uploaded += 1
                    summary.uploadedBytes += outcome.bytes
                case .skipped:
                    summary.skipped += 1
                case .verified, .expanded:
                    break
                case .failed:
                    summary.failed += 1
                    errorList += path + "\n"
                }
                // An uploaded file's size is what OSS acknowledged (URL-list entries have no size until fetched).
                let size = outcome.status == .ok ? outcome.bytes : entry.size
                audit += "\(outcome.label)\t\(path)\t\(size)\t\(outcome.detail)\n"
            }
            audit += "# \(summary.line)"
            let finished = try store.finish(task, summary: summary, errorList: errorList, auditLog: audit, outcomes: ordered)
            try FileSystem.removeTree(workerDirectory)
            return finished
        }
        let state = finished.state == .succeeded ? "Completed" : "Failed"
        log.service.info("task {task} {task.state}", metadata: ["task": "\(task.id)", "task.state": "\(state)"])
        log.migration.info("task {task} {task.state}", metadata: ["task": "\(task.id)", "task.state": "\(state)"])
    }
}

extension FileOutcome {
    /// The `audit.log` label of the outcome (`OK`, `SKIPPED`, `VERIFIED`, `FAILED`, `SIZE_NOT_MATCH`, `AUDIT_*`).
    var label: String {
        switch status {
        case .ok: return "OK"
        case .skipped: return "SKIPPED"
        case .verified: return "VERIFIED"
        case .expanded: return "EXPANDED"
        case .failed: return (code ?? .failed).rawValue
        }
    }

    /// The `import.log` line of a file's outcome, with the values of ``logMetadata(task:entry:)``.
    static let logTemplate: Logger.Message = "{task.name} {file.outcome} {file.path} {file.size}: {file.detail}"

    func logMetadata(task: TaskID, entry: ScanEntry) -> Logger.Metadata {
        [
            "task.name": "\(task.progressName)", "file.outcome": "\(label)",
            "file.path": "\(PathEscaping.listLine(entry.relativePath))", "file.size": "\(entry.size)", "file.detail": "\(detail)",
        ]
    }
}

/// `OUTCOMES` in a finished task's directory: the final outcome of each file, in progress-log lines. `retry`
/// keeps it, so the task's next run restores the outcomes of the files that did not fail (uploaded and skipped stay
/// what they were, and count once) and runs only the failed ones again.
enum TaskOutcomes {
    static func write(_ outcomes: [FileOutcome], in directory: String) throws {
        var bytes: [UInt8] = []
        for outcome in outcomes { outcome.appendLine(to: &bytes) }
        try AtomicFile.write(Sealed.seal(bytes), to: directory + "/" + TaskFiles.outcomes)
    }

    /// `nil` when the task has no (usable) `OUTCOMES`: then every file runs.
    static func read(_ directory: String) throws -> [FileOutcome]? {
        guard let bytes = try AtomicFile.read(directory + "/" + TaskFiles.outcomes),
            let body = try? Sealed.open(bytes, what: TaskFiles.outcomes)
        else { return nil }
        var lines = Array(body)
        if lines.last != 0x0A { lines.append(0x0A) }  // the last line counts with or without its newline
        var outcomes: [FileOutcome] = []
        FileOutcome.forEachLine(in: lines) { outcomes.append($0) }
        return outcomes
    }
}
