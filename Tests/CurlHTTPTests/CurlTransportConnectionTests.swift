import CRC64
import CurlHTTP
import Testing

@Suite struct CurlTransportConnectionTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                for index in 0..<50 {
                    let response = try await transport.execute(
                        HTTPRequest(method: "PUT", url: server.url("/echo?i=\(index)"), body: .bytes([UInt8(index)])))
                    #expect(response.status == 200)
                }
            }
            #expect((1...2).contains(server.stats.connectionsAccepted), "\(server.stats.connectionsAccepted) connections")
        }
    }

    @Test func twoHundredConcurrentRequestsComplete() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            let body = TestPattern.bytes(count: 1000 + index, startingAt: index)
                            let response = try await transport.execute(
                                HTTPRequest(method: "PUT", url: server.url("/echo?i=\(index)"), body: .bytes(body)))
                            return response.status == 200
                                && response.headers["x-echo-crc64"] == String(TestPattern.crc64(body))
                                && response.headers["x-echo-uri"] == "/echo?i=\(index)"
                        }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(results.count == 200)
                #expect(results.allSatisfy { $0 })
            }
            #expect(server.stats.requestsCompleted == 200)
        }
    }

    @Test func hostConnectionLimitQueuesTransfers() async throws {
        var options = CurlTransportOptions()
        options.eventLoops = 1
        options.maxConnectionsPerHost = 2
        try await withTestServer { server in
            try await withCurlTransport(options: options) { transport in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<20 {
                        group.addTask { try await transport.execute(HTTPRequest(method: "GET", url: server.url("/delay?ms=20"))).status }
                    }
                    for try await status in group { #expect(status == 200) }
                }
            }
            #expect(server.stats.connectionsAccepted <= 2)
        }
    }

    @Test func connectionRefusedIsRetryableConnectFailed() async throws {
        let server = try await TestHTTPServer.start()
        let url = server.url("/echo?Signature=SECRET-SIG")
        try await server.shutdown()
        try await withCurlTransport { transport in
            let error = await #expect(throws: HTTPTransportError.self) {
                try await transport.execute(HTTPRequest(method: "GET", url: url, headers: ["Authorization": "OSS ak:SECRET-AUTH"]))
            }
            #expect(error?.kind == .connectFailed)
            #expect(error?.isRetryable == true)
            #expect(error?.curlCode == 7)
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("GET http://127.0.0.1:"))
            #expect(!text.contains("SECRET"))
        }
    }

    @Test func connectionClosedMidBodyIsConnectionReset() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let error = await #expect(throws: HTTPTransportError.self) {
                    try await transport.execute(HTTPRequest(method: "GET", url: server.url("/truncate?n=1000000")))
                }
                #expect(error?.kind == .connectionReset)
                #expect(error?.isRetryable == true)
            }
        }
    }

    @Test func totalTimeout() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                var request = HTTPRequest(method: "GET", url: server.url("/delay?ms=10000"))
                request.timeouts = HTTPTimeouts(total: .milliseconds(300))
                let error = await #expect(throws: HTTPTransportError.self) { try await transport.execute(request) }
                #expect(error?.kind == .timeout)
                #expect(error?.isRetryable == true)
            }
        }
    }

    @Test func lowSpeedTimeout() async throws {
        var options = CurlTransportOptions()
        options.timeouts = HTTPTimeouts(lowSpeedLimitBytesPerSecond: 1000, lowSpeedTime: .seconds(1))
        try await withTestServer { server in
            try await withCurlTransport(options: options) { transport in
                let error = await #expect(throws: HTTPTransportError.self) {
                    try await transport.execute(HTTPRequest(method: "GET", url: server.url("/delay?ms=10000")))
                }
                #expect(error?.kind == .timeout)
                #expect(error?.curlCode == 28)
                // Connected, and not one byte of a response: the server accepted the connection and stayed silent.
                #expect(error?.connectedWithoutResponse == true)
            }
        }
    }

    @Test func refusedConnectionIsNotASilentServer() async throws {
        try await withCurlTransport { transport in
            let error = await #expect(throws: HTTPTransportError.self) {
                try await transport.execute(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/"))
            }
            #expect(error?.kind == .connectFailed)
            #expect(error?.connectedWithoutResponse == false)
        }
    }

    @Test func shutDownTransportRejectsRequests() async throws {
        let transport = try CurlTransport()
        await transport.shutdown()
        await transport.shutdown()  // idempotent
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.execute(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/"))
        }
        #expect(error?.kind == .cancelled)
    }
}

@Suite struct CurlTransportTLSTests {
    @Test func tlsToAPlainHTTPServerFailsAsTLS() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let url = "https://127.0.0.1:\(server.port)/echo"
                let error = await #expect(throws: HTTPTransportError.self) {
                    try await transport.execute(HTTPRequest(method: "GET", url: url))
                }
                #expect(error?.kind == .tls)
            }
        }
    }
}
