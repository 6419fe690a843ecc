/// The names of the files in a task's directories, in one place.
public enum TaskFiles {
    /// `TASK`: the files of the task (``TaskManifest``).
    public static let task = "TASK"
    /// `STATUS`: `Completed` or `Failed`.
    public static let status = "STATUS"
    /// `DONE`: the summary line (``TaskSummary``).
    public static let done = "DONE"
    public static let errorList = "error.list"
    public static let auditLog = "audit.log"
    /// `OUTCOMES`: the final outcome of every file (progress-log lines), kept so that `retry` runs only the failed
    /// files and counts the others exactly as before.
    public static let outcomes = "OUTCOMES"
    /// `RETRY`: written by older versions' `retry` (the failed paths); read for compatibility.
    public static let retry = "RETRY"

    /// The length of the task's `audit.log` when its current run started (worker task directory).
    public static func auditBase(in workerDirectory: String) -> String { workerDirectory + "/audit-base" }

    /// The progress log in a worker task directory.
    public static func progress(in workerDirectory: String) -> String { workerDirectory + "/progress" }
}
