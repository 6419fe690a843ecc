import CurlHTTP
import OSSClient
import OSSCore

extension JobConfig {
    /// The engine's view of this job and the system settings.
    public func settings(sys: SysConfig) -> JobSettings {
        var settings = JobSettings(jobName: jobName, srcPrefix: srcPrefix, destBucket: destBucket, destPrefix: destPrefix)
        settings.taskObjectCountLimit = taskObjectCountLimit
        settings.taskObjectSizeLimit = taskObjectSizeLimit
        settings.allowSymbolicLinks = isAllowSymbolicLink
        settings.scanParallelism = ScanParallelism(scanThreadCount: scanThreadCount, maxMultiThreadScanDepth: maxMultiThreadScanDepth)
        settings.multipartThreshold = multipartUploadThreshold
        settings.partSize = multipartUploadPartSize
        settings.partConcurrency = uploadThreadNumPerLargeFile
        settings.fileConcurrency = sys.workerTaskThreadNum
        settings.recordMD5 = sys.workerRecordMd5
        settings.serverSideEncryption = isServerSideEncryption ? serverSideEncryptionAlgorithm : nil
        settings.storageClass = destStorageClass.isEmpty ? nil : destStorageClass
        settings.skipExisting = isSkipExistFile
        settings.importSince = importSince
        settings.source = sourceSettings
        settings.throughputLimit = sys.throughputLimitBytesPerSecond.map(Double.init)
        settings.probeTimeoutSeconds = sys.endpointProbeTimeoutSeconds
        settings.createEmptyDirMarker = createEmptyDirMarker
        return settings
    }

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
