import Foundation

/// What `stat` prints: ossimport's lines (scripts grep `JobState:`), then totals, throughput and ETA.
public struct StatReport: Sendable {
    public var job: String
    public var state: JobState
    public var pendingTasks: Int
    public var dispatchedTasks: Int
    public var runningTasks: Int
    public var succeedTasks: Int
    public var failedTasks: Int
    public var scanFinished: Bool
    public var running: [RunningTaskProgress]
    public var status: JobStatus?
    public var serviceRunning: Bool

    /// Reads the job's directories and the status the service writes.
    public static func load(job: String, workingDirectory: WorkingDirectory) throws -> StatReport {
        let layout = workingDirectory.job(job)
        let store = TaskStore(layout: layout, host: "localhost")
        let pending = try store.tasks(in: .pending).count
        var dispatched = 0
        for host in try FileSystem.list(layout.dispatchedRoot) {
            dispatched += try FileSystem.list(layout.dispatchedRoot + "/" + host).count
        }
        let succeeded = try FileSystem.list(layout.succeeded).count
        let failed = try FileSystem.list(layout.failed).count
        let checkpoint = (try? SealedJSON.read(ScanCheckpoint.self, from: ScanCheckpoint.path(for: layout), what: "scan checkpoint")) ?? nil
        var status = ImportService.readStatus(layout)
        let servicePid = ServiceLock.runningPid(workingDirectory)
        let serviceRunning = servicePid != nil

        // An incremental job's scan is never finished: another pass comes (as ossimport shows it).
        let incremental = checkpoint?.incremental == true || checkpoint?.pass != nil || status?.pass != nil
        let scanFinished = (checkpoint?.finished ?? false) && !incremental
        let unfinished = !scanFinished || pending > 0 || dispatched > 0
        let state: JobState
        if status?.fatalError != nil && !serviceRunning {
            state = .failed
        } else if unfinished {
            state = serviceRunning ? .running : (status == nil ? .running : .abort)
        } else {
            state = failed > 0 ? .failed : .succeed
        }
        let finished = state == .succeed || state == .failed
        if let checkpoint, status == nil || (finished && status?.state != state) {
            // The service never ran, its status is gone, or the job just finished and the service has not written
            // its final status yet: totals from the checkpoint and the finished tasks, which are complete then.
            var rebuilt = JobStatus(
                job: job, state: state, pid: 0, updatedAt: status?.updatedAt ?? 0, startedAt: checkpoint.startedAt,
                scanFinished: scanFinished,
                foundFiles: checkpoint.foundFiles, foundBytes: checkpoint.foundBytes, doneFiles: 0, doneBytes: 0,
                uploadedFiles: 0, uploadedBytes: 0, skippedFiles: 0, failedFiles: 0, bytesPerSecond: 0,
                filesPerSecond: 0, running: [], fatalError: nil)
            for task in try store.tasks(in: .succeeded) + store.tasks(in: .failed) {
                guard let summary = store.summary(of: task) else { continue }
                rebuilt.doneFiles += Int64(summary.files)
                rebuilt.doneBytes += summary.bytes
                rebuilt.uploadedFiles += Int64(summary.uploaded)
                rebuilt.uploadedBytes += summary.uploadedBytes
                rebuilt.skippedFiles += Int64(summary.skipped)
                rebuilt.failedFiles += Int64(summary.failed)
                if summary.audit.total > 0 { rebuilt.audit = (rebuilt.audit ?? AuditCounts()).adding(summary.audit) }
            }
            status = rebuilt
        }
        let running = serviceRunning ? (status?.running ?? []) : []
        return StatReport(
            job: job, state: state, pendingTasks: pending, dispatchedTasks: dispatched, runningTasks: running.count,
            succeedTasks: succeeded, failedTasks: failed, scanFinished: scanFinished, running: running,
            status: status, serviceRunning: serviceRunning)
    }

