import CurlHTTP
import Foundation
import OSSCore
import Synchronization

/// A client for the OSS object API over an ``HTTPTransport`` (libcurl in production).
///
/// Each public call signs a fresh request per attempt, retries retryable failures with the configured
/// ``RetryPolicy`` (re-reading file bodies from their source), corrects the clock offset when OSS answers
/// `RequestTimeTooSkewed`, and verifies the CRC-64 of every body that OSS reports one for.
public final class OSSClient: Sendable {
    public let configuration: OSSClientConfiguration
    let transport: any HTTPTransport
    /// Server time minus local time, learnt from `RequestTimeTooSkewed` answers.
    private let clockOffset = Mutex<Duration>(.zero)
    /// Observes every retry (for logs); never sees credentials.
    private let onRetry: (@Sendable (_ operation: String, _ attempt: Int, _ error: OSSClientError) -> Void)?

    public init(
        configuration: OSSClientConfiguration,
        transport: any HTTPTransport,
        onRetry: (@Sendable (_ operation: String, _ attempt: Int, _ error: OSSClientError) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.transport = transport
        self.onRetry = onRetry
    }

    /// The current correction applied to the local clock when signing.
    public var currentClockOffset: Duration { clockOffset.withLock { $0 } }

    /// Runs `request` with retries; `validate` may throw a retryable error (a CRC mismatch) to retry.
    func perform(
        _ request: OSSRequest,
        sink: HTTPResponseBodySink? = nil,
        validate: (HTTPResponse) throws(OSSClientError) -> Void = { _ in }
    ) async throws -> HTTPResponse {
        // A streamed response body cannot be replayed into its sink: retry only while no byte has reached it
        // (error statuses never do; their bodies stay in `HTTPResponse.body`).
        let progress = SinkProgress()
        let trackedSink: HTTPResponseBodySink? = sink.map { sink in
            { @Sendable buffer in
                if !buffer.isEmpty { progress.markDelivered() }
                try sink(buffer)
            }
        }
        let retry = request.retry ?? configuration.retry
        return try await retry.run({ _ in
            let response = try await send(request, sink: trackedSink)
            try validate(response)
            return response
        }, retryIf: { error, attempt in
            guard let error = error as? OSSClientError, error.isRetryable, !progress.delivered else { return .stop }
            onRetry?(request.operation, attempt, error)
            return error.isThrottle ? .retryThrottled : .retry
        })
    }

    /// One attempt: sign, send, and turn an error status into ``OSSClientError/service(_:)``.
    func send(_ request: OSSRequest, sink: HTTPResponseBodySink?) async throws -> HTTPResponse {
        var signing = OSSSigningRequest(
            method: request.method, bucket: request.bucket, key: request.key,
            query: request.query, headers: request.headers)
        let now = Date() + TimeInterval(clockOffset.withLock { $0 }.secondsDouble)
        switch configuration.signatureVersion {
        case .v1:
            OSSSignerV1.sign(&signing, credentials: configuration.credentials, date: now)
        case .v4(let region):
            OSSSignerV4(region: region).sign(&signing, credentials: configuration.credentials, date: now)
        }
        var headers = HTTPHeaders()
        for (name, value) in signing.headers { headers.add(name: name, value: value) }
        var http = HTTPRequest(
            method: request.method,
            url: configuration.endpoint.url(bucket: request.bucket, key: request.key, query: request.query),
            headers: headers,
            body: request.body)
        http.maxResponseBodyInMemory = request.maxResponseBodyInMemory
        http.timeouts = request.timeouts
        http.recheckBodyFile = request.recheckBodyFile

        let response: HTTPResponse
        let sentAt = Date()
        do {
            // Error bodies are small XML: never stream them into the caller's sink.
            response = try await transport.execute(http, responseBody: sink.map { sink in
                { @Sendable buffer in try sink(buffer) }
            })
        } catch let error as HTTPTransportError {
            // A stopped transport is a stopped task: callers see one kind of cancellation.
            if error.kind == .cancelled { throw CancellationError() }
            throw OSSClientError.transport(error)
        }
        guard (200..<300).contains(response.status) else {
            throw OSSClientError.service(decodeError(response, method: request.method, sentAt: sentAt))
        }
        return response
    }

    private func decodeError(_ response: HTTPResponse, method: String, sentAt: Date) -> OSSServiceError {
        let requestId = response.headers["x-oss-request-id"] ?? ""
        let error: OSSServiceError
        if method == "HEAD" || response.body.isEmpty {
            error = OSSServiceError.fromHeadErrorHeader(
                status: response.status, xOssErr: response.headers["x-oss-err"], requestId: requestId)
        } else {
            error = OSSServiceError.parse(status: response.status, body: response.body, requestId: requestId)
        }
        if error.code == "RequestTimeTooSkewed", let serverDate = response.headers["Date"].flatMap(HTTPDate.parseRFC1123) {
            // The server's clock read somewhere between sending and receiving, truncated to whole seconds:
            // compare the middle of its second with the middle of the round trip.
            let receivedAt = Date()
            let localMiddle = sentAt.timeIntervalSince1970 + receivedAt.timeIntervalSince(sentAt) / 2
            let offset = serverDate.timeIntervalSince1970 + 0.5 - localMiddle
            clockOffset.withLock { $0 = .milliseconds(Int64(offset * 1000)) }
        }
        return error
    }
}

extension Duration {
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension HTTPResponse {
    /// `x-oss-hash-crc64ecma` as a number, when present.
    var ossCRC64: UInt64? { headers["x-oss-hash-crc64ecma"].flatMap { UInt64($0) } }
    var requestId: String { headers["x-oss-request-id"] ?? "" }
    var etag: String { headers["ETag"] ?? "" }
}

/// Whether a streamed response body has started reaching the caller's sink (set on the transport thread).
final class SinkProgress: Sendable {
    private let state = Mutex(false)

    var delivered: Bool { state.withLock { $0 } }

    func markDelivered() { state.withLock { $0 = true } }
}

extension OSSClient: ObjectDestination {
    public var endpoint: OSSEndpoint { configuration.endpoint }
    public var accessKeyId: String { configuration.credentials.accessKeyId }

    public func probe(bucket: String, prefix: String, timeout: Duration) async throws {
        let timeouts = HTTPTimeouts(connect: timeout, lowSpeedTime: timeout, total: timeout * 3)
        _ = try await listObjectsV2(bucket: bucket, prefix: prefix, maxKeys: 1, timeouts: timeouts, retry: RetryPolicy.none)
    }
}
