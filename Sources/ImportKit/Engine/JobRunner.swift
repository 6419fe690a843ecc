import Foundation
import Logging
import OSSClient

/// Runs one job to its end in this process: the master scan, the worker pool and the tracker, under one task
/// group. Cancelling the calling task stops it gracefully: transfers in flight are cancelled and stay recorded
/// as not done, so the next start resumes them.
///
/// Every way a run ends goes through ``JobStateModel``: the final state and its reason are written to
/// `status.json`, and an early end (job-fatal error, stop) also to `stopped.json`, before `run()` returns.
public struct JobRunner: Sendable {
    public let layout: JobLayout
    public let settings: JobSettings
    public let client: OSSClient
    public let log: EventLog
    /// How often `status.json` is refreshed.
    public var statusInterval: Duration = .seconds(1)
    /// Counts the client's retries by reason (the same counter the client's retry callback feeds).
    public var retries = RetryCounter()

    public init(layout: JobLayout, settings: JobSettings, client: OSSClient, log: EventLog) {
        self.layout = layout
        self.settings = settings
        self.client = client
        self.log = log
    }

    /// Returns the job's state at the end of the run: `Succeed`, `Failed` (with a reason in `status.json`), or
    /// `Running` for an incremental job between passes. Throws `CancellationError` when stopped (the state is
    /// then recorded as `Abort`).
    public func run() async throws -> JobState {
        let previous = JobStateStore(layout).status()
        let tracker = Tracker(job: settings.jobName, previous: previous, throttle: settings.throughputLimit, retries: retries)
        do {
            return try await runJob(tracker: tracker)
        } catch is CancellationError {
            await record(tracker, stop: JobStop(
                kind: .stopped, reason: "stopped by 'stop' (or a signal) before the job finished",
                fix: JobStateModel.resumeFix, at: Date().timeIntervalSince1970))
            throw CancellationError()
        } catch {
            let fatal = JobFatal.from(error)
            log.service.error("job {job} stopped: {reason}", metadata: ["job": "\(settings.jobName)", "reason": "\(fatal.reason)"])
            await record(tracker, stop: JobStop(kind: .fatal, reason: fatal.reason, fix: fatal.fix, at: Date().timeIntervalSince1970))
            return .failed
        }
    }

    private func runJob(tracker: Tracker) async throws -> JobState {
        let store = TaskStore(layout: layout, host: settings.host)
        var checkpoint = try await prepare()
        await tracker.seed(try await BlockingIO.run { [layout] in try TaskTotals.load(layout) })
        let extra = await BlockingIO.run { [layout] in FoundAdjustments.total(layout) }
        await tracker.addFound(files: extra.files, bytes: extra.bytes)
        if settings.incrementalInterval != nil {
            if let ended = checkpoint, try await passEnded(ended, store: store) {
                guard let due = nextPassAt(after: ended), Date().timeIntervalSince1970 >= due else {
                    // Between passes: nothing to do until the next one is due.
                    return try await endPass(store: store, tracker: tracker)
                }
                checkpoint = try await startPass(after: ended, store: store)
                let totals = try await BlockingIO.run { [layout] in try TaskTotals.load(layout) }
                await tracker.reseed(totals)
            }
            await tracker.passes(current: checkpoint?.passNumber ?? 1, nextPassAt: nil, lastPass: checkpoint?.lastPass)
        }
        if let checkpoint { await tracker.scanProgress(checkpoint) }

        // The job runs again: an earlier stop no longer applies (a new one is recorded if it stops again).
        try await BlockingIO.run { [layout] in try JobStopRecord.remove(layout) }
        if let fatal = try await DestinationProbe.unusableReason(client: client, settings: settings, log: log) {
            throw DestinationUnusable(message: fatal)
        }

        let workers = Workers(runner: self, tracker: tracker, store: store)
        // A `retry` while the workers drain puts tasks back in `pending_tasks`: run those too (bounded).
        for round in 1...3 {
            let scanning = !(await currentCheckpoint()?.finished ?? false)
            try await workers.run(scanning: scanning, scanSettings: scanSettings(for: checkpoint))
            if let final = await currentCheckpoint() { await tracker.scanProgress(final) }
            let facts = try await BlockingIO.run { [layout] in try JobFacts.load(layout) }
            if !facts.scanFinished {
                throw JobFatal(
                    reason: "the scan ended before it had listed the whole source, without an error",
                    fix: "see logs/ossimport2.log; 'bash console.sh start' resumes the scan from its checkpoint")
            }
            // A one-pass job whose scan found nothing migrates nothing: an empty source is an error (an unmounted
            // NAS, a wrong prefix, an empty list), never `Succeed`. An incremental job may start on an empty source.
            if facts.succeededTasks + facts.failedTasks + facts.pendingTasks + facts.dispatchedTasks == 0,
                settings.incrementalInterval == nil
            {
                throw JobFatal(reason: "the scan found nothing to migrate (\(sourceDescription))", fix: emptySourceFix)
            }
            if facts.pendingTasks == 0 && facts.dispatchedTasks == 0 { break }
            if round == 3 {
                throw JobFatal(
                    reason: "\(facts.pendingTasks + facts.dispatchedTasks) tasks are still pending after the workers finished",
                    fix: JobStateModel.resumeFix)
            }
        }
        if settings.incrementalInterval != nil { return try await endPass(store: store, tracker: tracker) }
        return try await finish(tracker)
    }

