import CurlHTTP
import Foundation
import Logging
import OSSClient

/// The service `start` runs: holds the working-directory lock, runs every job that has work (scan not finished,
/// tasks pending or dispatched), then waits for more (`retry`, a new `submit`) until it is stopped, or, with
/// `exitWhenIdle`, until no job has anything left to do.
struct ImportService: Sendable {
    public let workingDirectory: WorkingDirectory
    public let sys: SysConfig
    public let environment: [String: String]
    public var exitWhenIdle = false
    public var echoLog = false
    public var idlePoll: Duration = .seconds(2)

    public init(workingDirectory: WorkingDirectory, sys: SysConfig, environment: [String: String]) {
        self.workingDirectory = workingDirectory
        self.sys = sys
        self.environment = environment
    }

    /// Runs until cancelled (or idle with `exitWhenIdle`); returns the worst final job state seen.
    public func run() async throws -> JobState {
        let lock = try ServiceLock(workingDirectory: workingDirectory)
        let log = try EventLog(directory: workingDirectory.logs, echo: echoLog)
        log.service.info(
            "service started: pid {service.pid}, working directory {service.directory}",
            metadata: ["service.pid": "\(getpid())", "service.directory": "\(workingDirectory.root)"])
        defer {
            log.service.info("service stopped")
            log.flush()
            withExtendedLifetime(lock) {}
        }
        let publisher = MetricsPublisher(workingDirectory: workingDirectory, sys: sys, log: log)
        let metrics = Task { await publisher.run() }
        do {
            let worst = try await runJobs(log: log)
            metrics.cancel()
            await metrics.value
            return worst
        } catch {
            metrics.cancel()
            await metrics.value
            throw error
        }
    }

    private func runJobs(log: EventLog) async throws -> JobState {
        var worst = JobState.succeed
        var loops = RunLoopGuard()
        try await withCurlTransport(options: sys.transportOptions()) { transport in
            var firstSweep = true
            while true {
                try Task.checkCancellation()
                var ranAny = false
                var waitingForPass = false
                let workingDirectory = self.workingDirectory
                for name in try await BlockingIO.run({ try workingDirectory.jobNames() }) {
                    let layout = workingDirectory.job(name)
                    let serviceStart = firstSweep
                    let decision = try await BlockingIO.run { try Self.decide(layout, serviceStart: serviceStart) }
                    guard decision.run else {
                        if decision.state == .failed { worst = .failed }
                        // An incremental job between passes keeps the service up, even with `exitWhenIdle`.
                        if decision.waitingForPass { waitingForPass = true }
                        continue
                    }
                    // A job that keeps ending with work left is backed off, then stopped with a reason.
                    if let pause = loops.pause(before: name, facts: decision.facts) {
                        log.service.warning(
                            "job {job} ended {job.idleRuns} times in a row without progress; waiting {job.pauseSeconds} s",
                            metadata: ["job": "\(name)", "job.idleRuns": "\(loops.count(name))", "job.pauseSeconds": "\(pause)"])
                        try await Task.sleep(for: .seconds(pause))
                    }
                    if loops.exhausted(name) {
                        let stop = JobStop(
                            kind: .fatal,
                            reason: "the job ended \(loops.count(name)) times in a row with work left and no progress",
                            fix: "see logs/ossimport2.log for the cause, then 'bash console.sh start'",
                            at: Date().timeIntervalSince1970)
                        try await BlockingIO.run { try JobStopRecord.write(stop, layout) }
                        log.service.error("job {job} stopped: {reason}", metadata: ["job": "\(name)", "reason": "\(stop.reason)"])
                        worst = .failed
                        continue
                    }
                    ranAny = true
                    let state = try await runJob(layout, transport: transport, log: log)
                    if state == .failed { worst = .failed }
                }
                firstSweep = false
                if exitWhenIdle && !ranAny && !waitingForPass { return }
                if !ranAny { try await Task.sleep(for: idlePoll) }
            }
        }
        return worst
    }

