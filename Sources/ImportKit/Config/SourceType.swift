/// Where data comes from (`srcType`); spelled exactly as ossimport spells it (case-sensitive).
public enum SourceType: String, Sendable, Codable, CaseIterable {
    case local, oss, s3, qiniu, bos, ks3, youpai, http, cos, azure

    /// True for object stores reached over the network with a bucket and credentials.
    public var isCloud: Bool { self != .local && self != .http }

    /// Names some docs and users write for a source type, mapped to the real value.
    static let aliases: [String: SourceType] = [
        "baidu": .bos, "blob": .azure, "upyun": .youpai, "tencent": .cos, "aws": .s3, "file": .local,
    ]
}

/// What a job does (`jobType`): migrate then verify, or verify only.
public enum JobType: String, Sendable, Codable, CaseIterable {
    case `import`, audit
}

/// How objects are verified (`auditMode`): size only; size, mtime and headers; or content checksums.
public enum AuditMode: String, Sendable, Codable, CaseIterable {
    case simple, general, detailed
}

/// Which OSS request signature to use for the destination (`destSignatureVersion`, ours).
public enum SignatureVersionSetting: String, Sendable, Codable, CaseIterable {
    /// V4 when a region is known (`destRegion`, or derived from `destDomain`), otherwise V1.
    case auto
    case v1
    case v4
}
