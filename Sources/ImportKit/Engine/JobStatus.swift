import Foundation

/// ossimport's job states.
public enum JobState: String, Codable, Sendable {
    case running = "Running"
    case succeed = "Succeed"
    case failed = "Failed"
    case abort = "Abort"
}

/// Progress of one running task, as `stat` prints it: `<task>:<doneBytes>/<totalBytes> <doneFiles>/<totalFiles>`.
public struct RunningTaskProgress: Codable, Sendable, Equatable {
    public var task: String
    public var doneBytes: Int64
    public var totalBytes: Int64
    public var doneFiles: Int
    public var totalFiles: Int
}

/// The live state of a job, written by the service every second to `master/jobs/<job>/status.json` and read by
/// `stat` (another process). Counters come from durable records (task `DONE` files and progress logs) plus what
/// this service run recorded since, so they never go backwards across restarts.
public struct JobStatus: Codable, Sendable, Equatable {
    public var job: String
    public var state: JobState = .running
    /// Why the job is `Failed` or `Abort` (see ``JobStateModel``), and what to do.
    public var reason: String? = nil
    public var fix: String? = nil
    public var pid: Int32 = 0
    /// Unix seconds of this snapshot.
    public var updatedAt: Double = 0
    /// Unix seconds when the current service run started the job.
    public var startedAt: Double = 0
    /// Seconds the job has run over all service runs, up to `updatedAt`.
    public var elapsedSeconds: Double = 0
    public var scanFinished = false
    public var foundFiles: Int64 = 0
    public var foundBytes: Int64 = 0
    /// Files with an outcome (uploaded, skipped, failed, verified) and their source sizes.
    public var doneFiles: Int64 = 0
    public var doneBytes: Int64 = 0
    /// Files OSS acknowledged in full, and their bytes.
    public var uploadedFiles: Int64 = 0
    public var uploadedBytes: Int64 = 0
    public var skippedFiles: Int64 = 0
    public var failedFiles: Int64 = 0
    /// Bytes of files still in flight that OSS already acknowledged (parts, resumed parts).
    public var acknowledgedInFlightBytes: Int64 = 0
    /// Files being transferred now.
    public var inFlightFiles: Int64 = 0
    /// Acknowledged bytes per second and finished files per second, averaged over the last `windowSeconds`
    /// (never above `workerMaxThroughput(KB/s)`).
    public var bytesPerSecond: Double = 0
    public var filesPerSecond: Double = 0
    public var windowSeconds: Double = 0
    public var running: [RunningTaskProgress] = []
    /// What the audit found so far (`nil` when the job does not verify).
    public var audit: AuditCounts? = nil
    /// Incremental jobs: the pass under way or last finished (1 = the first full pass).
    public var pass: Int? = nil
    /// Incremental jobs: Unix seconds when the next pass starts (`nil` while a pass runs).
    public var nextPassAt: Double? = nil
    /// Incremental jobs: what the last finished pass did.
    public var lastPass: PassSummary? = nil
    /// Empty source directories handled so far (not files; `nil` = none), and those whose marker failed.
    public var emptyDirs: Int64? = nil
    public var emptyDirsFailed: Int64? = nil
    /// Throughput over the job's life at a bounded size, and the peak (the report's chart; `nil` before the first
    /// sample). Carried over service runs.
    public var throughput: ThroughputHistory? = nil
    /// Requests to OSS tried again, by reason (``RetryCounter/reasons``), over all service runs; `nil` = none.
    public var retries: [String: Int64]? = nil

    public init(job: String) {
        self.job = job
    }

    /// Adds the counters of finished or recorded work.
    mutating func add(_ totals: TaskTotals) {
        doneFiles += totals.files
        doneBytes += totals.bytes
        uploadedFiles += totals.uploaded
        uploadedBytes += totals.uploadedBytes
        skippedFiles += totals.skipped
        failedFiles += totals.failed
        if totals.audit.total > 0 { audit = (audit ?? AuditCounts()).adding(totals.audit) }
        if totals.emptyDirs > 0 { emptyDirs = (emptyDirs ?? 0) + totals.emptyDirs }
        if totals.emptyDirsFailed > 0 { emptyDirsFailed = (emptyDirsFailed ?? 0) + totals.emptyDirsFailed }
    }
}