    private func runJob(_ layout: JobLayout, transport: CurlTransport, log: EventLog) async throws -> JobState {
        let config: JobConfig
        do {
            let environment = self.environment
            (config, _) = try await BlockingIO.run { try JobConfig.load(path: layout.configCopy, environment: environment) }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return try await Self.stopJob(layout, log: log, JobFatal(reason: "the submitted job file cannot be used: \(error)", fix: JobFatal.configFix))
        }
        let clientConfiguration: OSSClientConfiguration
        do {
            clientConfiguration = try config.destinationClientConfiguration()
        } catch {
            return try await Self.stopJob(layout, log: log, JobFatal(reason: "destDomain: \(error)", fix: JobFatal.configFix))
        }
        let retries = RetryCounter()
        let client = OSSClient(configuration: clientConfiguration, transport: transport) { operation, attempt, error in
            retries.record(error)
            log.service.warning(
                "{request.operation} attempt {request.attempt} failed, retrying: {error}",
                metadata: ["request.operation": "\(operation)", "request.attempt": "\(attempt)", "error": "\(error)"])
        }
        log.service.info(
            "job {job}: {job.source} -> oss://{job.bucket}/{job.prefix} via {job.endpoint}, signature {job.signature}",
            metadata: [
                "job": "\(layout.name)", "job.source": "\(config.srcPrefix)", "job.bucket": "\(config.destBucket)",
                "job.prefix": "\(config.destPrefix)", "job.endpoint": "\(clientConfiguration.endpoint)",
                "job.signature": "\(clientConfiguration.signatureVersion)",
            ])
        let settings = JobSettings(config: config, sys: sys, environment: environment)
        var runner = JobRunner(layout: layout, settings: settings, client: client, log: log)
        runner.retries = retries
        return try await runner.run()
    }

    /// Whether the service runs a job now, and the job's state when it does not.
    struct Decision {
        var run: Bool
        var state: JobState
        var waitingForPass = false
        var facts: JobFacts
    }

    /// Decides from the job's facts (see ``JobStateModel``): a job with work left runs, unless a fatal stop is
    /// recorded (tried again only when the service starts); a finished job whose status does not say so yet runs
    /// once to write it; an incremental job runs when its next pass is due.
    static func decide(_ layout: JobLayout, serviceStart: Bool, now: Double = Date().timeIntervalSince1970) throws -> Decision {
        let status = JobStateStore(layout).status()
        var facts = try JobFacts.load(layout, status: status)
        facts.serviceRunning = true
        facts.stopRequestedAt = nil
        if facts.stop?.kind == .stopped { facts.stop = nil }
        let verdict = JobStateModel.verdict(facts)
        if facts.stop?.kind == .fatal {
            return Decision(run: serviceStart, state: .failed, facts: facts)
        }
        if facts.hasUnfinishedWork { return Decision(run: true, state: .running, facts: facts) }
        if facts.incremental {
            guard let status, status.pass != nil, status.state == .running else { return Decision(run: true, state: .running, facts: facts) }
            // Between passes: work when the next pass is due. Without a next pass (pass limit reached, or the
            // service stopped while ending a pass) only when the service starts.
            guard let due = status.nextPassAt else { return Decision(run: serviceStart, state: .running, facts: facts) }
            return Decision(run: now >= due, state: .running, waitingForPass: true, facts: facts)
        }
        // Finished: run once more only when the status does not show the final state yet.
        return Decision(run: status?.state != verdict.state, state: verdict.state, facts: facts)
    }

    /// Ends a job that cannot even start: the reason persisted, the status written with the model's state.
    static func stopJob(_ layout: JobLayout, log: EventLog, _ fatal: JobFatal) async throws -> JobState {
        log.service.error("job {job} cannot start: {reason}", metadata: ["job": "\(layout.name)", "reason": "\(fatal.reason)"])
        try await BlockingIO.run {
            let stop = JobStop(kind: .fatal, reason: fatal.reason, fix: fatal.fix, at: Date().timeIntervalSince1970)
            try JobStopRecord.write(stop, layout)
            var status = JobStateStore(layout).status() ?? JobStatus(job: layout.name)
            var facts = JobFacts()
            facts.stop = stop
            let verdict = JobStateModel.verdict(facts)
            status.state = verdict.state
            status.reason = verdict.reason
            status.fix = verdict.fix
            status.updatedAt = Date().timeIntervalSince1970
            try JobStateStore(layout).write(status)
        }
        return .failed
    }
}

/// Counts how often a job was run in a row with the same facts (nothing changed: no task finished, the scan did
/// not move): such a job is backed off (1, 2, 4, 8 s) and, after ``limit`` runs, stopped with a reason instead of
/// being restarted forever.
struct RunLoopGuard {
    static let limit = 5
    private var last: [String: (facts: JobFacts, count: Int)] = [:]

    /// Seconds to wait before running `job` again with `facts`, or `nil` to run at once.
    mutating func pause(before job: String, facts: JobFacts) -> Int? {
        if let previous = last[job], previous.facts == facts {
            last[job] = (facts, previous.count + 1)
            return min(1 << (previous.count - 1), 8)
        }
        last[job] = (facts, 1)
        return nil
    }

    func count(_ job: String) -> Int { last[job]?.count ?? 0 }
    func exhausted(_ job: String) -> Bool { count(job) > Self.limit }
}
