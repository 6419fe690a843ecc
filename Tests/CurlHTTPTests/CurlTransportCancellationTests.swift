import CurlHTTP
import Testing

@Suite struct CurlTransportCancellationTests {
    @Test func cancellingASlowUploadThrowsCancellationErrorPromptly() async throws {
        var options = CurlTransportOptions()
        options.rateLimiter = RateLimiter(bytesPerSecond: 1 << 20)
        let body = TestPattern.bytes(count: 64 << 20)  // would take ~64 s at this rate
        try await withTestServer { server in
            try await withCurlTransport(options: options) { transport in
                let upload = Task {
                    try await transport.execute(HTTPRequest(method: "PUT", url: server.url("/echo"), body: .bytes(body)))
                }
                await server.stats.waitForBodyBytes(atLeast: 64 * 1024)
                let clock = ContinuousClock()
                let start = clock.now
                upload.cancel()
                let result = await upload.result
                let elapsed = start.duration(to: clock.now)
                #expect(throws: CancellationError.self) { try result.get() }
                // The upload needs ~64 s: a generous bound that still shows the transfer stopped.
                #expect(elapsed < .seconds(20), "cancellation took \(elapsed)")
                // The transport is still usable afterwards.
                let next = try await transport.execute(HTTPRequest(method: "GET", url: server.url("/echo")))
                #expect(next.status == 200)
            }
        }
    }

    @Test func alreadyCancelledTaskThrowsWithoutSending() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await transport.execute(HTTPRequest(method: "PUT", url: server.url("/echo"), body: .bytes([1])))
                }
                await #expect(throws: CancellationError.self) { try await task.value }
            }
            #expect(server.stats.requestsCompleted == 0)
        }
    }

    @Test func fileShorterThanTheRangeIsSourceChanged() async throws {
        let file = try TempFile.pattern(size: 1 << 20)
        defer { file.remove() }
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let request = HTTPRequest(
                    method: "PUT", url: server.url("/echo"), body: .file(path: file.path, offset: 0, length: 2 << 20))
                let error = await #expect(throws: HTTPTransportError.self) { try await transport.execute(request) }
                #expect(error?.kind == .sourceChanged)
                #expect(error?.isRetryable == false)
            }
        }
    }

    @Test func fileShrinkingDuringUploadIsSourceChanged() async throws {
        let file = try TempFile.pattern(size: 16 << 20)
        defer { file.remove() }
        var options = CurlTransportOptions()
        options.rateLimiter = RateLimiter(bytesPerSecond: 4 << 20)
        try await withTestServer { server in
            try await withCurlTransport(options: options) { transport in
                // Truncated from the server thread once 256 KiB arrived: at 4 MiB/s the client is far from the end.
                server.stats.whenBodyBytes(atLeast: 256 * 1024) { try? file.truncate(to: 0) }
                let upload = Task {
                    try await transport.execute(
                        HTTPRequest(method: "PUT", url: server.url("/echo"), body: .file(path: file.path, offset: 0, length: 16 << 20)))
                }
                let error = await #expect(throws: HTTPTransportError.self) { try await upload.value }
                #expect(error?.kind == .sourceChanged)
                #expect(error?.message.contains(file.path) == true)
            }
        }
    }

    @Test func missingFileIsSourceRead() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let request = HTTPRequest(
                    method: "PUT", url: server.url("/echo"), body: .file(path: "/nonexistent/curlhttp-test", offset: 0, length: 1))
                let error = await #expect(throws: HTTPTransportError.self) { try await transport.execute(request) }
                #expect(error?.kind == .sourceRead)
                #expect(error?.message.contains("No such file") == true)
            }
        }
    }

    @Test func rateLimitHoldsUploadsToTheConfiguredRate() async throws {
        var options = CurlTransportOptions()
        options.rateLimiter = RateLimiter(bytesPerSecond: 1 << 20)
        let body = TestPattern.bytes(count: 2 << 20)
        try await withTestServer { server in
            try await withCurlTransport(options: options) { transport in
                let clock = ContinuousClock()
                let start = clock.now
                let response = try await transport.execute(HTTPRequest(method: "PUT", url: server.url("/echo"), body: .bytes(body)))
                let elapsed = start.duration(to: clock.now)
                #expect(response.headers["x-echo-crc64"] == String(TestPattern.crc64(body)))
                #expect(elapsed >= .milliseconds(1500), "2 MiB at 1 MiB/s took only \(elapsed)")
            }
        }
    }
}