    public func render() -> String {
        var out = "-------------- job stats ---------------\n"
        out += "---------------- job stat ------------------\n"
        out += "JobName:\(job)\n"
        out += "JobState:\(state.rawValue)\n"
        out += "PendingTasks:\(pendingTasks)\n"
        out += "DispatchedTasks:\(dispatchedTasks)\n"
        out += "RunningTasks:\(runningTasks)\n"
        out += "SucceedTasks:\(succeedTasks)\n"
        out += "FailedTasks:\(failedTasks)\n"
        out += "ScanFinished:\(scanFinished)\n"
        out += "RunningTasks Progress:\n"
        for task in running {
            out += "\(task.task):\(task.doneBytes)/\(task.totalBytes) \(task.doneFiles)/\(task.totalFiles)\n"
        }
        out += "----------------------------------------\n"
        guard let status else { return out }
        let foundSuffix = scanFinished ? "" : "+ (scan in progress)"
        out += "Files: \(status.doneFiles)/\(status.foundFiles)\(foundSuffix) done: \(status.uploadedFiles) uploaded, "
            + "\(status.skippedFiles) skipped, \(status.failedFiles) failed\n"
        out += "Bytes: \(Self.size(status.doneBytes))/\(Self.size(status.foundBytes))\(foundSuffix)"
        if status.foundBytes > 0 {
            out += " (\(String(format: "%.1f", Double(status.doneBytes) * 100 / Double(status.foundBytes)))%)"
        }
        out += "\n"
        if let audit = status.audit { out += audit.line + "\n" }
        if let dirs = status.emptyDirs { out += EmptyDirectoryReport.statLine(found: dirs, failed: status.emptyDirsFailed ?? 0) }
        if let pass = status.pass {
            out += "Pass: \(pass)\n"
            if let next = status.nextPassAt {
                let wait = max(0, next - Date().timeIntervalSince1970)
                out += "Next pass: \(EventLog.timestamp(Date(timeIntervalSince1970: next))) (in \(Self.duration(wait)))\n"
            } else if status.state == .running && status.lastPass?.pass != pass {
                out += "Next pass: after this one\n"
            } else {
                out += "Next pass: none (pass limit reached)\n"
            }
            if let last = status.lastPass { out += last.line + "\n" }
        }
        if serviceRunning && state == .running {
            out += "Speed: \(Self.size(Int64(status.bytesPerSecond)))/s, \(String(format: "%.0f", status.filesPerSecond)) files/s\n"
            let remaining = status.foundBytes - status.doneBytes
            if scanFinished, status.bytesPerSecond > 1, remaining > 0 {
                out += "ETA: \(Self.duration(Double(remaining) / status.bytesPerSecond))\n"
            } else if scanFinished, status.filesPerSecond > 0.1, status.foundFiles > status.doneFiles {
                out += "ETA: \(Self.duration(Double(status.foundFiles - status.doneFiles) / status.filesPerSecond))\n"
            } else {
                out += "ETA: unknown\(scanFinished ? "" : " until the scan finishes")\n"
            }
        }
        if status.startedAt > 0 {
            let end = state == .running ? Date().timeIntervalSince1970 : status.updatedAt
            if end > status.startedAt {
                let elapsed = end - status.startedAt
                out += "Elapsed: \(Self.duration(elapsed)), average \(Self.size(Int64(Double(status.uploadedBytes) / elapsed)))/s\n"
            }
        }
        if let fatal = status.fatalError { out += "Error: \(fatal)\n" }
        if !serviceRunning && (state == .running || state == .abort) {
            out += "Service: not running; run 'bash console.sh start' to resume from the checkpoint\n"
        }
        if failedTasks > 0 {
            out += "Failures: see \(jobFailedHint)\n"
        }
        return out
    }

    var jobFailedHint: String { "master/jobs/\(job)/failed_tasks/*/error.list and audit.log; 'bash console.sh retry' runs them again" }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.2f", value) + " " + units[unit]
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%02d:%02d:%02d", total / 3600, (total / 60) % 60, total % 60)
    }
}
