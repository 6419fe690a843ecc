import OSSCore

/// Which request signature the client sends.
public enum OSSSignatureVersion: Sendable, Equatable, CustomStringConvertible {
    /// `Authorization: OSS id:signature` (HMAC-SHA1).
    case v1
    /// `OSS4-HMAC-SHA256`, scoped to a region such as `cn-hangzhou`.
    case v4(region: String)

    public var description: String {
        switch self {
        case .v1: return "V1"
        case .v4(let region): return "V4 (\(region))"
        }
    }
}

/// Everything an ``OSSClient`` needs besides its transport.
public struct OSSClientConfiguration: Sendable {
    public var endpoint: OSSEndpoint
    public var credentials: OSSCredentials
    public var signatureVersion: OSSSignatureVersion
    public var retry: RetryPolicy
    /// Compare the CRC-64 of every body sent or received with `x-oss-hash-crc64ecma`.
    public var verifyCRC: Bool

    public init(
        endpoint: OSSEndpoint,
        credentials: OSSCredentials,
        signatureVersion: OSSSignatureVersion? = nil,
        retry: RetryPolicy = RetryPolicy(),
        verifyCRC: Bool = true
    ) {
        self.endpoint = endpoint
        self.credentials = credentials
        // V4 whenever the region is known, V1 otherwise.
        self.signatureVersion = signatureVersion ?? endpoint.region.map { .v4(region: $0) } ?? .v1
        self.retry = retry
        self.verifyCRC = verifyCRC
    }
}
