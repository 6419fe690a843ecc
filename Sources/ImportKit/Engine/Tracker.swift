import Foundation

/// Keeps the counters of a job (files and bytes found, done, skipped, failed), per-task progress, the bytes OSS
/// acknowledged while files are in flight, and the moving-average speed; produces the ``JobStatus`` the service
/// writes every second. The state itself comes from ``JobStateModel``.
public actor Tracker {
    public let job: String
    /// Counts acknowledged bytes as transfers go (shared with the uploaders).
    public nonisolated let meter = TransferMeter()
    /// Counts the requests tried again in this service run, by reason (shared with the OSS client's callback).
    public nonisolated let retries: RetryCounter
    /// Retries counted by earlier service runs.
    private let retriesBefore: [String: Int64]
    private var status: JobStatus
    private var taskProgress: [String: RunningTaskProgress] = [:]
    /// (time, acknowledged bytes, done files) once per snapshot, over the last ``window`` seconds.
    private var samples: [(time: Double, bytes: Int64, files: Int64)] = []
    /// Seconds the speed is averaged over.
    let window: Double
    /// `workerMaxThroughput(KB/s)` in bytes per second, when set: the speed shown never exceeds it.
    let throttle: Double?
    /// Entries added after the scan (``FoundAdjustments``): added to the checkpoint's found counts.
    private var extraFound: (files: Int64, bytes: Int64) = (0, 0)
    /// Elapsed seconds of earlier service runs.
    private let elapsedBefore: Double
    /// Throughput samples over the job's life (carried over service runs).
    private var history: ThroughputHistory
    /// (time, acknowledged bytes) of the last history sample.
    private var lastSample: (time: Double, bytes: Int64)?

    /// `previous` is the status an earlier run left: its elapsed time carries over.
    public init(job: String, previous: JobStatus? = nil, throttle: Double? = nil, window: Double = 30,
                startedAt: Double = Date().timeIntervalSince1970, retries: RetryCounter = RetryCounter()) {
        self.job = job
        self.window = window
        self.throttle = throttle
        var status = JobStatus(job: job)
        status.pid = getpid()
        status.startedAt = startedAt
        status.updatedAt = startedAt
        self.status = status
        elapsedBefore = previous.map { $0.elapsedSeconds } ?? 0
        history = previous?.throughput ?? ThroughputHistory()
        self.retries = retries
        retriesBefore = previous?.retries ?? [:]
        lastSample = (startedAt, 0)
    }

    /// Seeds the counters from the durable records (finished tasks, progress logs of dispatched tasks).
    public func seed(_ totals: TaskTotals) {
        status.add(totals)
    }

    /// Replaces the file counters with `totals` (a new incremental pass re-queued failed tasks).
    public func reseed(_ totals: TaskTotals) {
        var fresh = JobStatus(job: job)
        fresh.add(totals)
        status.doneFiles = fresh.doneFiles
        status.doneBytes = fresh.doneBytes
        status.uploadedFiles = fresh.uploadedFiles
        status.uploadedBytes = fresh.uploadedBytes
        status.skippedFiles = fresh.skippedFiles
        status.failedFiles = fresh.failedFiles
        status.audit = fresh.audit
        status.emptyDirs = fresh.emptyDirs
        status.emptyDirsFailed = fresh.emptyDirsFailed
    }

    /// Entries found after the scan (a directory listed again on `retry`).
    public func addFound(files: Int64, bytes: Int64) {
        extraFound.files += files
        extraFound.bytes += bytes
        status.foundFiles += files
        status.foundBytes += bytes
    }

    public func scanProgress(_ checkpoint: ScanCheckpoint) {
        status.foundFiles = checkpoint.foundFiles + extraFound.files
        status.foundBytes = checkpoint.foundBytes + extraFound.bytes
        // An incremental job's scan is never finished: another pass comes (as ossimport shows it).
        status.scanFinished = checkpoint.finished && checkpoint.incremental != true && status.pass == nil
    }

    public func taskStarted(_ id: TaskID, manifest: TaskManifest) {
        taskProgress[id.progressName] = RunningTaskProgress(
            task: id.progressName, doneBytes: 0, totalBytes: manifest.totalBytes, doneFiles: 0,
            totalFiles: manifest.fileCount)
    }

    /// A new outcome: counted in the totals and the task's progress.
    public func record(_ outcome: FileOutcome, task id: TaskID, fileSize: Int64, emptyDirectory: Bool = false) {
        var totals = TaskTotals()
        totals.add(outcome, size: fileSize, emptyDirectory: emptyDirectory)
        status.add(totals)
        resumed(task: id, fileSize: fileSize)
    }

    /// An outcome recorded before this run (already in the seeded totals): only the task's progress moves.
    public func resumed(task id: TaskID, fileSize: Int64) {
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

    public func finish(_ verdict: JobVerdict) {
        if verdict.state != .running { taskProgress.removeAll() }
        status.state = verdict.state
        status.reason = verdict.reason
        status.fix = verdict.fix
    }

    public var failedFiles: Int64 { status.failedFiles }

    /// A snapshot with fresh rates: acknowledged bytes and finished files over the last ``window`` seconds.
    public func snapshot(now: Double = Date().timeIntervalSince1970) -> JobStatus {
        let meter = self.meter.snapshot
        samples.append((now, meter.acknowledged, status.doneFiles))
        while let first = samples.first, now - first.time > window, samples.count > 2 { samples.removeFirst() }
        if let first = samples.first, now - first.time >= 1 {
            let span = now - first.time
            var bytesPerSecond = Double(meter.acknowledged - first.bytes) / span
            if let throttle { bytesPerSecond = min(bytesPerSecond, throttle) }
            status.bytesPerSecond = max(0, bytesPerSecond)
            status.filesPerSecond = max(0, Double(status.doneFiles - first.files) / span)
            status.windowSeconds = span
        }
        if let last = lastSample {
            history.record(end: now, seconds: now - last.time, bytes: meter.acknowledged - last.bytes, cap: throttle)
        }
        lastSample = (now, meter.acknowledged)
        status.throughput = history.samples.isEmpty ? nil : history
        let retried = retriesBefore.merging(retries.snapshot, uniquingKeysWith: +)
        status.retries = retried.isEmpty ? nil : retried
        status.acknowledgedInFlightBytes = meter.inFlightBytes
        status.inFlightFiles = Int64(meter.inFlightFiles)
        status.updatedAt = now
        status.elapsedSeconds = elapsedBefore + max(0, now - status.startedAt)
        status.running = taskProgress.values.sorted { $0.task < $1.task }
        return status
    }
}
