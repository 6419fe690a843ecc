import CurlHTTP

extension RetryPolicy {
    /// Sends the request `make` builds (again for every attempt, so a signature is fresh) until it is answered with
    /// a status `retryStatus` does not name, fails in a way that is not retryable, or the policy allows no more
    /// attempts. Returns the last answer (whatever its status) and how many attempts were made; throws the last
    /// ``HTTPTransportError``, or `CancellationError` when the task or the transport was stopped.
    /// Used by the source clients (S3-compatible, HTTP list), whose error answers are not OSS's.
    public func send(
        over transport: any HTTPTransport, retryStatus: (Int) -> Bool,
        _ make: () -> HTTPRequest
    ) async throws -> (response: HTTPResponse, attempts: Int) {
        var attempts = 0
        do {
            let response = try await run(
                { attempt in
                    attempts = attempt
                    let response: HTTPResponse
                    do {
                        response = try await transport.execute(make())
                    } catch let error as HTTPTransportError where error.kind == .cancelled {
                        throw CancellationError()
                    }
                    if retryStatus(response.status) { throw RetryableAnswer(response: response) }
                    return response
                },
                retryIf: { error, _ in
                    if error is RetryableAnswer { return .retry }
                    if let error = error as? HTTPTransportError, error.isRetryable { return .retry }
                    return .stop
                })
            return (response, attempts)
        } catch let answer as RetryableAnswer {
            return (answer.response, attempts)
        }
    }

    /// An answer worth asking again for (5xx...), carried through the policy's loop as an error.
    private struct RetryableAnswer: Error {
        let response: HTTPResponse
    }
}
