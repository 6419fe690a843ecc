import Foundation

extension JobFacts {
    /// Reads the facts of a job from its directories: checkpoint, task directories, stop record, `stop` marker and
    /// whether a service holds the lock. `status` is the job's `status.json`, when already read.
    public static func load(_ layout: JobLayout, status: JobStatus? = nil) throws -> JobFacts {
        var facts = JobFacts()
        let checkpoint = JobStateStore(layout).checkpoint()
        facts.scanFinished = checkpoint?.finished ?? false
        facts.everStarted = checkpoint != nil || status != nil || FileSystem.exists(layout.status)
        facts.incremental = checkpoint?.incremental == true || checkpoint?.pass != nil || status?.pass != nil
        facts.nextPassAt = status?.nextPassAt
        let store = TaskStore(layout: layout, host: "localhost")
        facts.pendingTasks = try store.tasks(in: .pending).count
        for host in try FileSystem.list(layout.dispatchedRoot) {
            facts.dispatchedTasks += try TaskStore(layout: layout, host: host).tasks(in: .dispatched).count
        }
        facts.succeededTasks = try FileSystem.list(layout.succeeded).count  // no parsing: the service asks every poll
        for task in try store.tasks(in: .failed) {
            facts.failedTasks += 1
            let summary = store.summary(of: task)
            facts.failedFiles += Int64(summary.map { $0.failed + $0.emptyDirsFailed } ?? 1)
        }
        facts.stop = JobStopRecord.read(layout)
        facts.serviceRunning = ServiceLock.runningPid(layout.workingDirectory) != nil
        facts.stopRequestedAt = StopMarker.read(layout.workingDirectory).map { Double($0.time) }
        return facts
    }
}

/// The persisted ``JobStop`` of a job (`master/jobs/<job>/stopped.json`).
enum JobStopRecord {
    public static func read(_ layout: JobLayout) -> JobStop? {
        (try? SealedJSON.read(JobStop.self, from: layout.stopRecord, what: "stop record")) ?? nil
    }

    /// Writes the record durably. On a full disk it frees the job's reserve first (see ``DiskReserve``).
    public static func write(_ stop: JobStop, _ layout: JobLayout) throws {
        do {
            try SealedJSON.write(stop, to: layout.stopRecord)
        } catch let error as SystemError where error.isNoSpace {
            DiskReserve.release(layout)
            try SealedJSON.write(stop, to: layout.stopRecord)
        }
    }

    public static func remove(_ layout: JobLayout) throws {
        try FileSystem.removeTree(layout.stopRecord)
    }
}

/// A small file kept in each running job's directory and deleted when the disk is full, so that the job can still
/// write why it stopped (``JobStopRecord``) and its final status.
enum DiskReserve {
    static let size = 64 * 1024

    /// Creates the reserve if it is missing (best effort: a disk already full simply has none).
    static func ensure(_ layout: JobLayout) {
        guard !FileSystem.exists(layout.reserve) else { return }
        try? AtomicFile.write([UInt8](repeating: 0, count: size), to: layout.reserve)
    }

    static func release(_ layout: JobLayout) {
        try? FileSystem.removeTree(layout.reserve)
    }
}
