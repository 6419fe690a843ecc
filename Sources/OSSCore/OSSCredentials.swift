/// An access key pair, optionally with an STS security token.
///
/// `description` never shows the secret or the token, so credentials can be logged by accident safely.
public struct OSSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The AccessKeyId (not secret; appears in Authorization headers).
    public var accessKeyId: String
    /// The AccessKeySecret. Never printed.
    public var accessKeySecret: String
    /// STS token sent as `x-oss-security-token`, if any. Never printed.
    public var securityToken: String?

    /// Credentials from an AccessKeyId, AccessKeySecret and optional STS token.
    public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
    }

    /// `OSSCredentials(accessKeyId: LTAI..., accessKeySecret: <redacted>, securityToken: <redacted>|none)`.
    public var description: String {
        let token = securityToken == nil ? "none" : "<redacted>"
        return "OSSCredentials(accessKeyId: \(accessKeyId), accessKeySecret: <redacted>, securityToken: \(token))"
    }

    public var debugDescription: String { description }
}
