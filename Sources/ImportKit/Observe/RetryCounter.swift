import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import Synchronization

/// Counts the requests to OSS that were tried again, by reason; shared by the client's retry callback and the
/// tracker (thread-safe: the callback runs on the client's tasks).
public final class RetryCounter: Sendable {
    /// The `reason` label values of `ossimport_request_retries_total`, in the order they are listed.
    public static let reasons = ["throttled", "server_error", "timeout", "network", "crc", "clock_skew", "other"]

    private let counts = Mutex<[String: Int64]>([:])

    public init() {}

    public func record(_ error: OSSClientError) {
        let reason = Self.reason(error)
        counts.withLock { $0[reason, default: 0] += 1 }
    }

    /// Counts so far, by reason (reasons never seen are absent).
    public var snapshot: [String: Int64] { counts.withLock { $0 } }

    /// The reason label of a retried error: `throttled` (429, 503, SlowDown, …LimitExceeded), `clock_skew`
    /// (RequestTimeTooSkewed), `crc` (a CRC-64 mismatch), `server_error` (other 5xx), `timeout`, `network`
    /// (connect, reset, DNS, TLS), `other`.
    public static func reason(_ error: OSSClientError) -> String {
        if error.isThrottle { return "throttled" }
        switch error {
        case .crcMismatch: return "crc"
        case .service(let service):
            if service.code == "RequestTimeTooSkewed" { return "clock_skew" }
            if service.code == "InvalidCRC64" { return "crc" }
            return service.statusCode >= 500 ? "server_error" : "other"
        case .transport(let transport):
            switch transport.kind {
            case .timeout: return "timeout"
            case .connectFailed, .connectionReset, .dns, .tls: return "network"
            default: return "other"
            }
        case .invalidResponse: return "other"
        }
    }
}
