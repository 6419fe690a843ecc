import CRC64
import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import TestSupport
import Testing

/// What the client relies on from the transport and the server's answers, checked where it matters.
@Suite struct TransportContractTests {
    /// curl must send dot segments as given (`CURLOPT_PATH_AS_IS`), not resolve `a/../b` to `b`.
    @Test func literalDotSegmentsReachTheServer() async throws {
        try await withTestBed(TestBedOptions(requireSignatures: false)) { oss in
            let url = "http://127.0.0.1:\(oss.port)/\(TestBed.bucket)/x/../y/./z"
            let response = try await oss.transport.execute(HTTPRequest(method: "PUT", url: url, body: .bytes([9])))
            #expect(response.status == 200)
            #expect(try await oss.client.headObject(bucket: TestBed.bucket, key: "x/../y/./z")?.size == 1)
            #expect(try await oss.client.headObject(bucket: TestBed.bucket, key: "y/z") == nil)
        }
    }

    /// Non-2xx bodies stay in `HTTPResponse.body` even when a sink is given.
    @Test func errorBodyIsNotStreamedIntoTheSink() async throws {
        try await withTestBed(TestBedOptions(requireSignatures: false)) { oss in
            let url = "http://127.0.0.1:\(oss.port)/\(TestBed.bucket)/missing"
            let received = Locked(0)
            let response = try await oss.transport.execute(HTTPRequest(method: "GET", url: url)) { chunk in
                received.withLock { $0 += chunk.count }
            }
            #expect(response.status == 404)
            #expect(received.withLock { $0 } == 0)
            let error = OSSServiceError.parse(status: response.status, body: response.body, requestId: nil)
            #expect(error.code == "NoSuchKey")
        }
    }

    static func client(_ transport: ScriptedTransport) -> OSSClient {
        OSSClient(
            configuration: OSSClientConfiguration(
                endpoint: OSSEndpoint(scheme: "http", host: "127.0.0.1", port: 1),
                credentials: OSSCredentials(accessKeyId: "id", accessKeySecret: "secret"),
                signatureVersion: .v1, retry: .none),
            transport: transport)
    }

    /// A server that ignores the range (plain 200 with the whole object) must not pass for the range.
    @Test func rangedGetAnsweredWithTheWholeObjectIsRejected() async throws {
        let whole = testPattern(100)
        let transport = ScriptedTransport([
            HTTPResponse(
                status: 200, headers: ["Content-Length": "100", "x-oss-request-id": "R"], body: whole,
                receivedBodyCRC64: CRC64.checksum(whole), bytesReceived: 100)
        ])
        let error = await #expect(throws: OSSClientError.self) {
            _ = try await Self.client(transport).getObject(bucket: "b", key: "k", range: 10...19)
        }
        if case .invalidResponse(let operation, _, let requestId)? = error {
            #expect(operation == "GetObject")
            #expect(requestId == "R")
        } else {
            Issue.record("expected invalidResponse, got \(String(describing: error))")
        }
        let request = try #require(transport.requests.first)
        #expect(request.headers["Range"] == "bytes=10-19")
        #expect(request.headers["x-oss-range-behavior"] == "standard")
    }

    @Test func rangedGetWithAnotherContentRangeIsRejected() async throws {
        let transport = ScriptedTransport([
            HTTPResponse(
                status: 206, headers: ["Content-Range": "bytes 0-9/100"], body: Array(repeating: 0, count: 10),
                bytesReceived: 10)
        ])
        let error = await #expect(throws: OSSClientError.self) {
            _ = try await Self.client(transport).getObject(bucket: "b", key: "k", range: 10...19)
        }
        if case .invalidResponse? = error {} else { Issue.record("expected invalidResponse, got \(String(describing: error))") }
    }
}
