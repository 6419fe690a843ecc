/// Where a job reads its files from, resolved from `srcType` and the `src*` keys.
public enum SourceSettings: Sendable, Codable, Equatable {
    /// A local directory (`JobSettings.srcPrefix`).
    case local
    /// Another OSS bucket.
    case oss(RemoteBucketSource)
    /// An S3-compatible bucket (`s3`, `cos`, `ks3`, `bos`, `qiniu`, MinIO, Ceph), AWS Signature V4.
    case s3(RemoteBucketSource)
    /// A URL list file (`srcType=http`).
    case http(HTTPListSource)

    /// True for every source that is not a local directory.
    public var isRemote: Bool {
        if case .local = self { return false }
        return true
    }
}

/// An object-store source: endpoint, bucket, key prefix and credentials.
public struct RemoteBucketSource: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Endpoint URL without the bucket, e.g. `http://oss-cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:9000`.
    public var endpoint: String
    public var bucket: String
    /// Key prefix; relative paths are keys minus this prefix.
    public var prefix: String
    public var accessKeyId: String
    /// Never printed.
    public var secretKey: String
    /// Signing region when known (`srcRegion`, or derived from the endpoint).
    public var region: String?

    public init(endpoint: String, bucket: String, prefix: String, accessKeyId: String, secretKey: String, region: String? = nil) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.prefix = prefix
        self.accessKeyId = accessKeyId
        self.secretKey = secretKey
        self.region = region
    }

    public var description: String {
        "\(endpoint) bucket=\(bucket) prefix=\(prefix) accessKeyId=\(accessKeyId) region=\(region ?? "-")"
    }
}

/// A URL list source: each line's prefix column + relative-path column is the URL.
public struct HTTPListSource: Sendable, Codable, Equatable {
    public var listPath: String
    /// 1-based column of the URL prefix.
    public var prefixColumn: Int
    /// 1-based column of the relative path (the key suffix).
    public var relativeColumn: Int

    public init(listPath: String, prefixColumn: Int, relativeColumn: Int) {
        self.listPath = listPath
        self.prefixColumn = prefixColumn
        self.relativeColumn = relativeColumn
    }
}
