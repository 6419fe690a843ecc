/// Counters of files with an outcome: what `DONE` files sum to, plus the outcomes already recorded in the progress
/// logs of dispatched tasks. Every file counts exactly once: finished tasks through their `DONE`, running ones
/// through their progress log (failed outcomes of a running task are not counted: the task tries them again).
public struct TaskTotals: Sendable, Equatable {
    public var files: Int64 = 0
    /// Source bytes of the files counted.
    public var bytes: Int64 = 0
    public var uploaded: Int64 = 0
    public var uploadedBytes: Int64 = 0
    public var skipped: Int64 = 0
    public var failed: Int64 = 0
    public var audit = AuditCounts()
    /// Empty source directories (not files), and those whose marker could not be created.
    public var emptyDirs: Int64 = 0
    public var emptyDirsFailed: Int64 = 0
    /// Finished tasks that failed (at least one failed file).
    public var failedTasks = 0

    public init() {}

    public init(_ summary: TaskSummary) {
        files = Int64(summary.files)
        bytes = summary.bytes
        uploaded = Int64(summary.uploaded)
        uploadedBytes = summary.uploadedBytes
        skipped = Int64(summary.skipped)
        failed = Int64(summary.failed)
        audit = summary.audit
        emptyDirs = Int64(summary.emptyDirs)
        emptyDirsFailed = Int64(summary.emptyDirsFailed)
    }

    public mutating func add(_ other: TaskTotals) {
        files += other.files
        bytes += other.bytes
        uploaded += other.uploaded
        uploadedBytes += other.uploadedBytes
        skipped += other.skipped
        failed += other.failed
        audit.add(other.audit)
        emptyDirs += other.emptyDirs
        emptyDirsFailed += other.emptyDirsFailed
        failedTasks += other.failedTasks
    }

    /// Counts one outcome of a file of `size` source bytes (an empty directory is counted apart: not a file).
    public mutating func add(_ outcome: FileOutcome, size: Int64, emptyDirectory: Bool = false) {
        if emptyDirectory {
            emptyDirs += 1
            if outcome.status == .failed { emptyDirsFailed += 1 }
            return
        }
        if outcome.status == .expanded { return }
        files += 1
        bytes += size
        switch outcome.status {
        case .ok:
            uploaded += 1
            uploadedBytes += outcome.bytes
        case .skipped: skipped += 1
        case .failed: failed += 1
        case .verified, .expanded: break
        }
        if let verdict = outcome.audit { audit.add(verdict) }
    }

    /// The totals of a job's finished tasks and of the outcomes its dispatched tasks have recorded so far.
    /// Reads every `DONE`, and the `TASK` and progress log of each dispatched task.
    public static func load(_ layout: JobLayout) throws -> TaskTotals {
        var totals = TaskTotals()
        let store = TaskStore(layout: layout, host: "localhost")
        for state in [TaskState.succeeded, .failed] {
            for task in try store.tasks(in: state) {
                guard let summary = store.summary(of: task) else { continue }
                totals.add(TaskTotals(summary))
                if state == .failed { totals.failedTasks += 1 }
            }
        }
        for host in try FileSystem.list(layout.dispatchedRoot) {
            let hostStore = TaskStore(layout: layout, host: host)
            for task in try hostStore.tasks(in: .dispatched) {
                totals.add(try recorded(task, layout: layout))
            }
        }
        return totals
    }

    /// What a dispatched task's progress log has recorded (failed outcomes left out: they run again).
    static func recorded(_ task: StoredTask, layout: JobLayout) throws -> TaskTotals {
        var totals = TaskTotals()
        let outcomes = try ProgressLog.load(path: TaskFiles.progress(in: layout.workerTask(task.id)))
        guard !outcomes.isEmpty, let manifest = try? task.manifest() else { return totals }
        for (index, outcome) in outcomes where outcome.status != .failed && index < manifest.entries.count {
            let entry = manifest.entries[index]
            totals.add(outcome, size: entry.countedSize, emptyDirectory: entry.kind == .emptyDirectory)
        }
        return totals
    }
}
