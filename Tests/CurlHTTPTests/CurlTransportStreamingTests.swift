import CRC64
import CurlHTTP
import Foundation
import Synchronization
import Testing

@Suite struct CurlTransportStreamingTests {
    @Test func fileRangeBodySendsExactlyThatRange() async throws {
        let file = try TempFile.pattern(size: 3 << 20)
        defer { file.remove() }
        let offset = 1000
        let length = (1 << 20) + 17
        let expected = TestPattern.crc64(TestPattern.bytes(count: length, startingAt: offset))
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let request = HTTPRequest(
                    method: "PUT", url: server.url("/echo"),
                    body: .file(path: file.path, offset: Int64(offset), length: Int64(length)))
                let response = try await transport.execute(request)
                #expect(response.headers["x-echo-length"] == String(length))
                #expect(response.headers["x-echo-crc64"] == String(expected))
                #expect(response.sentBodyCRC64 == expected)
                #expect(response.bytesSent == Int64(length))
            }
        }
    }

    @Test func largeFileUploadStreamsWithoutLoadingTheFile() async throws {
        let size = 64 << 20
        let file = try TempFile.pattern(size: size)
        defer { file.remove() }
        var expected = CRC64()
        for start in stride(from: 0, to: size, by: 1 << 20) {
            TestPattern.bytes(count: 1 << 20, startingAt: start).withUnsafeBytes { expected.update($0) }
        }
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let request = HTTPRequest(
                    method: "PUT", url: server.url("/echo"), body: .file(path: file.path, offset: 0, length: Int64(size)))
                let response = try await transport.execute(request)
                #expect(response.status == 200)
                #expect(response.headers["x-echo-length"] == String(size))
                #expect(response.headers["x-echo-crc64"] == String(expected.value))
                #expect(response.sentBodyCRC64 == expected.value)
            }
        }
        // Memory is not asserted here: peak RSS is per process and other suites run in parallel. The bound on
        // memory (streamed bodies, no whole-file buffers) is measured by the benchmark, in its own process.
    }

    @Test func responseBodyCRCAndSink() async throws {
        let count = 5 << 20
        let expected = TestPattern.crc64(TestPattern.bytes(count: count))
        let received = Mutex(CRC64())
        let chunks = Mutex(0)
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let inMemory = try await transport.execute(HTTPRequest(method: "GET", url: server.url("/bytes?n=\(count)")))
                #expect(inMemory.body.count == count)
                #expect(inMemory.receivedBodyCRC64 == expected)

                let streamed = try await transport.execute(
                    HTTPRequest(method: "GET", url: server.url("/bytes?n=\(count)")),
                    responseBody: { chunk in
                        received.withLock { $0.update(chunk) }
                        chunks.withLock { $0 += 1 }
                    })
                #expect(streamed.body.isEmpty)
                #expect(streamed.bytesReceived == Int64(count))
                #expect(streamed.receivedBodyCRC64 == expected)
            }
        }
        #expect(received.withLock { $0.value } == expected)
        #expect(chunks.withLock { $0 } > 1)
    }

    @Test func errorResponseBodyBypassesTheSink() async throws {
        let sinkCalls = Mutex(0)
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let response = try await transport.execute(
                    HTTPRequest(method: "GET", url: server.url("/status?code=403")),
                    responseBody: { _ in sinkCalls.withLock { $0 += 1 } })
                #expect(response.status == 403)
                #expect(String(decoding: response.body, as: UTF8.self).contains("<Error>"))
            }
        }
        #expect(sinkCalls.withLock { $0 } == 0)
    }

    @Test func throwingSinkFailsWithSinkFailed() async throws {
        struct DiskFull: Error {}
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let error = await #expect(throws: HTTPTransportError.self) {
                    try await transport.execute(
                        HTTPRequest(method: "GET", url: server.url("/bytes?n=100000")),
                        responseBody: { _ in throw DiskFull() })
                }
                #expect(error?.kind == .sinkFailed)
                #expect(error?.isRetryable == false)
            }
        }
    }

    @Test func inMemoryBodyOverTheLimitFailsWithResponseTooLarge() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                var request = HTTPRequest(method: "GET", url: server.url("/bytes?n=\(2 << 20)"))
                request.maxResponseBodyInMemory = 1 << 20
                let error = await #expect(throws: HTTPTransportError.self) { try await transport.execute(request) }
                #expect(error?.kind == .responseTooLarge)

                request.url = server.url("/bytes?n=\(1 << 20)")
                let exact = try await transport.execute(request)
                #expect(exact.body.count == 1 << 20)
            }
        }
    }
}
