import CurlHTTP
import Foundation
import OSSClient

/// The service `start` runs: holds the working-directory lock, runs every job that has work (scan not finished,
/// tasks pending or dispatched), then waits for more (`retry`, a new `submit`) until it is stopped, or, with
/// `exitWhenIdle`, until no job has anything left to do.
public struct ImportService: Sendable {
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
        log.service(.info, "service started: pid \(getpid()), working directory \(workingDirectory.root)")
        defer {
            log.service(.info, "service stopped")
            log.flush()
            withExtendedLifetime(lock) {}
        }
        var worst = JobState.succeed
        try await withCurlTransport(options: sys.transportOptions()) { transport in
            var firstSweep = true
            while true {
                try Task.checkCancellation()
                var ranAny = false
                var waitingForPass = false
                let workingDirectory = self.workingDirectory
                for name in try await BlockingIO.run({ try workingDirectory.jobNames() }) {
                    let layout = workingDirectory.job(name)
                    // A job stopped by a fatal error (bad keys, dead endpoint) is tried again when the service starts.
                    guard try await Self.hasWork(layout, retryFatal: firstSweep) else {
                        let status = Self.readStatus(layout)
                        if let status, status.state == .failed { worst = .failed }
                        // An incremental job between passes keeps the service up, even with `exitWhenIdle`.
                        if status?.state == .running && status?.nextPassAt != nil { waitingForPass = true }
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
        } catch {
            log.service(.error, "job \(layout.name) cannot start: \(error)")
            try Self.writeFatalStatus(layout, message: "\(error)")
            return .failed
        }
        let clientConfiguration: OSSClientConfiguration
        do {
            clientConfiguration = try config.destinationClientConfiguration()
        } catch {
            log.service(.error, "job \(layout.name) cannot start: destDomain: \(error)")
            try Self.writeFatalStatus(layout, message: "destDomain: \(error)")
            return .failed
        }
        let client = OSSClient(configuration: clientConfiguration, transport: transport) { operation, attempt, error in
            log.service(.warning, "\(operation) attempt \(attempt) failed, retrying: \(error)")
        }
        log.service(.info, "job \(layout.name): \(config.srcPrefix) -> oss://\(config.destBucket)/\(config.destPrefix) via \(clientConfiguration.endpoint), signature \(clientConfiguration.signatureVersion)")
        var settings = config.engineSettings(sys: sys)
        settings.passLimit = environment["OSSIMPORT_RUN_PASSES"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        let runner = JobRunner(layout: layout, settings: settings, client: client, log: log)
        return try await runner.run()
    }

    /// Whether a job has anything left: an unfinished scan, pending or dispatched tasks, no final state yet, or an
    /// incremental pass that is due.
    static func hasWork(_ layout: JobLayout, retryFatal: Bool) async throws -> Bool {
        try await BlockingIO.run {
            let checkpoint = try? SealedJSON.read(ScanCheckpoint.self, from: ScanCheckpoint.path(for: layout), what: "scan checkpoint")
            let scanDone = checkpoint?.finished ?? false
            let store = TaskStore(layout: layout, host: "localhost")
            var busy = !(try store.tasks(in: .pending)).isEmpty
            for host in try FileSystem.list(layout.dispatchedRoot) where !busy {
                busy = !(try FileSystem.list(layout.dispatchedRoot + "/" + host)).isEmpty
            }
            if busy || !scanDone { return retryFatal || busy || readStatus(layout)?.fatalError == nil }
            guard let status = readStatus(layout) else { return true }
            if status.pass != nil && status.state == .running {
                // Incremental, between passes: work when the next pass is due. Without a next pass (the pass limit
                // is reached, or the service stopped while ending a pass) only when the service starts.
                guard let due = status.nextPassAt else { return retryFatal }
                return Date().timeIntervalSince1970 >= due
            }
            // `Abort`: stopped while finishing; the final state has not been written yet.
            return status.state == .running || status.state == .abort
        }
    }

    static func readStatus(_ layout: JobLayout) -> JobStatus? {
        (try? SealedJSON.read(JobStatus.self, from: layout.status, what: "status")) ?? nil
    }

    static func writeFatalStatus(_ layout: JobLayout, message: String) throws {
        let tracker = JobStatus(
            job: layout.name, state: .failed, pid: getpid(), updatedAt: Date().timeIntervalSince1970,
            startedAt: Date().timeIntervalSince1970, scanFinished: false, foundFiles: 0, foundBytes: 0, doneFiles: 0,
            doneBytes: 0, uploadedFiles: 0, uploadedBytes: 0, skippedFiles: 0, failedFiles: 0, bytesPerSecond: 0,
            filesPerSecond: 0, running: [], fatalError: message)
        try SealedJSON.write(tracker, to: layout.status, durable: false)
    }
}
