extension JobConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Every key as `key=value`, one per line, in file order; credentials show only whether they are set.
    public var description: String {
        redactedPairs.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    public var debugDescription: String { description }

    /// A mirror with credentials redacted, so `dump(config)` does not print them.
    public var customMirror: Mirror {
        Mirror(self, children: redactedPairs.map { (label: Optional($0.key), value: $0.value as Any) }, displayStyle: .struct)
    }

    private var redactedPairs: [(key: String, value: String)] {
        func secret(_ value: String) -> String { value.isEmpty ? "" : "<set>" }
        return [
            ("isIncremental", "\(isIncremental)"), ("incrementalModeInterval", "\(incrementalModeInterval)"),
            ("srcType", srcType.rawValue), ("srcAccessKey", secret(srcAccessKey)), ("srcSecretKey", secret(srcSecretKey)),
            ("srcDomain", srcDomain), ("srcBucket", srcBucket), ("srcPrefix", srcPrefix),
            ("destAccessKey", secret(destAccessKey)), ("destSecretKey", secret(destSecretKey)),
            ("destDomain", destDomain), ("destBucket", destBucket), ("destPrefix", destPrefix),
            ("appId", "\(appId)"), ("isDownloadFromCdn", "\(isDownloadFromCdn)"), ("cdnDomain", cdnDomain),
            ("httpListFilePath", httpListFilePath), ("httpPrefixColumn", "\(httpPrefixColumn)"),
            ("relativePathColumn", "\(relativePathColumn)"), ("jobName", jobName), ("jobType", jobType.rawValue),
            ("importSince", "\(importSince)"), ("lastModify", "\(lastModify)"), ("isSkipExistFile", "\(isSkipExistFile)"),
            ("taskObjectCountLimit", "\(taskObjectCountLimit)"), ("taskObjectSizeLimit", "\(taskObjectSizeLimit)"),
            ("scanThreadCount", "\(scanThreadCount)"), ("maxMultiThreadScanDepth", "\(maxMultiThreadScanDepth)"),
            ("multipartUploadThreshold", SizeValue.format(multipartUploadThreshold)),
            ("multipartUploadPartSize", SizeValue.format(multipartUploadPartSize)),
            ("uploadThreadNumPerLargeFile", "\(uploadThreadNumPerLargeFile)"),
            ("isServerSideEncryption", "\(isServerSideEncryption)"), ("isAllowSymbolicLink", "\(isAllowSymbolicLink)"),
            ("getObjectMetaMode", getObjectMetaMode), ("isAuditAfterImport", "\(isAuditAfterImport)"),
            ("auditMode", auditMode.rawValue), ("destRegion", destRegion),
            ("destSignatureVersion", destSignatureVersion.rawValue), ("destSecurityToken", secret(destSecurityToken)),
            ("destStorageClass", destStorageClass), ("serverSideEncryptionAlgorithm", serverSideEncryptionAlgorithm),
            ("srcRegion", srcRegion),
            ("createEmptyDirMarker", String(createEmptyDirMarker)),
        ]
    }
}
