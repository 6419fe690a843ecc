import CurlHTTP
import Logging
import OSSClient
import OSSCore

/// The destination cannot be used at all (unreachable, keys or bucket rejected): the job stops with this one
/// message, and the file that found out is not marked failed (the next start runs it again).
struct DestinationUnusable: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// One cheap request (ListObjectsV2, one key, one attempt, ``JobSettings/probeTimeoutSeconds`` without a byte at
/// most) that says whether the destination is usable at all.
enum DestinationProbe {
    /// Why no request can succeed, or `nil` when the destination answers normally (or fails in a way that may
    /// be specific to one request). Throws only `CancellationError`.
    ///
    /// Unusable: keys or bucket rejected, endpoint unreachable, a server that accepts the connection and sends
    /// nothing for `probeTimeoutSeconds`, a server that does not speak the OSS API (an answer that is neither a
    /// `<ListBucketResult>` nor an OSS error with `x-oss-request-id`).
    static func unusableReason(client: OSSClient, settings: JobSettings, log: EventLog? = nil) async throws -> String? {
        let seconds = max(1, settings.probeTimeoutSeconds)
        let timeouts = HTTPTimeouts(connect: .seconds(seconds), lowSpeedTime: .seconds(seconds), total: .seconds(seconds * 3))
        do {
            _ = try await client.listObjectsV2(
                bucket: settings.destBucket, prefix: settings.destPrefix, maxKeys: 1, timeouts: timeouts, retry: RetryPolicy.none)
            return nil
        } catch let error as OSSClientError {
            if case .transport(let transport) = error, transport.kind == .cancelled { throw CancellationError() }
            if let reason = reason(
                for: error, endpoint: "\(client.configuration.endpoint)", probeSeconds: seconds, bucket: settings.destBucket)
            {
                return reason
            }
            log?.service.warning("destination check failed, going on: {error}", metadata: ["error": "\(error)"])
            return nil
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return nil
        }
    }

    /// Errors after which the probe is worth asking: they may mean the whole destination is gone or never was OSS.
    static func mayBeUnusable(_ error: OSSClientError) -> Bool {
        if case .transport(let transport) = error, transport.kind == .timeout { return true }
        return reason(for: error, endpoint: "", probeSeconds: 0, bucket: "") != nil
    }

    /// The one-line reason for a probe failure that no retry can fix, or `nil`.
    static func reason(for error: OSSClientError, endpoint: String, probeSeconds: Int, bucket: String = "") -> String? {
        if error.isFatalForJob {
            // For a rejected request, the `dest…` keys to fix (``ServiceErrorAdvice``).
            if let advice = ServiceErrorAdvice.message(for: error, side: .destination, bucket: bucket, domain: endpoint) {
                return advice
            }
            return "destination rejected the request: \(error)"
        }
        switch error {
        case .transport(let transport):
            switch transport.kind {
            case .connectFailed, .dns, .tls:
                return "cannot reach destination \(endpoint): \(transport)"
            case .timeout where transport.connectedWithoutResponse:
                return "endpoint \(endpoint) accepted the connection but sent no response in \(probeSeconds) s"
                    + " — check destDomain (is it an OSS endpoint, reachable without a proxy?)"
            case .timeout:
                return "cannot reach destination \(endpoint): no connection in \(probeSeconds) s (\(transport))"
            default:
                return nil
            }
        case .invalidResponse(let operation, let detail, _):
            return "endpoint \(endpoint) does not speak the OSS API: \(operation) answer: \(detail)"
                + " — check destDomain (an OSS endpoint such as http://oss-cn-hangzhou.aliyuncs.com)"
        case .service(let service) where service.requestId.isEmpty && service.statusCode < 500:
            // OSS sends x-oss-request-id with every answer; a web server's 404/403 page has none.
            return "endpoint \(endpoint) does not speak the OSS API: HTTP \(service.statusCode) without an OSS"
                + " error document or x-oss-request-id — check destDomain (an OSS endpoint such as"
                + " http://oss-cn-hangzhou.aliyuncs.com)"
        default:
            return nil
        }
    }
}
