import Testing

@testable import ImportKit

/// Every row of ``JobStateModel``'s table, and the cases between them.
@Suite struct JobStateModelTests {
    static func facts(
        scan: Bool = true, pending: Int = 0, dispatched: Int = 0, failed: Int = 0, failedFiles: Int64 = 0,
        service: Bool = false, stop: JobStop.Kind? = nil, stopRequested: Bool = false, incremental: Bool = false,
        started: Bool = true
    ) -> JobFacts {
        var facts = JobFacts()
        facts.scanFinished = scan
        facts.pendingTasks = pending
        facts.dispatchedTasks = dispatched
        facts.failedTasks = failed
        facts.failedFiles = failedFiles
        facts.serviceRunning = service
        facts.stop = stop.map { JobStop(kind: $0, reason: "why \($0.rawValue)", fix: "fix \($0.rawValue)", at: 1) }
        facts.stopRequestedAt = stopRequested ? 1 : nil
        facts.incremental = incremental
        facts.everStarted = started
        return facts
    }

    static let table: [(String, JobFacts, JobState)] = [
        ("all done", facts(), .succeed),
        ("all done, service up", facts(service: true), .succeed),
        ("files failed", facts(failed: 2, failedFiles: 3), .failed),
        ("scan under way", facts(scan: false, service: true), .running),
        ("tasks pending", facts(pending: 1, service: true), .running),
        ("tasks dispatched", facts(dispatched: 1, service: true), .running),
        ("crashed mid-scan", facts(scan: false), .abort),
        ("submitted, never started", facts(scan: false, started: false), .abort),
        ("submitted, stale stop marker", facts(scan: false, stopRequested: true, started: false), .abort),
        ("submitted, service starting it", facts(scan: false, service: true, started: false), .running),
        ("crashed with tasks", facts(dispatched: 2), .abort),
        ("stopped by stop", facts(pending: 1, stopRequested: true), .abort),
        ("stop record", facts(pending: 1, stop: .stopped), .abort),
        ("stale stop record, service runs the job again", facts(pending: 1, service: true, stop: .stopped), .running),
        ("stop asked, service still shutting down", facts(pending: 1, service: true, stopRequested: true), .abort),
        ("fatal, service up", facts(scan: false, service: true, stop: .fatal), .failed),
        ("fatal, service down", facts(scan: false, stop: .fatal), .failed),
        ("fatal wins over done", facts(stop: .fatal), .failed),
        ("stale stop record, all done", facts(stop: .stopped), .succeed),
        ("stale stop request, all done", facts(stopRequested: true), .succeed),
        ("incremental between passes", facts(service: true, incremental: true), .running),
        ("incremental, service down", facts(incremental: true), .abort),
        ("incremental pass under way", facts(pending: 1, service: true, incremental: true), .running),
    ]

    @Test(arguments: table)
    func state(_ name: String, _ facts: JobFacts, _ expected: JobState) {
        let verdict = JobStateModel.verdict(facts)
        #expect(verdict.state == expected, "\(name)")
        switch verdict.state {
        case .failed, .abort:
            #expect(verdict.reason != nil && verdict.fix != nil, "\(name): a stopped job says why and what to do")
            #expect(verdict.line?.hasPrefix("Reason: ") == true)
            #expect(verdict.line?.contains(" — fix: ") == true)
        case .running, .succeed:
            #expect(verdict.reason == nil, "\(name)")
        }
    }

    @Test func reasonsAreTheRecordedOnes() {
        let fatal = JobStateModel.verdict(Self.facts(scan: false, stop: .fatal))
        #expect(fatal.reason == "why fatal" && fatal.fix == "fix fatal")
        let failed = JobStateModel.verdict(Self.facts(failed: 1, failedFiles: 1))
        #expect(failed.reason == "1 file failed (in 1 task)")
        let crashed = JobStateModel.verdict(Self.facts(dispatched: 1))
        #expect(crashed.reason?.contains("not running") == true)
        #expect(crashed.fix?.contains("console.sh start") == true)
        let stopped = JobStateModel.verdict(Self.facts(dispatched: 1, stopRequested: true))
        #expect(stopped.reason?.contains("'stop'") == true)
        let fresh = JobStateModel.verdict(Self.facts(scan: false, stopRequested: true, started: false))
        #expect(fresh.reason == "submitted; no service has run it yet", "a stop before the submit is not this job's")
    }

