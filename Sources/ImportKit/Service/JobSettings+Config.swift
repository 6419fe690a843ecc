import CurlHTTP
import OSSClient
import OSSCore

extension JobSettings {
    /// The one way to build the engine's settings: from the job's `local_job.cfg`/`job.cfg`, `sys.properties` and
    /// the environment (`OSSIMPORT_RUN_PASSES`: incremental passes after which no new pass starts, for tests and
    /// benchmarks). Audit (`jobType=audit`, `isAuditAfterImport`) and incremental (`isIncremental`) settings included.
    public init(config: JobConfig, sys: SysConfig, environment: [String: String] = [:]) {
        self.init(jobName: config.jobName, srcPrefix: config.srcPrefix, destBucket: config.destBucket, destPrefix: config.destPrefix)
        taskObjectCountLimit = config.taskObjectCountLimit
        taskObjectSizeLimit = config.taskObjectSizeLimit
        allowSymbolicLinks = config.isAllowSymbolicLink
        scanParallelism = ScanParallelism(scanThreadCount: config.scanThreadCount, maxMultiThreadScanDepth: config.maxMultiThreadScanDepth)
        multipartThreshold = config.multipartUploadThreshold
        partSize = config.multipartUploadPartSize
        partConcurrency = config.uploadThreadNumPerLargeFile
        fileConcurrency = sys.workerTaskThreadNum
        recordMD5 = sys.workerRecordMd5
        serverSideEncryption = config.isServerSideEncryption ? config.serverSideEncryptionAlgorithm : nil
        storageClass = config.destStorageClass.isEmpty ? nil : config.destStorageClass
        skipExisting = config.isSkipExistFile
        importSince = config.importSince
        source = config.sourceSettings
        throughputLimit = sys.throughputLimitBytesPerSecond.map(Double.init)
        probeTimeoutSeconds = sys.endpointProbeTimeoutSeconds
        createEmptyDirMarker = config.createEmptyDirMarker
        if config.jobType == .audit || config.isAuditAfterImport {
            audit = AuditSettings(mode: config.auditMode, auditOnly: config.jobType == .audit, lastModify: config.lastModify)
        }
        // An audit job verifies what is there once: it has no passes.
        if config.isIncremental && config.jobType == .import {
            incrementalInterval = Double(config.incrementalModeInterval)
        }
        passLimit = environment["OSSIMPORT_RUN_PASSES"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }
}

extension JobConfig {
    /// The source as the engine reads it (`srcType` and the `src*` / `http*` keys).
    public var sourceSettings: SourceSettings {
        switch srcType {
        case .local:
            return .local
        case .http:
            return .http(HTTPListSource(listPath: httpListFilePath, prefixColumn: httpPrefixColumn, relativeColumn: relativePathColumn))
        case .oss:
            return .oss(remoteBucket(region: srcRegion.isEmpty ? (try? OSSEndpoint(parsing: srcDomain))?.region : srcRegion))
        default:
            // s3, cos, ks3, bos, qiniu, youpai, azure: through their S3-compatible endpoints.
            var prefix = srcPrefix
            if srcType == .cos { prefix = String(prefix.drop { $0 == "/" }) }
            var bucket = remoteBucket(region: srcRegion.isEmpty ? nil : srcRegion)
            bucket.prefix = prefix
            return .s3(bucket)
        }
    }

    private func remoteBucket(region: String?) -> RemoteBucketSource {
        var domain = srcDomain
        if !domain.contains("://") { domain = "http://" + domain }
        return RemoteBucketSource(
            endpoint: domain, bucket: srcBucket, prefix: srcPrefix, accessKeyId: srcAccessKey, secretKey: srcSecretKey,
            region: region)
    }

    /// The client configuration for the destination (credentials included; never log it).
    public func destinationClientConfiguration() throws -> OSSClientConfiguration {
        let endpoint = try OSSEndpoint(parsing: normalizedDestDomain)
        let credentials = OSSCredentials(
            accessKeyId: destAccessKey, accessKeySecret: destSecretKey,
            securityToken: destSecurityToken.isEmpty ? nil : destSecurityToken)
        let signature: OSSSignatureVersion
        switch effectiveDestSignatureVersion {
        case .v4:
            signature = .v4(region: effectiveDestRegion ?? "cn-hangzhou")
        case .v1, .auto:
            signature = .v1
        }
        return OSSClientConfiguration(endpoint: endpoint, credentials: credentials, signatureVersion: signature)
    }
}

extension SysConfig {
    /// Transport options from `sys.properties` (`workerMaxThroughput(KB/s)`, `requestIdleTimeoutSeconds`).
    ///
    /// A request that sends and receives nothing for `requestIdleTimeoutSeconds` (curl's low-speed limit of
    /// 1 byte/s over that many seconds) fails as a timeout, which is retried.
    public func transportOptions() -> CurlTransportOptions {
        var options = CurlTransportOptions()
        options.timeouts.lowSpeedTime = .seconds(requestIdleTimeoutSeconds)
        options.timeouts.connect = .seconds(min(10, requestIdleTimeoutSeconds))
        if let limit = throughputLimitBytesPerSecond { options.rateLimiter = RateLimiter(bytesPerSecond: limit) }
        return options
    }
}
