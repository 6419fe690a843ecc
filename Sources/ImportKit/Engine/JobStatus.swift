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

/// The live state of a job, written by the service every second to `master/jobs/<job>/status.json`
/// and read by `stat` (another process).
public struct JobStatus: Codable, Sendable, Equatable {
    public var job: String
    public var state: JobState
    public var pid: Int32
    public var updatedAt: Double
    public var startedAt: Double
    public var scanFinished: Bool
    public var foundFiles: Int64
    public var foundBytes: Int64
    public var doneFiles: Int64
    public var doneBytes: Int64
    public var uploadedFiles: Int64
    public var uploadedBytes: Int64
    public var skippedFiles: Int64
    public var failedFiles: Int64
    /// Bytes per second and files per second over the last few seconds.
    public var bytesPerSecond: Double
    public var filesPerSecond: Double
    public var running: [RunningTaskProgress]
    /// One-line reason when the job stopped early (bad credentials, dead endpoint).
    public var fatalError: String?
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
}
