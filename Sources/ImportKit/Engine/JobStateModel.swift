/// Why a job stopped before its end, persisted in `master/jobs/<job>/stopped.json` so that `stat` (another
/// process), the service and the scripts all tell the same story.
public struct JobStop: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// The job cannot go on until something is fixed (keys, bucket, endpoint, source, full disk): `Failed`.
        case fatal
        /// `stop` (or a signal) ended the service with work left: `Abort`.
        case stopped
    }

    public var kind: Kind
    /// What happened, in one line (no trailing period).
    public var reason: String
    /// What the user does about it.
    public var fix: String
    /// Unix seconds.
    public var at: Double

    public init(kind: Kind, reason: String, fix: String, at: Double) {
        self.kind = kind
        self.reason = reason
        self.fix = fix
        self.at = at
    }
}

/// Everything the state of a job depends on, read from disk by the caller (no I/O or clock in the model).
public struct JobFacts: Sendable, Equatable {
    public var scanFinished = false
    /// The job runs passes (`isIncremental=true`); its scan is never finished for good.
    public var incremental = false
    /// Incremental: Unix seconds when the next pass is due, `nil` when none is planned (pass limit).
    public var nextPassAt: Double?
    public var pendingTasks = 0
    public var dispatchedTasks = 0
    public var succeededTasks = 0
    public var failedTasks = 0
    /// Failed files of the finished tasks (a failed task has at least one).
    public var failedFiles: Int64 = 0
    /// A service process holds the working directory's lock.
    public var serviceRunning = false
    /// The persisted reason the job last stopped, if it did.
    public var stop: JobStop?
    /// Unix seconds of a `stop` request that the service has not been restarted since.
    public var stopRequestedAt: Double?
    /// A service has run the job at least once (it has a status or a scan checkpoint).
    public var everStarted = true

    public init() {}

    /// Work is left: the scan has not finished, or tasks are pending or dispatched.
    public var hasUnfinishedWork: Bool { !scanFinished || pendingTasks > 0 || dispatchedTasks > 0 }
}

/// A job's state as ossimport names it, with the reason and the fix for every state but `Running`/`Succeed`.
public struct JobVerdict: Sendable, Equatable {
    public var state: JobState
    public var reason: String?
    public var fix: String?

    public init(_ state: JobState, reason: String? = nil, fix: String? = nil) {
        self.state = state
        self.reason = reason
        self.fix = fix
    }

    /// `Reason: … — fix: …`, the line `stat` prints after ossimport's block; `nil` without a reason.
    public var line: String? {
        guard let reason else { return nil }
        return "Reason: \(reason)" + (fix.map { " — fix: \($0)" } ?? "")
    }
}

/// The one place that decides a job's state. Pure: the same facts always give the same verdict.
///
/// | facts | state |
/// |---|---|
/// | a fatal stop is recorded | `Failed`, with its reason and fix (the next service start tries again) |
/// | work left, the service runs (and no `stop` was asked) | `Running` |
/// | submitted, never run, no service | `Abort`: not started yet |
/// | work left, `stop` was asked | `Abort`: stopped by `stop` |
/// | work left, a stop is recorded | `Abort`, with its reason |
/// | work left, no service and no record | `Abort`: the service ended without finishing (crash, kill) |
/// | incremental, all passes' work done | `Running` while the service waits for the next pass, else `Abort` |
/// | all done, some file failed | `Failed`: N files failed |
/// | all done, nothing failed | `Succeed` |
public enum JobStateModel {
    public static let resumeFix = "run 'bash console.sh start' (it resumes from the checkpoint; finished files are not uploaded again)"
    public static let retryFix =
        "see failed_tasks/*/error.list and audit.log for each file's reason, fix the cause, then 'bash console.sh retry'"

    public static func verdict(_ facts: JobFacts) -> JobVerdict {
        if let stop = facts.stop, stop.kind == .fatal {
            return JobVerdict(.failed, reason: stop.reason, fix: stop.fix)
        }
        if facts.hasUnfinishedWork || (facts.incremental && !facts.serviceRunning) {
            // A service that runs and was not asked to stop is running the job (a stop record is then stale).
            if facts.serviceRunning && facts.stopRequestedAt == nil { return JobVerdict(.running) }
            if !facts.everStarted && !facts.serviceRunning {
                return JobVerdict(.abort, reason: "submitted; no service has run it yet", fix: "run 'bash console.sh start'")
            }
            if facts.stopRequestedAt != nil || facts.stop?.kind == .stopped {
                let reason = facts.stop?.reason ?? "stopped by 'stop' before the job finished"
                return JobVerdict(.abort, reason: reason, fix: resumeFix)
            }
            if facts.serviceRunning { return JobVerdict(.running) }
            let what = facts.incremental && !facts.hasUnfinishedWork
                ? "the service is not running: no further incremental pass starts"
                : "the service is not running and the job has work left (the service was killed or crashed)"
            return JobVerdict(.abort, reason: what, fix: resumeFix)
        }
        if facts.incremental { return JobVerdict(.running) }
        if facts.failedTasks > 0 || facts.failedFiles > 0 {
            let files = facts.failedFiles == 1 ? "1 file" : "\(facts.failedFiles) files"
            let tasks = facts.failedTasks == 1 ? "1 task" : "\(facts.failedTasks) tasks"
            return JobVerdict(.failed, reason: "\(files) failed (in \(tasks))", fix: retryFix)
        }
        return JobVerdict(.succeed)
    }
}
