/// What the engine needs to run one job, resolved from `local_job.cfg` and `sys.properties`.
public struct JobSettings: Sendable, Codable, Equatable {
    public var jobName: String
    /// Absolute source directory ending with `/`.
    public var srcPrefix: String
    public var destBucket: String
    public var destPrefix: String
    public var taskObjectCountLimit: Int = 10_000
    public var taskObjectSizeLimit: Int64 = 1_000_000_000
    public var allowSymbolicLinks = false
    /// `scanThreadCount` / `maxMultiThreadScanDepth`: directories listed ahead of a local scan (see ``ScanParallelism``).
    public var scanParallelism: ScanParallelism = .automatic
    public var multipartThreshold: Int64 = 150 << 20
    public var partSize: Int64 = 50 << 20
    public var partConcurrency = 3
    /// `workerTaskThreadNum`: files transferred at once.
    public var fileConcurrency = 60
    public var recordMD5 = false
    /// `x-oss-server-side-encryption` value, or `nil`.
    public var serverSideEncryption: String?
    public var storageClass: String?
    public var skipExisting = false
    /// Unix seconds; files not modified after it are left out (0 = all). ossimport's rule: mtime only.
    public var importSince: Int64 = 0
    /// Nanoseconds since the epoch; incremental passes after the first: files whose mtime and ctime are both not
    /// after it are left out (0 = all). ctime catches files moved or copied in with an old mtime.
    public var changedSinceNanos: Int64 = 0
    /// Seconds an incremental pass looks back before the previous pass's scan start, for coarse or skewed
    /// file-system clocks (FAT's 2-second mtimes, a NAS whose clock is behind). Tests set 0.
    public var changeMargin: Double = 2
    /// How often a file that changed while it was uploaded is tried again before `SIZE_NOT_MATCH`.
    public var changedFileAttempts = 3
    /// How files are verified (`isAuditAfterImport` / `jobType=audit`); `nil` = no verification.
    public var audit: AuditSettings?
    /// `isIncremental`: seconds between the starts of two passes; `nil` = one pass only.
    public var incrementalInterval: Double?
    /// Incremental jobs: passes after which no new pass starts (`OSSIMPORT_RUN_PASSES`); `nil` = no limit.
    public var passLimit: Int?
    /// `workerMaxThroughput(KB/s)` in bytes per second (`nil` = unlimited): the speed `stat` shows never exceeds it.
    public var throughputLimit: Double?
    /// Worker host name in task ids and `dispatched/<host>`.
    public var host = "localhost"
    /// Where files come from; `.local` reads `srcPrefix` as a directory.
    public var source: SourceSettings = .local
    /// Remote sources: objects up to this size in the destination's region (same endpoint host and access key)
    /// are copied server-side with CopyObject; larger ones with UploadPartCopy.
    public var serverSideCopyObjectLimit: Int64 = 1 << 30
    /// Remote sources: bodies of all files held in memory at once (bytes).
    public var remoteMemoryBudget: Int64 = RemoteSourceLimits.budgetBytes
    /// `endpointProbeTimeoutSeconds`: how long the destination check waits for a first byte (one attempt).
    public var probeTimeoutSeconds = 10
    /// `createEmptyDirMarker`: an empty source directory becomes a zero-byte `dir/` object, as the OSS console
    /// creates; `false` only lists it (`EMPTY_DIR` in `audit.log`).
    public var createEmptyDirMarker = false

    public init(jobName: String, srcPrefix: String, destBucket: String, destPrefix: String) {
        self.jobName = jobName
        self.srcPrefix = srcPrefix
        self.destBucket = destBucket
        self.destPrefix = destPrefix
    }
}
