import OSSClient
import OSSCore

/// Which side of the job a failed request was made for: its answer points at the `src…` or the `dest…` keys.
enum ConfigSide: Sendable {
    case source
    case destination

    /// `src` or `dest`, the prefix of the side's keys in the job file.
    var keyPrefix: String { self == .source ? "src" : "dest" }
    var noun: String { self == .source ? "source" : "destination" }
}

/// Turns a service error that means "the configuration is wrong" (keys, bucket, endpoint) into one line that names
/// the job-file keys to fix and how. The one place where error codes are mapped to configuration keys.
enum ServiceErrorAdvice {
    /// The service's answer, reduced to what the advice needs (OSS and S3 send the same fields).
    public struct Answer: Sendable {
        public var status: Int
        public var code: String
        public var message: String
        public var requestId: String
        /// `<Endpoint>` of the error body: where the bucket must be reached (OSS AccessDenied, S3 PermanentRedirect).
        public var endpoint: String?

        public init(status: Int, code: String, message: String = "", requestId: String = "", endpoint: String? = nil) {
            self.status = status
            self.code = code
            self.message = message
            self.requestId = requestId
            self.endpoint = endpoint
        }

        public init(_ error: OSSServiceError) {
            self.init(status: error.statusCode, code: error.code, message: error.message, requestId: error.requestId,
                      endpoint: error.endpoint.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// Codes after which no request of that side can succeed.
    public static let configurationCodes: Set<String> = [
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "NoSuchBucket", "InvalidBucketName", "AccessDenied",
        "SecurityTokenExpired", "InvalidSecurityToken", "UserDisable", "PermanentRedirect",
        "AuthorizationHeaderMalformed",
    ]

    /// One line naming the key(s) to fix, or `nil` when `answer` is not about the configuration.
    ///
    /// - Parameters:
    ///   - side: whose keys were used.
    ///   - bucket: the bucket of the request (`destBucket` or `srcBucket`).
    ///   - domain: the endpoint the request went to (`destDomain` or `srcDomain`), `scheme://host[:port]`.
    public static func message(for answer: Answer, side: ConfigSide, bucket: String, domain: String) -> String? {
        let p = side.keyPrefix
        let env = side == .destination
        let what = "\(side.noun) \(domain)"
        let fix: String
        switch answer.code {
        case "InvalidAccessKeyId":
            fix = "\(what) does not know the access key: check \(p)AccessKey\(env ? " (or OSS_ACCESS_KEY_ID)" : "")"
        case "SignatureDoesNotMatch":
            fix = "\(what) rejected the signature: \(p)SecretKey does not belong to \(p)AccessKey — check \(p)SecretKey\(env ? " (or OSS_ACCESS_KEY_SECRET)" : "") and \(p)AccessKey"
        case "SecurityTokenExpired", "InvalidSecurityToken":
            fix = side == .destination
                ? "\(what) rejected the security token: renew destSecurityToken (or OSS_SESSION_TOKEN) together with destAccessKey and destSecretKey"
                : "\(what) rejected the security token of srcAccessKey: renew the source credentials"
        case "UserDisable":
            fix = "the account of \(p)AccessKey is disabled at \(domain): enable it or use another \(p)AccessKey/\(p)SecretKey"
        case "NoSuchBucket":
            fix = "bucket \"\(bucket)\" does not exist at \(domain): check \(p)Bucket, and \(p)Domain if the bucket is in another region"
        case "InvalidBucketName":
            fix = "\"\(bucket)\" is not a valid bucket name: \(p)Bucket takes the bucket name only (3-63 characters: a-z, 0-9, -) and \(p)Domain the endpoint without the bucket"
        case "AccessDenied", "PermanentRedirect", "AuthorizationHeaderMalformed":
            if let endpoint = answer.endpoint {
                fix = "bucket \"\(bucket)\" must be reached through \(endpoint), not \(domain): write \(p)Domain=\(suggestedDomain(endpoint, like: domain))"
            } else if answer.code == "AccessDenied" {
                fix = "\(p)AccessKey may not access bucket \"\(bucket)\" at \(domain): grant it list, read\(side == .destination ? " and write" : "") permission on the bucket (RAM policy or bucket policy), or check \(p)Bucket and \(p)AccessKey"
            } else {
                fix = "bucket \"\(bucket)\" is in another region than \(domain): set \(p)Domain to the bucket's regional endpoint\(side == .source ? " (and srcRegion)" : "")"
            }
        default:
            return nil
        }
        return "\(fix) (\(serviceText(answer)))"
    }

    /// The advice for an OSS client error, or `nil` when it is not about the configuration.
    public static func message(for error: OSSClientError, side: ConfigSide, bucket: String, domain: String) -> String? {
        guard case .service(let service) = error else { return nil }
        return message(for: Answer(service), side: side, bucket: bucket, domain: domain)
    }

    /// `endpoint` as a `…Domain` value: with the scheme of the configured `domain` when it has none.
    static func suggestedDomain(_ endpoint: String, like domain: String) -> String {
        if endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") { return endpoint }
        let scheme = domain.hasPrefix("https://") ? "https" : "http"
        return "\(scheme)://\(endpoint)"
    }

    private static func serviceText(_ answer: Answer) -> String {
        var text = "HTTP \(answer.status) \(answer.code)"
        if !answer.message.isEmpty { text += ": \(answer.message)" }
        text += "; RequestId: \(answer.requestId.isEmpty ? "none" : answer.requestId)"
        return text
    }
}
