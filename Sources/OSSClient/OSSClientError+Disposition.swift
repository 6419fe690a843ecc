import CurlHTTP
import OSSCore

/// What the engine does with a failed destination request, decided once here.
public enum OSSErrorDisposition: Sendable, Equatable {
    /// The failure is this file's: it is listed with the error and the job goes on.
    case failFile
    /// The failure may mean no request can succeed (keys or bucket rejected, endpoint unreachable or not OSS): the
    /// engine asks one probe request and stops the job when the probe fails too (an `AccessDenied` on one key
    /// fails only that file).
    case stopJob
}

/// Why a request whose body is a local file range could not send it.
public enum SourceBodyFailure: Sendable, Equatable {
    /// The file could not be read (deleted, permission denied, I/O error).
    case unreadable
    /// The file holds fewer bytes than the range: it changed during the transfer.
    case changed
}

/// A request that got no complete answer, by what it says about the destination.
public enum TransportFailure: Sendable, Equatable {
    /// No byte in time; `connectedWithoutResponse`: the connection was accepted, then nothing came.
    case timeout(connectedWithoutResponse: Bool)
    /// The host could not be reached: connection refused, DNS, TLS.
    case unreachable
    /// The connection broke during the exchange.
    case connectionReset
    /// Anything else below HTTP (a local body problem, a sink failure, an oversized answer).
    case other
}

extension OSSClientError {
    /// Fail the file or (after a probe) stop the job: ``isFatalForJob`` service errors, an unreachable or silent
    /// endpoint, and answers that are not the OSS API stop the job; everything else fails the file.
    public var disposition: OSSErrorDisposition {
        if isFatalForJob { return .stopJob }
        switch self {
        case .transport(let transport):
            switch transport.kind {
            case .timeout, .connectFailed, .dns, .tls: return .stopJob
            default: return .failFile
            }
        case .invalidResponse:
            return .stopJob
        case .service(let service):
            return notOSS(service) ? .stopJob : .failFile
        case .crcMismatch:
            return .failFile
        }
    }

    /// Set when a local file body could not be sent as it was when the transfer began.
    public var sourceBodyFailure: SourceBodyFailure? {
        guard case .transport(let transport) = self else { return nil }
        switch transport.kind {
        case .sourceRead: return .unreadable
        case .sourceChanged: return .changed
        default: return nil
        }
    }

    /// Set when the request got no complete answer.
    public var transportFailure: TransportFailure? {
        guard case .transport(let transport) = self else { return nil }
        switch transport.kind {
        case .timeout: return .timeout(connectedWithoutResponse: transport.connectedWithoutResponse)
        case .connectFailed, .dns, .tls: return .unreachable
        case .connectionReset: return .connectionReset
        default: return .other
        }
    }

    /// The one-line reason a destination at `endpoint` cannot be used at all, for failures that are not a
    /// rejected request (those name the keys to fix, which the engine knows): unreachable, silent for
    /// `probeSeconds`, or not speaking the OSS API. `nil` otherwise.
    public func unusableEndpointReason(endpoint: String, probeSeconds: Int) -> String? {
        switch self {
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
        case .service(let service) where notOSS(service):
            return "endpoint \(endpoint) does not speak the OSS API: HTTP \(service.statusCode) without an OSS"
                + " error document or x-oss-request-id — check destDomain (an OSS endpoint such as"
                + " http://oss-cn-hangzhou.aliyuncs.com)"
        default:
            return nil
        }
    }

    /// OSS sends `x-oss-request-id` with every answer; a web server's 404/403 page has none.
    private func notOSS(_ service: OSSServiceError) -> Bool {
        service.requestId.isEmpty && service.statusCode < 500
    }

    /// A body-read failure of a fake destination, shaped as the transport reports it.
    static func sourceBody(_ failure: SourceBodyFailure, _ message: String) -> OSSClientError {
        .transport(HTTPTransportError(kind: failure == .changed ? .sourceChanged : .sourceRead, message: message))
    }
}
