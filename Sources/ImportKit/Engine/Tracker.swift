import Foundation

/// Keeps the counters of a job (files and bytes found, done, skipped, failed), per-task progress and
/// transfer rates, and decides the job state.
public actor Tracker {
    public let job: String
    private var status: JobStatus
    private var taskProgress: [String: RunningTaskProgress] = [:]
    private var samples: [(time: Double, bytes: Int64, files: Int64)] = []
    /// Bytes of the file transfers in flight, counted as they are sent.
    private var inFlightBytes: Int64 = 0

    public init(job: String, startedAt: Double = Date().timeIntervalSince1970) {
        self.job = job
        status = JobStatus(
            job: job, state: .running, pid: getpid(), updatedAt: startedAt, startedAt: startedAt, scanFinished: false,
            foundFiles: 0, foundBytes: 0, doneFiles: 0, doneBytes: 0, uploadedFiles: 0, uploadedBytes: 0,
            skippedFiles: 0, failedFiles: 0, bytesPerSecond: 0, filesPerSecond: 0, running: [], fatalError: nil)
    }

    /// Seeds the counters from what earlier runs finished (succeed/failed task summaries).
    public func seed(finished: TaskSummary) {
        status.doneFiles += Int64(finished.files)
        status.doneBytes += finished.bytes
        status.uploadedFiles += Int64(finished.uploaded)
        status.uploadedBytes += finished.uploadedBytes
        status.skippedFiles += Int64(finished.skipped)
        status.failedFiles += Int64(finished.failed)
        if finished.audit.total > 0 { status.audit = (status.audit ?? AuditCounts()).adding(finished.audit) }
        if finished.emptyDirs > 0 { status.emptyDirs = (status.emptyDirs ?? 0) + Int64(finished.emptyDirs) }
        if finished.emptyDirsFailed > 0 {
            status.emptyDirsFailed = (status.emptyDirsFailed ?? 0) + Int64(finished.emptyDirsFailed)
        }
    }

    public func scanProgress(_ checkpoint: ScanCheckpoint) {
        status.foundFiles = checkpoint.foundFiles
        status.foundBytes = checkpoint.foundBytes
        // An incremental job's scan is never finished: another pass comes (as ossimport shows it).
        status.scanFinished = checkpoint.finished && checkpoint.incremental != true && status.pass == nil
    }

    public func taskStarted(_ id: TaskID, manifest: TaskManifest) {
        taskProgress[id.progressName] = RunningTaskProgress(
            task: id.progressName, doneBytes: 0, totalBytes: manifest.totalBytes, doneFiles: 0,
            totalFiles: manifest.fileCount)
    }

    public func record(_ outcome: FileOutcome, task id: TaskID, fileSize: Int64, emptyDirectory: Bool = false) {
        if emptyDirectory {
            // Not a file: counted apart, so uploaded + skipped + failed stays equal to the files found.
            status.emptyDirs = (status.emptyDirs ?? 0) + 1
            if outcome.status == .failed { status.emptyDirsFailed = (status.emptyDirsFailed ?? 0) + 1 }
            return
        }
        status.doneFiles += 1
        status.doneBytes += fileSize
        switch outcome.status {
        case .ok:
            status.uploadedFiles += 1
            status.uploadedBytes += outcome.bytes
        case .skipped:
            status.skippedFiles += 1
        case .failed:
            status.failedFiles += 1
        case .verified:
            break
        }
        if let verdict = outcome.audit {
            var counts = status.audit ?? AuditCounts()
            counts.add(verdict)
            status.audit = counts
        }
        if var progress = taskProgress[id.progressName] {
            progress.doneFiles += 1
            progress.doneBytes += fileSize
            taskProgress[id.progressName] = progress
        }
    }

    public func taskFinished(_ id: TaskID) {
        taskProgress[id.progressName] = nil
    }

    /// Incremental jobs: the pass under way (or last finished), when the next starts, what the last did.
    public func passes(current: Int?, nextPassAt: Double?, lastPass: PassSummary?) {
        status.pass = current
        status.nextPassAt = nextPassAt
        status.lastPass = lastPass
    }

    /// Clears the per-file counters, to seed them again (a new pass re-queued failed tasks).
    public func resetCounters() {
        status.doneFiles = 0
        status.doneBytes = 0
        status.uploadedFiles = 0
        status.uploadedBytes = 0
        status.skippedFiles = 0
        status.failedFiles = 0
        status.audit = nil
        status.emptyDirs = nil
        status.emptyDirsFailed = nil
    }

    public func fatal(_ message: String) {
        status.fatalError = message
    }

    public func finish(_ state: JobState) {
        status.state = state
    }

    public var failedFiles: Int64 { status.failedFiles }

    /// A snapshot with fresh rates (a sliding window of ~10 s).
    public func snapshot() -> JobStatus {
        let now = Date().timeIntervalSince1970
        samples.append((now, status.doneBytes, status.doneFiles))
        while let first = samples.first, now - first.time > 10, samples.count > 2 { samples.removeFirst() }
        if let first = samples.first, now - first.time > 0.5 {
            status.bytesPerSecond = Double(status.doneBytes - first.bytes) / (now - first.time)
            status.filesPerSecond = Double(status.doneFiles - first.files) / (now - first.time)
        }
        status.updatedAt = now
        status.running = taskProgress.values.sorted { $0.task < $1.task }
        return status
    }
}
