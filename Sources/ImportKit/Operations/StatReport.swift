import Foundation

/// What `stat` prints: ossimport's lines (scripts grep `JobState:`), the reason and fix of a job that stopped, then
/// totals, acknowledged bytes in flight, speed, ETA and elapsed time.
public struct StatReport: Sendable {
    public var job: String
    public var verdict: JobVerdict
    public var facts: JobFacts
    public var scanFinished: Bool
    public var running: [RunningTaskProgress]
    public var status: JobStatus?
    /// Dispatched tasks per worker host (standalone mode: one host).
    public var dispatchedByHost: [String: Int] = [:]

    public var state: JobState { verdict.state }

    /// Reads the job's directories and the status the service writes. While the service runs the job, the counters
    /// are its live ones; otherwise they are rebuilt from the task directories (the durable record), so they are
    /// true after a crash too.
    public static func load(job: String, workingDirectory: WorkingDirectory) throws -> StatReport {
        let layout = workingDirectory.job(job)
        var status = JobStateStore(layout).status()
        let facts = try JobFacts.load(layout, status: status)
        let verdict = JobStateModel.verdict(facts)
        let checkpoint = JobStateStore(layout).checkpoint()
        let scanFinished = facts.scanFinished && !facts.incremental
        // Live counters only while the job runs: once its state is final (or it stopped) the durable records are
        // complete, and the service's last status may lag behind them by up to a second.
        let live = verdict.state == .running && facts.serviceRunning && status?.pid != 0
            && status.map { kill($0.pid, 0) == 0 } == true
        if !live, let checkpoint {
            var rebuilt = JobStatus(job: job)
            rebuilt.add(try TaskTotals.load(layout))
            let extra = FoundAdjustments.total(layout)
            rebuilt.foundFiles = checkpoint.foundFiles + extra.files
            rebuilt.foundBytes = checkpoint.foundBytes + extra.bytes
            rebuilt.startedAt = status?.startedAt ?? checkpoint.startedAt
            rebuilt.updatedAt = status?.updatedAt ?? 0
            rebuilt.elapsedSeconds = status?.elapsedSeconds ?? 0
            rebuilt.pass = status?.pass
            rebuilt.nextPassAt = status?.nextPassAt
            rebuilt.lastPass = status?.lastPass
            if verdict.state == .abort || verdict.state == .running {
                // Parts of unfinished files OSS acknowledged before the stop: they are kept and resume.
                rebuilt.acknowledgedInFlightBytes = status?.acknowledgedInFlightBytes ?? 0
            }
            rebuilt.throughput = status?.throughput
            rebuilt.retries = status?.retries
            status = rebuilt
        }
        status?.state = verdict.state
        status?.scanFinished = scanFinished
        let running = live ? (status?.running ?? []) : []
        var hosts: [String: Int] = [:]
        for host in try FileSystem.list(layout.dispatchedRoot) {
            hosts[host] = try TaskStore(layout: layout, host: host).tasks(in: .dispatched).count
        }
        return StatReport(
            job: job, verdict: verdict, facts: facts, scanFinished: scanFinished, running: running, status: status,
            dispatchedByHost: hosts)
    }

