/// Every path of ossimport's on-disk layout under the working directory, in one place.
///
/// ```
/// master/jobqueue/<job>                         job submitted, scan not finished
/// master/jobs/<job>/job.cfg                      the config as submitted (frozen until clean)
/// master/jobs/<job>/checkpoints/0/<HEX>.cpt      scan checkpoint
/// master/jobs/<job>/pending_tasks/<task>/TASK    tasks waiting for a worker
/// master/jobs/<job>/dispatched/<host>/<task>/    tasks handed to the worker on <host>
/// master/jobs/<job>/succeed_tasks/<task>/        TASK STATUS DONE error.list audit.log
/// master/jobs/<job>/failed_tasks/<task>/         same files, STATUS=Failed
/// master/jobs/<job>/status.json                  live counters written by the service, read by `stat`
/// master/jobs/<job>/stopped.json                 why the job stopped before its end (reason and fix)
/// worker/jobs/<job>/tasks/<task>/                progress log and multipart checkpoints of running tasks
/// logs/                                          import.log job_stat.log ossimport2.log submit.log
/// ```
public struct WorkingDirectory: Sendable {
    public let root: String

    public init(_ root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    public var master: String { root + "/master" }
    public var jobQueue: String { master + "/jobqueue" }
    public var jobs: String { master + "/jobs" }
    public var logs: String { root + "/logs" }
    public var workerJobs: String { root + "/worker/jobs" }
    public var pidFile: String { master + "/ossimport.pid" }
    public var lockFile: String { master + "/ossimport.lock" }
    /// Written by `stop` before it signals the service, removed by `start` (see ``JobFacts``).
    public var stopMarker: String { master + "/ossimport.stopped" }

    public func job(_ name: String) -> JobLayout { JobLayout(workingDirectory: self, name: name) }

    /// Names of submitted jobs.
    public func jobNames() throws(SystemError) -> [String] {
        try FileSystem.list(jobs).filter { !$0.hasPrefix(".") }.sorted()
    }
}

/// The paths of one job.
public struct JobLayout: Sendable {
    public let workingDirectory: WorkingDirectory
    public let name: String

    public var root: String { workingDirectory.jobs + "/" + name }
    public var queueMarker: String { workingDirectory.jobQueue + "/" + name }
    public var configCopy: String { root + "/job.cfg" }
    public var checkpoints: String { root + "/checkpoints/0" }
    public var pending: String { root + "/pending_tasks" }
    public var dispatchedRoot: String { root + "/dispatched" }
    public func dispatched(host: String) -> String { dispatchedRoot + "/" + host }
    public var succeeded: String { root + "/succeed_tasks" }
    public var failed: String { root + "/failed_tasks" }
    public var status: String { root + "/status.json" }
    /// Why the job last stopped before its end (``JobStop``); removed when the job runs again.
    public var stopRecord: String { root + "/stopped.json" }
    /// Space kept free for the last state writes when the disk fills up (``DiskReserve``).
    public var reserve: String { root + "/.reserve" }
    public var workerTasks: String { workingDirectory.workerJobs + "/" + name + "/tasks" }
    public func workerTask(_ id: TaskID) -> String { workerTasks + "/" + id.directoryName }

    public var allDirectories: [String] { [root, checkpoints, pending, dispatchedRoot, succeeded, failed, workerTasks] }

    public func createDirectories() throws(SystemError) {
        for directory in allDirectories { try FileSystem.makeDirectories(directory) }
    }
}
