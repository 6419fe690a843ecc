extension JobConfig {
    /// Environment variables that supply destination credentials when the file leaves them empty.
    public enum EnvironmentKey {
        public static let accessKeyID = "OSS_ACCESS_KEY_ID"
        public static let accessKeySecret = "OSS_ACCESS_KEY_SECRET"
        public static let sessionToken = "OSS_SESSION_TOKEN"
    }

    /// Loads, checks and validates a job file (`conf/local_job.cfg` or a distributed `job.cfg`).
    ///
    /// - Parameters:
    ///   - path: the file, as the user named it (messages repeat it).
    ///   - environment: usually `ProcessInfo.processInfo.environment`; supplies `OSS_ACCESS_KEY_ID`,
    ///     `OSS_ACCESS_KEY_SECRET` and `OSS_SESSION_TOKEN` when `destAccessKey`/`destSecretKey` are both empty.
    ///   - checkFileSystem: also check that a local `srcPrefix` directory and an http list file exist.
    /// - Returns: the configuration and warnings (duplicates, ignored values, keys of ossimport 2.1), one line each.
    /// - Throws: the first problem found (a bad value, an unknown key), as one ``ConfigError`` line.
    public static func load(
        path: String, environment: [String: String], checkFileSystem: Bool = true
    ) throws(ConfigError) -> (JobConfig, warnings: [String]) {
        let file = try PropertiesFile.load(path: path)
        return try parse(file, environment: environment, checkFileSystem: checkFileSystem)
    }

    /// Reads and validates an already parsed job file; see ``load(path:environment:checkFileSystem:)``.
    public static func parse(
        _ file: PropertiesFile, environment: [String: String], checkFileSystem: Bool = true
    ) throws(ConfigError) -> (JobConfig, warnings: [String]) {
        let reader = ConfigReader(file)
        var warnings = file.warnings
        warnings += try ConfigKeys.checkUnknownKeys(
            in: file, known: ConfigKeys.ossimportJob + ConfigKeys.ourJob, tolerated: ConfigKeys.toleratedInJob, strict: true)
        var config = try read(reader, warnings: &warnings)
        try config.validate(reader, environment: environment, checkFileSystem: checkFileSystem, warnings: &warnings)
        return (config, warnings)
    }

    /// `incrementalModeInterval`: whole seconds; a value that is not one is answered with a value that is valid.
    private static func readInterval(_ r: ConfigReader, default fallback: Int) throws(ConfigError) -> Int {
        let key = "incrementalModeInterval"
        let text = r.string(key)
        if text.isEmpty { return fallback }
        guard let value = Int(text), value >= 0 else {
            throw r.error(key, "\"\(text)\" is not a number of seconds",
                          fix: "write \(key)=3600 (whole seconds, at least 900; e.g. 86400 for once a day)")
        }
        return value
    }

    /// Reads every key with its type and default, in ossimport's file order.
    private static func read(_ r: ConfigReader, warnings: inout [String]) throws(ConfigError) -> JobConfig {
        var c = JobConfig()
        c.isIncremental = try r.bool("isIncremental", default: c.isIncremental)
        c.incrementalModeInterval = try readInterval(r, default: c.incrementalModeInterval)
        c.srcType = try readSourceType(r)
        c.srcAccessKey = r.string("srcAccessKey")
        c.srcSecretKey = r.string("srcSecretKey")
        c.srcDomain = r.string("srcDomain")
        c.srcBucket = r.string("srcBucket")
        c.srcPrefix = r.string("srcPrefix")
        c.destAccessKey = r.string("destAccessKey")
        c.destSecretKey = r.string("destSecretKey")
        c.destDomain = r.string("destDomain")
        c.destBucket = r.string("destBucket")
        c.destPrefix = r.string("destPrefix")
        c.appId = try r.int64("appId", default: c.appId, range: 0...Int64.max)
        c.isDownloadFromCdn = try r.bool("isDownloadFromCdn", default: c.isDownloadFromCdn)
        c.cdnDomain = r.string("cdnDomain")
        c.httpListFilePath = r.string("httpListFilePath")
        c.httpPrefixColumn = try r.int("httpPrefixColumn", default: c.httpPrefixColumn, range: 1...Int(Int32.max))
        c.relativePathColumn = try r.int("relativePathColumn", default: c.relativePathColumn, range: 1...Int(Int32.max))
        c.jobName = r.string("jobName", default: c.jobName)
        c.jobType = try r.choice("jobType", default: c.jobType)
        c.importSince = try r.int64("importSince", default: 0, range: 0...Int64.max, unit: " (Unix seconds)")
        c.lastModify = try r.int64("lastModify", default: 0, range: 0...Int64.max, unit: " (Unix seconds)")
        c.isSkipExistFile = try r.bool("isSkipExistFile", default: c.isSkipExistFile)
        c.taskObjectCountLimit = try r.int("taskObjectCountLimit", default: c.taskObjectCountLimit, range: 1...50_000)
        c.taskObjectSizeLimit = try r.int64(
            "taskObjectSizeLimit", default: c.taskObjectSizeLimit, range: 1...Int64.max, unit: " (bytes)")
        c.scanThreadCount = try r.int("scanThreadCount", default: c.scanThreadCount, range: 1...32)
        c.maxMultiThreadScanDepth = try r.int("maxMultiThreadScanDepth", default: c.maxMultiThreadScanDepth, range: 1...16)
        c.multipartUploadThreshold = try r.size("multipartUploadThreshold", default: c.multipartUploadThreshold)
        c.multipartUploadPartSize = try r.size("multipartUploadPartSize", default: c.multipartUploadPartSize)
        c.uploadThreadNumPerLargeFile = try r.int(
            "uploadThreadNumPerLargeFile", default: c.uploadThreadNumPerLargeFile, range: 1...100)
        c.isServerSideEncryption = try r.bool("isServerSideEncryption", default: c.isServerSideEncryption)
        c.isAllowSymbolicLink = try r.bool("isAllowSymbolicLink", default: c.isAllowSymbolicLink)
        c.getObjectMetaMode = r.string("getObjectMetaMode", default: c.getObjectMetaMode)
        c.isAuditAfterImport = try r.bool("isAuditAfterImport", default: c.isAuditAfterImport)
        c.auditMode = try r.choice("auditMode", default: c.auditMode)
        c.destRegion = r.string("destRegion")
        c.destSignatureVersion = try readSignatureVersion(r)
        c.destSecurityToken = r.string("destSecurityToken")
        c.destStorageClass = r.string("destStorageClass")
        c.serverSideEncryptionAlgorithm = r.string("serverSideEncryptionAlgorithm", default: c.serverSideEncryptionAlgorithm)
        c.srcRegion = r.string("srcRegion")
        c.createEmptyDirMarker = try r.bool("createEmptyDirMarker", default: c.createEmptyDirMarker)
        return c
    }

    private static func readSourceType(_ r: ConfigReader) throws(ConfigError) -> SourceType {
        let text = r.string("srcType")
        if let alias = SourceType.aliases[text.lowercased()] {
            throw r.error("srcType", "\"\(text)\" is not a source type name", fix: "write srcType=\(alias.rawValue)")
        }
        return try r.choice("srcType", default: SourceType.local)
    }

    private static func readSignatureVersion(_ r: ConfigReader) throws(ConfigError) -> SignatureVersionSetting {
        let text = r.string("destSignatureVersion").lowercased()
        if text.isEmpty { return .auto }
        if let value = SignatureVersionSetting(rawValue: text) { return value }
        if text == "1" || text == "4" { return text == "1" ? .v1 : .v4 }
        throw r.error("destSignatureVersion", "\"\(r.string("destSignatureVersion"))\" is not auto, v1 or v4",
                      fix: "write destSignatureVersion=auto (v4 when the region is known)")
    }
}
