import CRC64
import CurlHTTP
import Testing

@Suite struct CurlTransportMethodTests {
    @Test func getReturnsStatusHeadersAndBody() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let response = try await transport.execute(HTTPRequest(method: "GET", url: server.url("/echo?a=1")))
                #expect(response.status == 200)
                #expect(response.body == Array("ok".utf8))
                #expect(response.headers["X-Echo-Method"] == "GET")
                #expect(response.headers["x-echo-uri"] == "/echo?a=1")
                #expect(response.headers["x-echo-h-user-agent"] == "ossimport-swift/0.1")
                #expect(response.headers["x-echo-h-accept-encoding"] == nil)
                #expect(response.receivedBodyCRC64 == TestPattern.crc64(Array("ok".utf8)))
                #expect(response.bytesReceived == 2)
            }
        }
    }

    @Test(arguments: ["PUT", "POST", "DELETE", "PATCH"])
    func bodyFromBytesIsSentWithItsCRC(method: String) async throws {
        let body = TestPattern.bytes(count: 100_003)
        try await withTestServer { server in
            try await withCurlTransport { transport in
                var request = HTTPRequest(method: method, url: server.url("/echo"), body: .bytes(body))
                request.headers["x-oss-meta-empty"] = ""
                let response = try await transport.execute(request)
                #expect(response.status == 200)
                #expect(response.headers["x-echo-method"] == method)
                #expect(response.headers["x-echo-length"] == "100003")
                #expect(response.headers["x-echo-crc64"] == String(TestPattern.crc64(body)))
                #expect(response.sentBodyCRC64 == TestPattern.crc64(body))
                #expect(response.bytesSent == 100_003)
                #expect(response.headers["x-echo-h-content-length"] == "100003")
                #expect(response.headers["x-echo-h-x-oss-meta-empty"] == "")
                // No implicit Content-Type (signatures cover it) and no Expect for small bodies.
                #expect(response.headers["x-echo-h-content-type"] == nil)
                #expect(response.headers["x-echo-h-expect"] == nil)
            }
        }
    }

    @Test func postKeepsAnExplicitContentType() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let request = HTTPRequest(
                    method: "POST", url: server.url("/echo"), headers: ["Content-Type": "application/xml"],
                    body: .bytes(Array("<x/>".utf8)))
                let response = try await transport.execute(request)
                #expect(response.headers["x-echo-h-content-type"] == "application/xml")
            }
        }
    }

    @Test func emptyPutSendsContentLengthZero() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let response = try await transport.execute(HTTPRequest(method: "PUT", url: server.url("/echo")))
                #expect(response.headers["x-echo-h-content-length"] == "0")
                #expect(response.headers["x-echo-crc64"] == "0")
                #expect(response.sentBodyCRC64 == 0)
            }
        }
    }

    @Test func headReturnsHeadersWithoutBody() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let response = try await transport.execute(HTTPRequest(method: "HEAD", url: server.url("/bytes?n=1000")))
                #expect(response.status == 200)
                #expect(response.headers["content-length"] == "1000")
                #expect(response.body.isEmpty)
            }
        }
    }

    @Test func deleteWithoutBody() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let response = try await transport.execute(HTTPRequest(method: "DELETE", url: server.url("/echo")))
                #expect(response.headers["x-echo-method"] == "DELETE")
                #expect(response.headers["x-echo-length"] == "0")
            }
        }
    }

    @Test func errorStatusIsAResponseNotAnError() async throws {
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let response = try await transport.execute(HTTPRequest(method: "GET", url: server.url("/status?code=404")))
                #expect(response.status == 404)
                #expect(!response.isSuccess)
                #expect(String(decoding: response.body, as: UTF8.self).contains("<Code>Test</Code>"))
            }
        }
    }

    @Test func largeBodyKeepsExpectContinue() async throws {
        let body = TestPattern.bytes(count: 2 << 20)
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let response = try await transport.execute(HTTPRequest(method: "PUT", url: server.url("/echo"), body: .bytes(body)))
                #expect(response.headers["x-echo-h-expect"] == "100-continue")
                #expect(response.headers["x-echo-crc64"] == String(TestPattern.crc64(body)))
                #expect(response.sentBodyCRC64 == TestPattern.crc64(body))
            }
        }
    }
}
