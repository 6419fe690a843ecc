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
        settings.multipartThreshold = multipartUploadThreshold
        settings.partSize = multipartUploadPartSize
        settings.partConcurrency = uploadThreadNumPerLargeFile
        settings.fileConcurrency = sys.workerTaskThreadNum
        settings.recordMD5 = sys.workerRecordMd5
        settings.serverSideEncryption = isServerSideEncryption ? serverSideEncryptionAlgorithm : nil
        settings.storageClass = destStorageClass.isEmpty ? nil : destStorageClass
        settings.skipExisting = isSkipExistFile
        settings.importSince = importSince
        return settings
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
    /// Transport options from `sys.properties` (`workerMaxThroughput(KB/s)`, `workerTaskThreadNum`).
    public func transportOptions() -> CurlTransportOptions {
        var options = CurlTransportOptions()
        if let limit = throughputLimitBytesPerSecond { options.rateLimiter = RateLimiter(bytesPerSecond: limit) }
        return options
    }
}
