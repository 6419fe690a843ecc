/// Worker and service settings from ossimport's `conf/sys.properties`.
///
/// Properties are named as the keys (`workerMaxThroughput(KB/s)` is ``workerMaxThroughput``).
/// SSH and JVM settings of distributed ossimport are accepted and kept but not used by this tool.
public struct SysConfig: Sendable, Codable, Equatable {
    /// Working directory for job state; `.` is the tool directory (do not change in standalone mode).
    public var workingDir: String = "."
    /// Distributed mode SSH user (unused).
    public var workerUserName: String = ""
    /// Distributed mode SSH password (unused; never printed).
    public var workerPassword: String = ""
    /// Distributed mode SSH private key (unused).
    public var privateKeyFile: String = ""
    /// Distributed mode SSH port (unused).
    public var sshPort: Int = 22
    /// Files transferred concurrently by the worker (1...1000). More threads use more memory.
    public var workerTaskThreadNum: Int = 60
    /// Total upload ceiling in KB/s (`workerMaxThroughput(KB/s)`); 0 = unlimited.
    public var workerMaxThroughput: Int64 = 100_000_000
    /// Task dispatch threads (accepted; this tool dispatches in-process).
    public var dispatcherThreadNum: Int = 1
    /// On an unexpected error: `false` records it and continues, `true` aborts the job.
    public var workerAbortWhenUncatchedException: Bool = false
    /// Store the source MD5 in `x-oss-meta-md5` (not with multi-threaded part uploads).
    public var workerRecordMd5: Bool = false
    /// JVM heap of ossimport (`-Xmx`); accepted and unused.
    public var javaHeapMaxSize: String = "1024m"
    /// Seconds a request may go without sending or receiving a byte (connect included) before it is aborted as a
    /// timeout (then retried like any transient failure). 1...3600; default 30.
    public var requestIdleTimeoutSeconds: Int = 30
    /// Seconds the start-up check of the destination waits for a first byte (one attempt, no retry): a server that
    /// accepts the connection and stays silent stops the job after this long. 1...600; default 10.
    public var endpointProbeTimeoutSeconds: Int = 10
    /// Absolute directory where the service writes `ossimport.prom` (Prometheus text format) atomically every
    /// ``metricsIntervalSeconds`` (node_exporter's textfile collector); empty = not written.
    public var metricsTextfileDir: String = ""
    /// `IPv4:port` on which the service serves the same metrics at `/metrics` over HTTP; empty = no port opened.
    public var metricsListen: String = ""
    /// Seconds between two metrics refreshes. 1...3600; default 5.
    public var metricsIntervalSeconds: Int = 5

    /// A configuration with every default.
    public init() {}

    /// The literal key of ``workerMaxThroughput``.
    public static let throughputKey = "workerMaxThroughput(KB/s)"

    /// The upload ceiling in bytes per second, or nil for no limit.
    ///
    /// `0` means unlimited, as ossimport's docs say; any other value is KB/s × 1024 (the shipped
    /// `100000000` is about 95 GiB/s, i.e. effectively unlimited).
    public var throughputLimitBytesPerSecond: Int64? {
        guard workerMaxThroughput > 0 else { return nil }
        let (bytes, overflow) = workerMaxThroughput.multipliedReportingOverflow(by: 1024)
        return overflow ? nil : bytes
    }

    /// `workingDir` as an absolute path: itself when absolute, else resolved against `base` (the tool directory).
    public func workingDirectory(relativeTo base: String) -> String {
        if workingDir.hasPrefix("/") { return workingDir }
        if workingDir == "." || workingDir.isEmpty { return base }
        let relative = workingDir.hasPrefix("./") ? String(workingDir.dropFirst(2)) : workingDir
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }
}