    private var sourceDescription: String {
        switch settings.source {
        case .local: return "srcPrefix=\(settings.srcPrefix) holds no file or directory"
        case .http(let list): return "httpListFilePath=\(list.listPath) has no usable line"
        case .oss, .s3: return "no object under srcPrefix=\(settings.srcPrefix) in the source bucket"
        }
    }

    private var emptySourceFix: String {
        switch settings.source {
        case .local: return "check srcPrefix (a NAS that is not mounted shows an empty directory), then 'bash console.sh clean', submit and start"
        case .http: return "check the URL list file (one 'prefix relative-path' pair per line), then 'bash console.sh clean', submit and start"
        case .oss, .s3: return "check srcBucket and srcPrefix, then 'bash console.sh clean', submit and start"
        }
    }

    /// The end of a one-pass job: its state from the facts on disk, as the service that runs it sees them.
    private func finish(_ tracker: Tracker) async throws -> JobState {
        var facts = try await BlockingIO.run { [layout] in try JobFacts.load(layout) }
        facts.serviceRunning = true
        facts.stop = nil
        facts.stopRequestedAt = nil
        let verdict = JobStateModel.verdict(facts)
        await tracker.finish(verdict)
        try await writeStatus(tracker)
        log.service.info(
            "job {job} {job.state}\(verdict.reason == nil ? "" : ": {reason}")",
            metadata: ["job": "\(settings.jobName)", "job.state": "\(verdict.state.rawValue)", "reason": "\(verdict.reason ?? "")"])
        await writeReport()
        return verdict.state
    }

    /// Persists why the run ended early, and the status with the state the model gives for it. Runs in an
    /// unstructured task so that a cancelled caller does not skip the writes.
    private func record(_ tracker: Tracker, stop: JobStop) async {
        let layout = self.layout
        let log = self.log
        await Task {
            do {
                try await BlockingIO.run { try JobStopRecord.write(stop, layout) }
            } catch {
                log.service.error(
                    "job {job}: cannot record why it stopped ({reason}): {error}",
                    metadata: ["job": "\(layout.name)", "reason": "\(stop.reason)", "error": "\(error)"])
            }
            var facts = (try? await BlockingIO.run { try JobFacts.load(layout) }) ?? JobFacts()
            facts.serviceRunning = false
            facts.stop = stop
            await tracker.finish(JobStateModel.verdict(facts))
            do {
                try await writeStatus(tracker)
            } catch let error as SystemError where error.isNoSpace {
                DiskReserve.release(layout)
                try? await writeStatus(tracker)
            } catch {}
            await writeReport()
        }.value
    }

    /// Creates directories and the disk reserve, removes leftovers of finished tasks, loads the checkpoint.
    private func prepare() async throws -> ScanCheckpoint? {
        let layout = self.layout
        let store = TaskStore(layout: layout, host: settings.host)
        return try await BlockingIO.run { () throws -> ScanCheckpoint? in
            try layout.createDirectories()
            DiskReserve.ensure(layout)
            let finished = try store.tasks(in: .succeeded) + store.tasks(in: .failed)
            let finishedNames = Set(finished.map(\.id.directoryName))
            for name in try FileSystem.list(layout.workerTasks) where finishedNames.contains(name) {
                try FileSystem.removeTree(layout.workerTasks + "/" + name)
            }
            return JobStateStore(layout).checkpoint()
        }
    }

    /// The scan checkpoint on disk (`nil` when none or corrupt).
    func currentCheckpoint() async -> ScanCheckpoint? {
        let store = JobStateStore(layout)
        return await BlockingIO.run { store.checkpoint() }
    }

    /// Writes `report.json` and `report.html` (``JobReport``); a failure is logged, never fatal.
    func writeReport() async {
        let layout = self.layout
        do {
            let path = try await BlockingIO.run {
                try JobReport.build(job: layout.name, workingDirectory: layout.workingDirectory).write(to: layout)
            }
            log.service.info("job {job}: report written to {report.path}", metadata: ["job": "\(layout.name)", "report.path": "\(path)"])
        } catch {
            log.service.error("job {job}: report not written: {error}", metadata: ["job": "\(layout.name)", "error": "\(error)"])
        }
    }

    func writeStatus(_ tracker: Tracker) async throws {
        let status = await tracker.snapshot()
        let store = JobStateStore(layout)
        try await BlockingIO.run { try store.write(status) }
    }
}