    public func render(now: Double = Date().timeIntervalSince1970) -> String {
        var out = "-------------- job stats ---------------\n"
        out += "---------------- job stat ------------------\n"
        out += "JobName:\(job)\n"
        out += "JobState:\(state.rawValue)\n"
        out += "PendingTasks:\(facts.pendingTasks)\n"
        out += "DispatchedTasks:\(facts.dispatchedTasks)\n"
        out += "RunningTasks:\(running.count)\n"
        out += "SucceedTasks:\(facts.succeededTasks)\n"
        out += "FailedTasks:\(facts.failedTasks)\n"
        out += "ScanFinished:\(scanFinished)\n"
        out += "RunningTasks Progress:\n"
        for task in running {
            out += "\(task.task):\(task.doneBytes)/\(task.totalBytes) \(task.doneFiles)/\(task.totalFiles)\n"
        }
        out += "----------------------------------------\n"
        if let line = verdict.line { out += line + "\n" }
        guard let status else { return out }
        // "+": more may be found, only while a scan is really under way.
        let more = active && !facts.scanFinished ? "+ (scan in progress)" : ""
        out += "Files: \(status.doneFiles)/\(status.foundFiles)\(more) done: \(status.uploadedFiles) uploaded, "
            + "\(status.skippedFiles) skipped, \(status.failedFiles) failed\n"
        // Bytes count what OSS acknowledged: uploaded files and the acknowledged parts of files in flight.
        let acknowledged = status.uploadedBytes + status.acknowledgedInFlightBytes
        if status.foundBytes > 0 {
            out += "Bytes: \(Self.size(acknowledged))/\(Self.size(status.foundBytes))\(more) uploaded"
            out += " (\(String(format: "%.1f", Double(acknowledged) * 100 / Double(status.foundBytes)))%)"
        } else {
            // URL lists: sizes are known only when each URL is fetched.
            out += "Bytes: \(Self.size(acknowledged)) uploaded"
        }
        if status.inFlightFiles > 0 && active {
            out += "; in flight: \(status.inFlightFiles) files, \(Self.size(status.acknowledgedInFlightBytes)) acknowledged"
        } else if status.acknowledgedInFlightBytes > 0 {
            out += "; \(Self.size(status.acknowledgedInFlightBytes)) of unfinished files already acknowledged (kept on resume)"
        }
        let notUploaded = status.doneBytes - status.uploadedBytes
        if notUploaded > 0 && status.skippedFiles + status.failedFiles > 0 {
            out += "; \(Self.size(notUploaded)) in skipped or failed files"
        }
        out += "\n"
        if let audit = status.audit { out += audit.line + "\n" }
        if let dirs = status.emptyDirs { out += EmptyDirectoryReport.statLine(found: dirs, failed: status.emptyDirsFailed ?? 0) }
        if let pass = status.pass {
            out += "Pass: \(pass)\n"
            if let next = status.nextPassAt {
                let wait = max(0, next - now)
                out += "Next pass: \(EventLog.timestamp(Date(timeIntervalSince1970: next))) (in \(Self.duration(wait)))\n"
            } else if state == .running && status.lastPass?.pass != pass {
                out += "Next pass: after this one\n"
            } else {
                out += "Next pass: none (pass limit reached)\n"
            }
            if let last = status.lastPass { out += last.line + "\n" }
        }
        if moving {
            let window = status.windowSeconds > 0 ? " (average of the last \(Int(status.windowSeconds.rounded())) s)" : ""
            out += "Speed: \(Self.size(Int64(status.bytesPerSecond)))/s, \(String(format: "%.1f", status.filesPerSecond)) files/s\(window)\n"
            out += "ETA: \(eta(status))\n"
        }
        let elapsed = self.elapsed(now: now)
        if elapsed > 0 {
            let moved = Double(status.uploadedBytes + status.acknowledgedInFlightBytes)
            out += "Elapsed: \(Self.duration(elapsed)), average \(Self.size(Int64(moved / elapsed)))/s\n"
        }
        if !facts.serviceRunning && (state == .running || state == .abort) {
            out += "Service: not running; run 'bash console.sh start' to resume from the checkpoint\n"
        }
        if facts.failedTasks > 0 {
            out += "Failures: see \(jobFailedHint)\n"
        }
        return out
    }

    /// Remaining bytes (found, less done and acknowledged in flight) at the window's speed; files at the files rate
    /// when no byte moved (small or empty files).
    private func eta(_ status: JobStatus) -> String {
        guard facts.scanFinished else { return "unknown until the scan finishes" }
        if let seconds = Self.etaSeconds(status, scanFinished: true) { return Self.duration(seconds) }
        let remaining = status.foundBytes - status.doneBytes - status.acknowledgedInFlightBytes
        return remaining > 0 ? "unknown (no bytes acknowledged in the last window)" : "unknown"
    }

    /// The ETA in seconds, or `nil` when unknown (scan not finished, nothing moved in the last window).
    static func etaSeconds(_ status: JobStatus, scanFinished: Bool) -> Double? {
        guard scanFinished else { return nil }
        let remaining = status.foundBytes - status.doneBytes - status.acknowledgedInFlightBytes
        if remaining > 0 {
            return status.bytesPerSecond > 1 ? Double(remaining) / status.bytesPerSecond : nil
        }
        let files = status.foundFiles - status.doneFiles
        if files > 0 {
            return status.filesPerSecond > 0.01 ? Double(files) / status.filesPerSecond : nil
        }
        return 0
    }

    /// The job is running in a live service (its speed, ETA and in-flight bytes mean something now).
    public var active: Bool { state == .running && facts.serviceRunning }

    /// The speed and ETA apply: active and not waiting between incremental passes.
    public var moving: Bool { active && !(facts.incremental && !facts.hasUnfinishedWork) }

    /// Elapsed seconds up to `now` (the time since the last status counts only while the service runs).
    public func elapsed(now: Double) -> Double {
        guard let status else { return 0 }
        return status.elapsedSeconds + (active ? max(0, now - status.updatedAt) : 0)
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
