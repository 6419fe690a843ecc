import CurlHTTP
import Testing

/// A failed request must leave nothing behind on the pooled easy handles: with one event loop every request
/// reuses the same handle when it is pooled, so any state kept from a failure shows up in the next request.
@Suite struct CurlHandleIsolationTests {
    static func oneLoop() -> CurlTransportOptions {
        var options = CurlTransportOptions()
        options.eventLoops = 1
        return options
    }

    /// The failing requests: malformed URLs (port not a number, bad scheme, empty host) and failures after the
    /// transfer started (refused connection, body cut short, timeout).
    static func failingRequests(_ server: TestHTTPServer, refusedPort: Int) -> [HTTPRequest] {
        var slow = HTTPRequest(method: "GET", url: server.url("/delay?ms=5000"))
        slow.timeouts = HTTPTimeouts(total: .milliseconds(200))
        return [
            HTTPRequest(method: "GET", url: "http://127.0.0.1:80x/a"),
            HTTPRequest(method: "HEAD", url: "http://127.0.0.1:80x/a"),
            HTTPRequest(method: "PUT", url: "http://127.0.0.1:80x/a", body: .bytes([1, 2, 3])),
            HTTPRequest(method: "GET", url: "htp:/nothing"),
            HTTPRequest(method: "GET", url: "http:///no-host"),
            HTTPRequest(method: "GET", url: "http://127.0.0.1:\(refusedPort)/refused"),
            HTTPRequest(method: "GET", url: server.url("/truncate?n=100000")),
            slow,
        ]
    }

    @Test(arguments: ["GET", "HEAD", "PUT", "POST", "DELETE"])
    func aFailedRequestNeverPoisonsTheNext(method: String) async throws {
        let refused = try await TestHTTPServer.start()
        let refusedPort = refused.port
        try await refused.shutdown()
        try await withTestServer { server in
            try await withCurlTransport(options: Self.oneLoop()) { transport in
                for bad in Self.failingRequests(server, refusedPort: refusedPort) {
                    await #expect(throws: HTTPTransportError.self, "\(bad.method) \(bad.url)") {
                        try await transport.execute(bad)
                    }
                    let body: HTTPBody = method == "PUT" || method == "POST" ? .bytes([7, 8, 9]) : .empty
                    let good = HTTPRequest(method: method, url: server.url("/echo?after=1"), body: body)
                    let response = try await transport.execute(good)
                    #expect(response.status == 200, "\(method) after \(bad.method) \(bad.url)")
                    if method == "GET" || method == "PUT" || method == "POST" {
                        #expect(response.headers["x-echo-uri"] == "/echo?after=1")
                    }
                }
            }
        }
    }

    @Test func malformedURLIsReportedAsSuch() async throws {
        try await withCurlTransport(options: Self.oneLoop()) { transport in
            let error = await #expect(throws: HTTPTransportError.self) {
                try await transport.execute(HTTPRequest(method: "GET", url: "http://127.0.0.1:80x/a"))
            }
            #expect(error?.curlCode == 3)
            #expect(error?.isRetryable == false)
        }
    }
}
