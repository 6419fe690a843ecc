/// Why an endpoint string was rejected; `description` names the input and the fix.
public struct EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the endpoint.
    public enum Reason: Sendable, Equatable {
        case empty
        case emptyHost
        case unsupportedScheme(String)
        case hasPath(String)
        case hasUserInfo
        case invalidHost(String)
        case invalidPort(String)
    }

    /// The string as configured.
    public var input: String
    public var reason: Reason

    public init(input: String, reason: Reason) {
        self.input = input
        self.reason = reason
    }

    public var description: String {
        let detail: String
        switch reason {
        case .empty:
            detail = "it is empty; expected something like http://oss-cn-hangzhou.aliyuncs.com"
        case .emptyHost:
            detail = "it has no host name"
        case .unsupportedScheme(let scheme):
            detail = "scheme '\(scheme)' is not supported; use http:// or https://"
        case .hasPath(let path):
            detail = "it contains a path or query '\(path)'; give only scheme://host[:port] (the bucket is configured separately)"
        case .hasUserInfo:
            detail = "it contains user info ('@'); credentials belong in the access key settings"
        case .invalidHost(let host):
            detail = "host '\(host)' is not a valid host name or IP address"
        case .invalidPort(let port):
            detail = "port '\(port)' is not a number between 1 and 65535"
        }
        return "invalid OSS endpoint '\(input)': \(detail)"
    }
}
