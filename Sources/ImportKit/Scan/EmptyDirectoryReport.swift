/// The `audit.log` line and `DONE` counts of an empty source directory (never a file: it is not in `files`,
/// `uploaded`, `skipped` or `failed`).
///
/// `EMPTY_DIR\t<dir>/\t0\t<what happened>`, or `EMPTY_DIR_FAILED\t<dir>/\t0\t<error>` when its marker object could
/// not be written: then the directory is in `error.list` (a `retry` tries the marker again) and the task fails.
enum EmptyDirectoryReport {
    /// `stat`'s line: `Empty directories: N (EMPTY_DIR in the tasks' audit.log[; M markers failed])`.
    static func statLine(found: Int64, failed: Int64) -> String {
        let failures = failed > 0 ? "; \(failed) marker objects not created (EMPTY_DIR_FAILED)" : ""
        return "Empty directories: \(found) (EMPTY_DIR in the tasks' audit.log\(failures))\n"
    }

    static func add(path: String, outcome: FileOutcome, summary: inout TaskSummary, audit: inout String, errorList: inout String) {
        summary.emptyDirs += 1
        if outcome.status == .failed {
            summary.emptyDirsFailed += 1
            errorList += path + "\n"
            audit += "EMPTY_DIR_FAILED\t\(path)/\t0\t\(outcome.detail)\n"
        } else {
            audit += "EMPTY_DIR\t\(path)/\t0\t\(outcome.detail)\n"
        }
    }
}
