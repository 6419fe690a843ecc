import CurlHTTP
import Foundation
import OSSClient

/// Runs one job to its end in this process: the master scan, the worker pool and the tracker, under one task
/// group. Cancelling the calling task stops it gracefully: transfers in flight are cancelled and stay recorded
/// as not done, so the next start resumes them.
public struct JobRunner: Sendable {
    public let layout: JobLayout
    public let settings: JobSettings
    public let client: OSSClient
    public let log: EventLog
    /// How often `status.json` is refreshed.
    public var statusInterval: Duration = .seconds(1)

    public init(layout: JobLayout, settings: JobSettings, client: OSSClient, log: EventLog) {
        self.layout = layout
        self.settings = settings
        self.client = client
        self.log = log
    }

    /// Returns the job's final state (`Succeed` or `Failed`); throws `CancellationError` when stopped.
    /// Incremental jobs run at most one pass per call and return `Running` (see `JobRunner+Passes.swift`).
    public func run() async throws -> JobState {
        let store = TaskStore(layout: layout, host: settings.host)
        let tracker = Tracker(job: settings.jobName)
        var (checkpoint, finishedTasks) = try await prepare(store: store)
        if settings.incrementalInterval != nil {
            if let ended = checkpoint, try await passEnded(ended, store: store) {
                guard let due = nextPassAt(after: ended), Date().timeIntervalSince1970 >= due else {
                    // Between passes: nothing to do until the next one is due.
                    for summary in finishedTasks { await tracker.seed(finished: summary) }
                    return try await endPass(store: store, tracker: tracker)
                }
                checkpoint = try await startPass(after: ended, store: store)
                finishedTasks = try await BlockingIO.run {
                    try (store.tasks(in: .succeeded) + store.tasks(in: .failed)).compactMap { store.summary(of: $0) }
                }
            }
            await tracker.passes(current: checkpoint?.passNumber ?? 1, nextPassAt: nil, lastPass: checkpoint?.lastPass)
        }
        for summary in finishedTasks { await tracker.seed(finished: summary) }
        if let checkpoint { await tracker.scanProgress(checkpoint) }

        if let fatal = try await preflight() {
            return try await stop(tracker, fatal: fatal)
        }

        let scanFinished = checkpoint?.finished ?? false
        let queue = try await BlockingIO.run { try TaskQueue(store: store, scanFinished: scanFinished) }
        let slots = AsyncSemaphore(permits: settings.fileConcurrency)
        var runner = TaskRunner(
            store: store, tracker: tracker, uploader: FileUploader(client: client, settings: settings),
            slots: slots, log: log)
        if let audit = settings.audit {
            runner.auditor = ObjectAuditor(client: client, bucket: settings.destBucket, settings: audit)
        }
        let workerCount = max(2, min(settings.fileConcurrency, 16))
        log.service(.info, "job \(settings.jobName) running: \(settings.fileConcurrency) file slots, \(workerCount) task workers")

        do {
            try await runWorkers(
                queue: queue, runner: runner, tracker: tracker, workerCount: workerCount, scanning: checkpoint?.finished != true,
                scanSettings: scanSettings(for: checkpoint))
        } catch let unusable as DestinationUnusable {
            return try await stop(tracker, fatal: unusable.message)
        } catch let error {
            // Stopped (SIGTERM, `stop`): record the counters as they are; in-flight work resumes on the next start.
            await tracker.finish(.abort)
            // An unstructured task is not cancelled, so the write is not skipped.
            try? await Task { try await writeStatus(tracker) }.value
            throw error
        }
        if let final = try await BlockingIO.run({
            try SealedJSON.read(ScanCheckpoint.self, from: ScanCheckpoint.path(for: layout), what: "scan checkpoint")
        }) {
            await tracker.scanProgress(final)
        }
        if settings.incrementalInterval != nil { return try await endPass(store: store, tracker: tracker) }
        let failedTasks = try await BlockingIO.run { try store.tasks(in: .failed).count }
        let state: JobState = failedTasks > 0 ? .failed : .succeed
        await tracker.finish(state)
        try await writeStatus(tracker)
        log.service(.info, "job \(settings.jobName) \(state.rawValue)")
        return state
    }

    /// The job cannot go on (bad keys, dead endpoint): one message, state `Failed`, unfinished work kept.
    private func stop(_ tracker: Tracker, fatal: String) async throws -> JobState {
        log.service(.error, "job \(settings.jobName) stopped: \(fatal)")
        await tracker.fatal(fatal)
        await tracker.finish(.failed)
        try await writeStatus(tracker)
        return .failed
    }

    /// The master scan, the workers and the status writer, until every task has run.
    private func runWorkers(
        queue: TaskQueue, runner: TaskRunner, tracker: Tracker, workerCount: Int, scanning: Bool, scanSettings: JobSettings
    ) async throws {
        let layout = self.layout
        let settings = scanSettings
        let log = self.log
        let statusInterval = self.statusInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Status writer: until the workers are done.
            group.addTask {
                while !Task.isCancelled {
                    try? await writeStatus(tracker)
                    try? await Task.sleep(for: statusInterval)
                }
            }
            // Master: scan and cut tasks.
            if scanning {
                group.addTask {
                    defer { Task { await queue.finishScan() } }
                    let master = Master(layout: layout, settings: settings)
                    let final = try await master.run { id, _ in
                        Task { await queue.add(id) }
                    }
                    await tracker.scanProgress(final)
                    await queue.finishScan()
                    log.service(.info, "scan finished: \(final.foundFiles) files, \(final.foundBytes) bytes")
                }
            }
            // Workers.
            try await withThrowingTaskGroup(of: Void.self) { workers in
                for _ in 0..<workerCount {
                    workers.addTask {
                        while let task = try await queue.next() {
                            try await runner.run(task)
                            if let checkpoint = try? await BlockingIO.run({
                                try SealedJSON.read(ScanCheckpoint.self, from: ScanCheckpoint.path(for: layout), what: "scan checkpoint")
                            }) {
                                await tracker.scanProgress(checkpoint)
                            }
                        }
                    }
                }
                try await workers.waitForAll()
            }
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    /// Creates directories, removes leftovers of finished tasks, loads the checkpoint and finished summaries.
    private func prepare(store: TaskStore) async throws -> (ScanCheckpoint?, [TaskSummary]) {
        let layout = self.layout
        return try await BlockingIO.run { () throws -> (ScanCheckpoint?, [TaskSummary]) in
            try layout.createDirectories()
            let finished = try store.tasks(in: .succeeded) + store.tasks(in: .failed)
            let finishedNames = Set(finished.map(\.id.directoryName))
            for name in try FileSystem.list(layout.workerTasks) where finishedNames.contains(name) {
                try FileSystem.removeTree(layout.workerTasks + "/" + name)
            }
            let checkpoint = try? SealedJSON.read(
                ScanCheckpoint.self, from: ScanCheckpoint.path(for: layout), what: "scan checkpoint")
            return (checkpoint ?? nil, finished.compactMap { store.summary(of: $0) })
        }
    }

    /// One cheap request before the job starts: wrong keys, a missing bucket or a dead endpoint end the job
    /// with one clear message instead of failing every file.
    private func preflight() async throws -> String? {
        try await DestinationProbe.unusableReason(client: client, settings: settings, log: log)
    }

    func writeStatus(_ tracker: Tracker) async throws {
        let status = await tracker.snapshot()
        let path = layout.status
        try await BlockingIO.run { try SealedJSON.write(status, to: path, durable: false) }
    }
}
