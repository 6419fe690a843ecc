/// An error after which the job cannot go on until something is fixed: the job ends `Failed` with this reason and
/// fix (persisted as a ``JobStop``), instead of failing every file or restarting in a loop.
struct JobFatal: Error, CustomStringConvertible {
    var reason: String
    var fix: String

    var description: String { "\(reason) — fix: \(fix)" }

    static let configFix =
        "correct the job file, then 'bash console.sh clean' and 'submit' it again (the submitted copy in master/jobs/<job>/job.cfg is what runs), or 'bash import.sh --restart'"

    /// The fatal form of an error that ended a job run (never called with `CancellationError`).
    static func from(_ error: any Error) -> JobFatal {
        switch error {
        case let fatal as JobFatal:
            return fatal
        case let unusable as DestinationUnusable:
            return JobFatal(
                reason: unusable.message,
                fix: "check destDomain, destBucket, destAccessKey and destSecretKey; \(configFix); a transient outage clears with 'bash console.sh start'")
        case let error as SystemError where error.isNoSpace:
            return JobFatal(
                reason: "no space left on the device of the working directory (\(error))",
                fix: "free space there, then 'bash console.sh start': the job resumes and files whose outcome could not be recorded run again")
        case let error as SystemError:
            return JobFatal(
                reason: "cannot write the job's state: \(error)",
                fix: "check the working directory (permissions, mount, disk), then 'bash console.sh start'")
        case let scan as ScanFailure:
            return JobFatal(reason: "the scan of the source failed: \(scan.underlying)", fix: scan.fix)
        default:
            return JobFatal(reason: "\(error)", fix: JobStateModel.resumeFix)
        }
    }
}

/// The scan (listing the source, reading the URL list) failed: the job stops with the scan's error.
struct ScanFailure: Error, CustomStringConvertible {
    var underlying: any Error
    var description: String { "scan failed: \(underlying)" }

    var fix: String {
        if underlying is HTTPListError {
            return "correct the URL list file (httpListFilePath), then 'bash console.sh start' (the scan resumes)"
        }
        return "make the source readable (srcPrefix and its permissions, or the source bucket's keys), then 'bash console.sh start' (the scan resumes)"
    }
}
