import Foundation

/// What `stat --json` prints for one job: the numbers of the text `stat` (both come from ``StatReport``), in a
/// documented, versioned shape. Fields are added in later versions without changing ``schemaVersion``; a field
/// renamed, removed or changed in meaning bumps it. Counts are integers, sizes in bytes, times in Unix seconds,
/// durations in seconds, speeds per second; a value that is unknown is `null`.
public struct StatJSON: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public struct Tasks: Codable, Sendable, Equatable {
        public var pending, dispatched, running, succeeded, failed: Int
    }

    public struct Files: Codable, Sendable, Equatable {
        /// Found by the scan so far; `done` = uploaded + skipped + failed + verified (audit jobs).
        public var found, done, uploaded, skipped, failed, inFlight: Int64
    }

    public struct Bytes: Codable, Sendable, Equatable {
        /// Source bytes found and of the files done; bytes uploaded in full; bytes OSS acknowledged of files still
        /// in flight (parts of large files). `done + acknowledgedInFlight` is the progress.
        public var found, done, uploaded, acknowledgedInFlight: Int64
    }

    public struct Speed: Codable, Sendable, Equatable {
        /// Averages over the last `windowSeconds`; `null` when the job is not moving (not running, between passes).
        public var bytesPerSecond, filesPerSecond: Double?
        public var windowSeconds: Double?

        /// Every key, `null` when unknown.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(bytesPerSecond, forKey: .bytesPerSecond)
            try c.encode(filesPerSecond, forKey: .filesPerSecond)
            try c.encode(windowSeconds, forKey: .windowSeconds)
        }
    }

    public struct Incremental: Codable, Sendable, Equatable {
        public var pass: Int
        public var nextPassAt: Double?
        public var lastPass: PassSummary?
    }

    public struct EmptyDirectories: Codable, Sendable, Equatable {
        public var found, failed: Int64
    }

    public struct Host: Codable, Sendable, Equatable {
        public var host: String
        public var dispatchedTasks: Int
    }

    public var schemaVersion = Self.currentSchemaVersion
    public var job: String
    /// `Running`, `Succeed`, `Failed` or `Abort`, with the reason and fix of a job that stopped (else `null`).
    public var state: String
    public var reason: String?
    public var fix: String?
    public var serviceRunning: Bool
    public var scanFinished: Bool
    /// Unix seconds of the live numbers (the service's last status), `null` when no status was ever written.
    public var updatedAt: Double?
    public var tasks: Tasks
    public var files: Files
    public var bytes: Bytes
    public var speed: Speed
    /// `null` when unknown (scan not finished, nothing moved in the last window, job not running).
    public var etaSeconds: Double?
    public var elapsedSeconds: Double
    /// `null` when the job does not verify.
    public var audit: AuditCounts?
    public var emptyDirectories: EmptyDirectories?
    /// `null` for a one-pass job.
    public var incremental: Incremental?
    /// Requests to OSS tried again, by reason (`throttled`, `server_error`, `timeout`, `network`, `crc`,
    /// `clock_skew`, `other`), over all service runs.
    public var retries: [String: Int64]
    /// Per worker host (this tool runs standalone: at most one).
    public var hosts: [Host]
    public var runningTasks: [RunningTaskProgress]

    public init(_ report: StatReport, now: Double = Date().timeIntervalSince1970) {
        let status = report.status ?? JobStatus(job: report.job)
        let active = report.active
        let moving = report.moving
        job = report.job
        state = report.state.rawValue
        reason = report.verdict.reason
        fix = report.verdict.fix
        serviceRunning = report.facts.serviceRunning
        scanFinished = report.scanFinished
        updatedAt = report.status.flatMap { $0.updatedAt > 0 ? $0.updatedAt : nil }
        tasks = Tasks(
            pending: report.facts.pendingTasks, dispatched: report.facts.dispatchedTasks, running: report.running.count,
            succeeded: report.facts.succeededTasks, failed: report.facts.failedTasks)
        files = Files(
            found: status.foundFiles, done: status.doneFiles, uploaded: status.uploadedFiles,
            skipped: status.skippedFiles, failed: status.failedFiles, inFlight: active ? status.inFlightFiles : 0)
        bytes = Bytes(
            found: status.foundBytes, done: status.doneBytes, uploaded: status.uploadedBytes,
            acknowledgedInFlight: active ? status.acknowledgedInFlightBytes : 0)
        speed = moving
            ? Speed(bytesPerSecond: status.bytesPerSecond, filesPerSecond: status.filesPerSecond,
                    windowSeconds: status.windowSeconds)
            : Speed(bytesPerSecond: nil, filesPerSecond: nil, windowSeconds: nil)
        etaSeconds = moving ? StatReport.etaSeconds(status, scanFinished: report.facts.scanFinished) : nil
        if report.state == .succeed { etaSeconds = 0 }
        elapsedSeconds = report.elapsed(now: now)
        audit = status.audit
        emptyDirectories = status.emptyDirs.map { EmptyDirectories(found: $0, failed: status.emptyDirsFailed ?? 0) }
        incremental = status.pass.map { Incremental(pass: $0, nextPassAt: status.nextPassAt, lastPass: status.lastPass) }
        retries = status.retries ?? [:]
        hosts = report.dispatchedByHost.sorted { $0.key < $1.key }.map { Host(host: $0.key, dispatchedTasks: $0.value) }
        runningTasks = report.running
    }

    /// Every key is written, `null` when unknown (the schema's keys are always present).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(job, forKey: .job)
        try c.encode(state, forKey: .state)
        try c.encode(reason, forKey: .reason)
        try c.encode(fix, forKey: .fix)
        try c.encode(serviceRunning, forKey: .serviceRunning)
        try c.encode(scanFinished, forKey: .scanFinished)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(files, forKey: .files)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(speed, forKey: .speed)
        try c.encode(etaSeconds, forKey: .etaSeconds)
        try c.encode(elapsedSeconds, forKey: .elapsedSeconds)
        try c.encode(audit, forKey: .audit)
        try c.encode(emptyDirectories, forKey: .emptyDirectories)
        try c.encode(incremental, forKey: .incremental)
        try c.encode(retries, forKey: .retries)
        try c.encode(hosts, forKey: .hosts)
        try c.encode(runningTasks, forKey: .runningTasks)
    }

    /// JSON with sorted keys (stable for scripts and diffs); `compact`: on one line (JSON Lines), else indented.
    public func encoded(compact: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = compact ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
