/// A migration job, as described by ossimport's `conf/local_job.cfg` (standalone) or `conf/job.cfg`.
///
/// Properties are named exactly as the file keys, and default to ossimport's shipped values.
/// Load one with ``load(path:environment:checkFileSystem:)``, which also validates it.
/// `description` and `customMirror` hide credentials; `Codable` does not (it is for the job's own state).
public struct JobConfig: Sendable, Codable, Equatable {
    // MARK: Incremental mode
    /// Rescan every `incrementalModeInterval` seconds after the first full pass and upload new or changed files.
    public var isIncremental: Bool = false
    /// Seconds between incremental rescans; at least 900 (3600 or more recommended).
    public var incrementalModeInterval: Int = 86_400

    // MARK: Source
    /// The kind of source (case-sensitive in the file).
    public var srcType: SourceType = .local
    /// Source AccessKey (youpai: operator name; azure: storage account name). Not used for local/http.
    public var srcAccessKey: String = ""
    /// Source secret (youpai: operator password; azure: account key). Not used for local/http.
    public var srcSecretKey: String = ""
    /// Source endpoint, without the bucket (cos: region; azure: EndpointSuffix). Not used for local/http.
    public var srcDomain: String = ""
    /// Source bucket (azure: container), without `/`.
    public var srcBucket: String = ""
    /// local: absolute directory ending with one `/`; cloud: object key prefix (cos: `/dir/`), empty = all.
    public var srcPrefix: String = ""

    // MARK: Destination
    /// OSS AccessKey ID; when empty (with `destSecretKey`), taken from `OSS_ACCESS_KEY_ID`.
    public var destAccessKey: String = ""
    /// OSS AccessKey secret; when empty (with `destAccessKey`), taken from `OSS_ACCESS_KEY_SECRET`.
    public var destSecretKey: String = ""
    /// OSS endpoint without the bucket, e.g. `http://oss-cn-hangzhou-internal.aliyuncs.com`.
    public var destDomain: String = ""
    /// OSS bucket name.
    public var destBucket: String = ""
    /// Key prefix in the bucket (end with `/` for a "directory"; never starts with `/`).
    public var destPrefix: String = ""

    // MARK: Source specific
    /// Tencent COS appId (`srcType=cos`).
    public var appId: Int64 = 0
    /// youpai: list from USS but download from `cdnDomain` + key.
    public var isDownloadFromCdn: Bool = false
    /// youpai: CDN host used when `isDownloadFromCdn` is true.
    public var cdnDomain: String = ""
    /// http: absolute path of the URL list file.
    public var httpListFilePath: String = ""
    /// http: 1-based column holding the URL prefix.
    public var httpPrefixColumn: Int = 1
    /// http: 1-based column holding the relative path (the key suffix).
    public var relativePathColumn: Int = 2

    // MARK: Job
    /// Unique job name, `[a-zA-Z0-9_-]{4,128}`.
    public var jobName: String = "local_test"
    /// Migrate then verify (`import`), or verify only (`audit`).
    public var jobType: JobType = .import
    /// Only migrate files modified after this Unix time (seconds); 0 = all.
    public var importSince: Int64 = 0
    /// When verifying, skip files modified after this Unix time (seconds); 0 = verify all.
    public var lastModify: Int64 = 0
    /// Skip objects already in OSS with the same size and a LastModified not older than the source.
    public var isSkipExistFile: Bool = false
    /// Maximum files per task (1...50000).
    public var taskObjectCountLimit: Int = 10_000
    /// Maximum bytes per task.
    public var taskObjectSizeLimit: Int64 = 1_000_000_000
    /// Parallel listing threads (1...32).
    public var scanThreadCount: Int = 1
    /// Deepest directory level listed in parallel (1...16).
    public var maxMultiThreadScanDepth: Int = 1
    /// Files larger than this (bytes) use multipart upload.
    public var multipartUploadThreshold: Int64 = 150 << 20
    /// Multipart part size (bytes); below 100 KiB ossimport falls back to 50 MiB, and so do we.
    public var multipartUploadPartSize: Int64 = 50 << 20
    /// Parts of one large file uploaded concurrently (local sources).
    public var uploadThreadNumPerLargeFile: Int = 3
    /// Ask OSS to encrypt stored objects (`serverSideEncryptionAlgorithm`).
    public var isServerSideEncryption: Bool = false
    /// Upload symlinked files (symlinked directories are never followed).
    public var isAllowSymbolicLink: Bool = false
    /// qiniu metadata mode: `head` or `stat`.
    public var getObjectMetaMode: String = "stat"
    /// Verify objects after importing them.
    public var isAuditAfterImport: Bool = true
    /// How to verify.
    public var auditMode: AuditMode = .general

    // MARK: Added by ossimport-swift
    /// OSS region (`cn-hangzhou`); empty = derived from `destDomain`.
    public var destRegion: String = ""
    /// Signature version for the destination.
    public var destSignatureVersion: SignatureVersionSetting = .auto
    /// STS security token; when empty and credentials come from the environment, `OSS_SESSION_TOKEN`.
    public var destSecurityToken: String = ""
    /// Storage class for new objects: `Standard`, `IA`, `Archive`, `ColdArchive`, or empty (bucket default).
    public var destStorageClass: String = ""
    /// Server-side encryption algorithm when `isServerSideEncryption` is true: `AES256` or `KMS`.
    public var serverSideEncryptionAlgorithm: String = "AES256"
    /// Source region for `srcType=oss`/`s3` when it cannot be derived from `srcDomain`.
    public var srcRegion: String = ""
    /// Local sources: create a zero-byte `dir/` object for each empty directory, as the OSS console does
    /// (default: only list them as `EMPTY_DIR` in `audit.log`).
    public var createEmptyDirMarker: Bool = false

    /// A configuration with every default.
    public init() {}

    /// The part size ossimport falls back to when `multipartUploadPartSize` is under 100 KiB.
    public static let fallbackPartSize: Int64 = 50 << 20
    /// The smallest part OSS accepts (except the last part).
    public static let minimumPartSize: Int64 = 100 << 10
    /// The largest part or single PUT OSS accepts.
    public static let maximumPartSize: Int64 = 5 << 30
}