    /// The service's own decision: a fatal job waits for the next service start; a finished job runs only to
    /// write a status that does not show its state yet.
    @Test func unfinishedWorkMeansRunningWithService() {
        #expect(JobStateModel.verdict(Self.facts(scan: false, service: true, stopRequested: false)).state == .running)
        #expect(JobFacts().hasUnfinishedWork)
        #expect(!Self.facts().hasUnfinishedWork)
    }
}

/// The tracker's numbers: bytes count as OSS acknowledges them, the speed is a window average capped by the
/// throttle, counters seeded from durable records never go backwards, elapsed time accumulates over runs.
@Suite struct TrackerProgressTests {
    static let id = TaskID(job: "j", sequence: 0, createdMillis: 1)

    @Test func acknowledgedBytesCountBeforeTheFileCompletes() async {
        let tracker = Tracker(job: "j", startedAt: 1000)
        let file = TransferMeter.FileRef(task: Self.id.hex, index: 0)
        tracker.meter.started(file)
        tracker.meter.acknowledged(file, bytes: 8 << 20)
        tracker.meter.acknowledged(file, bytes: 4 << 20, resumed: true)
        let status = await tracker.snapshot(now: 1001)
        #expect(status.acknowledgedInFlightBytes == 12 << 20)
        #expect(status.inFlightFiles == 1)
        #expect(status.doneBytes == 0)
        tracker.meter.finished(file)
        await tracker.record(FileOutcome(index: 0, status: .ok, bytes: 12 << 20, detail: "crc64=1"), task: Self.id, fileSize: 12 << 20)
        let after = await tracker.snapshot(now: 1002)
        #expect(after.acknowledgedInFlightBytes == 0 && after.inFlightFiles == 0)
        #expect(after.doneBytes == 12 << 20 && after.uploadedFiles == 1)
    }

    @Test func speedIsAWindowAverageCappedByTheThrottle() async {
        let tracker = Tracker(job: "j", throttle: 1000, window: 30, startedAt: 0)
        let file = TransferMeter.FileRef(task: Self.id.hex, index: 0)
        tracker.meter.started(file)
        _ = await tracker.snapshot(now: 0)
        // One large part acknowledged at once: 50,000 bytes within 10 s would read 5,000 B/s.
        tracker.meter.acknowledged(file, bytes: 50_000)
        let capped = await tracker.snapshot(now: 10)
        #expect(capped.bytesPerSecond == 1000)
        let unthrottled = Tracker(job: "j", window: 30, startedAt: 0)
        unthrottled.meter.started(file)
        _ = await unthrottled.snapshot(now: 0)
        unthrottled.meter.acknowledged(file, bytes: 600)
        #expect(await unthrottled.snapshot(now: 10).bytesPerSecond == 60)
        // 40 s later with nothing new: the window has moved past the burst.
        _ = await unthrottled.snapshot(now: 45)
        #expect(await unthrottled.snapshot(now: 50).bytesPerSecond == 0)
        // Resumed parts are progress, not speed.
        unthrottled.meter.acknowledged(file, bytes: 1_000_000, resumed: true)
        #expect(await unthrottled.snapshot(now: 51).bytesPerSecond == 0)
    }

    @Test func elapsedAccumulatesOverServiceRuns() async {
        var previous = JobStatus(job: "j")
        previous.elapsedSeconds = 100
        let tracker = Tracker(job: "j", previous: previous, startedAt: 5000)
        #expect(await tracker.snapshot(now: 5030).elapsedSeconds == 130)
    }

    @Test func seededCountersDoNotGoBackwards() async {
        var summary = TaskSummary()
        summary.files = 10
        summary.uploaded = 9
        summary.failed = 1
        summary.bytes = 100
        summary.uploadedBytes = 90
        let tracker = Tracker(job: "j", startedAt: 0)
        await tracker.seed(TaskTotals(summary))
        await tracker.taskStarted(Self.id, manifest: TaskManifest(job: "j", sequence: 0, entries: []))
        // Outcomes recorded before this run only move the task's progress.
        await tracker.resumed(task: Self.id, fileSize: 10)
        let status = await tracker.snapshot(now: 1)
        #expect(status.doneFiles == 10 && status.uploadedFiles == 9 && status.failedFiles == 1 && status.doneBytes == 100)
        #expect(status.running.first?.doneFiles == 1)
    }
}
