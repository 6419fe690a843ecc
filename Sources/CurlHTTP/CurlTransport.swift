/// `HTTPTransport` over libcurl's multi interface.
///
/// Requests run on `options.eventLoops` dedicated threads (never on Swift's cooperative pool), each with its own
/// curl multi handle, connection cache and pool of easy handles. A request goes to the least-loaded loop. Call
/// `shutdown()` (or use `withCurlTransport`) when done; `deinit` also stops the threads, without waiting.
public final class CurlTransport: HTTPTransport {
    public let options: CurlTransportOptions
    private let loops: [CurlEventLoop]

    /// Starts the event-loop threads.
    /// - Throws: `HTTPTransportError` if libcurl cannot be initialised.
    public init(options: CurlTransportOptions = .init()) throws {
        try CurlGlobal.ensureInitialized()
        self.options = options
        var loops: [CurlEventLoop] = []
        do {
            for index in 0..<max(1, options.eventLoops) {
                loops.append(try CurlEventLoop(index: index, options: options))
            }
        } catch {
            for loop in loops { loop.requestShutdown() }
            throw error
        }
        self.loops = loops
    }

    deinit {
        for loop in loops { loop.requestShutdown() }
    }

    public func execute(_ request: HTTPRequest, responseBody sink: HTTPResponseBodySink?) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let loop = leastLoadedLoop()
        let transfer = CurlTransfer(request: request, sink: sink, limiter: options.rateLimiter)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.continuation = continuation
                if !loop.submit(transfer) {
                    transfer.continuation = nil
                    continuation.resume(
                        throwing: HTTPTransportError(kind: .cancelled, message: "the HTTP transport was shut down")
                    )
                }
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// Fails in-flight requests with `.cancelled`, stops the threads and releases curl's handles. Idempotent.
    public func shutdown() async {
        for loop in loops { loop.requestShutdown() }
        for loop in loops { await loop.waitUntilExited() }
    }

    /// The loop with the fewest unfinished transfers; ties go to the lowest index, so sequential requests share one
    /// loop (and its kept-alive connection).
    private func leastLoadedLoop() -> CurlEventLoop {
        var best = loops[0]
        var bestLoad = best.load
        for loop in loops.dropFirst() where bestLoad > 0 {
            let load = loop.load
            if load < bestLoad {
                best = loop
                bestLoad = load
            }
        }
        return best
    }
}

/// Runs `body` with a new `CurlTransport` and shuts the transport down afterwards, whether `body` returns or throws.
public func withCurlTransport<R>(
    options: CurlTransportOptions = .init(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (CurlTransport) async throws -> R
) async throws -> R {
    let transport = try CurlTransport(options: options)
    do {
        let result = try await body(transport)
        await transport.shutdown()
        return result
    } catch {
        await transport.shutdown()
        throw error
    }
}
