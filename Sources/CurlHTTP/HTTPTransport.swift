/// Receives the response body chunk by chunk, on the transport's thread. It must be quick (e.g. one `pwrite`).
/// Throwing aborts the transfer with `.sinkFailed`. Only bodies of 2xx responses go to the sink; other
/// responses (e.g. an OSS error XML) are kept in `HTTPResponse.body` so they can be parsed.
public typealias HTTPResponseBodySink = @Sendable (UnsafeRawBufferPointer) throws -> Void

/// Executes HTTP requests. Implemented by `CurlTransport`; tests may provide fakes.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the final response, whatever its status.
    ///
    /// - Parameter sink: receives the body of a 2xx response instead of `HTTPResponse.body`.
    /// - Throws: `HTTPTransportError` for transport failures, `CancellationError` if the task is cancelled.
    func execute(_ request: HTTPRequest, responseBody sink: HTTPResponseBodySink?) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// Sends `request`, keeping the response body in memory.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await execute(request, responseBody: nil)
    }
}
