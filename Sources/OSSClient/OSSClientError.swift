import CurlHTTP
import OSSCore

/// Every way an OSS call can fail, classified once for the retry policy and the per-file report.
public enum OSSClientError: Error, Sendable, CustomStringConvertible {
    /// OSS answered with an error document (or a HEAD error in `x-oss-err`).
    case service(OSSServiceError)
    /// The request did not complete: connect, timeout, reset, TLS, source read, cancellation.
    case transport(HTTPTransportError)
    /// The CRC-64 of the bytes we sent or received differs from the one OSS reported.
    case crcMismatch(operation: String, local: UInt64, remote: UInt64, requestId: String)
    /// OSS answered 2xx but the body or headers could not be understood.
    case invalidResponse(operation: String, detail: String, requestId: String)

    /// Whether repeating the same request may succeed.
    public var isRetryable: Bool {
        switch self {
        case .service(let error):
            return Self.isRetryable(status: error.statusCode, code: error.code)
        case .transport(let error):
            return error.isRetryable
        case .crcMismatch:
            return true
        case .invalidResponse:
            return false
        }
    }

    /// The OSS error code, when OSS sent one.
    public var serviceCode: String? {
        if case .service(let error) = self { return error.code }
        return nil
    }

    /// The HTTP status, when OSS answered.
    public var statusCode: Int? {
        if case .service(let error) = self { return error.statusCode }
        return nil
    }

    /// Errors that make every further request pointless: wrong keys, missing bucket, wrong endpoint.
    public var isFatalForJob: Bool {
        guard case .service(let error) = self else { return false }
        switch error.code {
        case "InvalidAccessKeyId", "SignatureDoesNotMatch", "NoSuchBucket", "InvalidBucketName", "AccessDenied",
            "SecurityTokenExpired", "InvalidSecurityToken", "UserDisable":
            return true
        default:
            return false
        }
    }

    /// A throttling answer: back off harder than for an ordinary failure.
    public var isThrottle: Bool {
        guard case .service(let error) = self else { return false }
        return error.statusCode == 429 || error.statusCode == 503
            || error.code.hasSuffix("LimitExceeded") || error.code == "SlowDown"
    }

    static func isRetryable(status: Int, code: String) -> Bool {
        switch code {
        case "RequestTimeTooSkewed", "InvalidCRC64", "ServiceUnavailable", "InternalError", "SlowDown":
            return true
        default:
            break
        }
        return status >= 500 || status == 408 || status == 429
    }

    public var description: String {
        switch self {
        case .service(let error):
            return error.description
        case .transport(let error):
            return error.description
        case .crcMismatch(let operation, let local, let remote, let requestId):
            return "\(operation): CRC-64 mismatch: local \(local), OSS \(remote) (RequestId: \(requestId))"
        case .invalidResponse(let operation, let detail, let requestId):
            return "\(operation): unexpected response: \(detail) (RequestId: \(requestId))"
        }
    }
}
