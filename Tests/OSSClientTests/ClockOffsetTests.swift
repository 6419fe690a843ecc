import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import TestSupport
import Testing

/// A scripted transport: answers with the given responses in order and records the requests.
final class ScriptedTransport: HTTPTransport {
    private let state: Locked<(responses: [HTTPResponse], requests: [HTTPRequest])>

    init(_ responses: [HTTPResponse]) {
        state = Locked((responses, []))
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func execute(_ request: HTTPRequest, responseBody sink: HTTPResponseBodySink?) async throws -> HTTPResponse {
        try state.withLock { state in
            state.requests.append(request)
            guard !state.responses.isEmpty else {
                throw HTTPTransportError(kind: .other, message: "script exhausted")
            }
            return state.responses.removeFirst()
        }
    }
}

/// `RequestTimeTooSkewed`: the client learns the server's clock from `Date` and signs the retry with it.
@Suite struct ClockOffsetTests {
    static func rfc1123(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func skewed(serverDate: Date) -> HTTPResponse {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>RequestTimeTooSkewed</Code>"
            + "<Message>The difference between the request time and the current time is too large.</Message>"
            + "<RequestId>REQ1</RequestId></Error>"
        return HTTPResponse(
            status: 403, headers: ["Date": rfc1123(serverDate), "x-oss-request-id": "REQ1"], body: Array(xml.utf8))
    }

    @Test(arguments: [OSSSignatureVersion.v1, .v4(region: "cn-hangzhou")])
    func retryIsSignedWithTheServerClock(version: OSSSignatureVersion) async throws {
        let before = Date()
        let serverDate = before.addingTimeInterval(3 * 3600)
        let transport = ScriptedTransport([
            Self.skewed(serverDate: serverDate),
            HTTPResponse(status: 200, headers: ["x-oss-request-id": "REQ2"]),
        ])
        let client = OSSClient(
            configuration: OSSClientConfiguration(
                endpoint: OSSEndpoint(scheme: "http", host: "127.0.0.1", port: 1),
                credentials: OSSCredentials(accessKeyId: "id", accessKeySecret: "secret"),
                signatureVersion: version, retry: TestBed.fastRetry),
            transport: transport)
        try await client.deleteObject(bucket: "bucket", key: "k")
        let after = Date()
        // Bounds from the test's own clock readings, not fixed seconds: a loaded machine only widens them.
        let slack = after.timeIntervalSince(before) + 1.5
        let offset = client.currentClockOffset.secondsDouble
        #expect(abs(offset - 3 * 3600) <= slack, "offset \(offset)")

        let requests = transport.requests
        #expect(requests.count == 2)
        func signedDate(_ request: HTTPRequest) -> Date? {
            if let date = request.headers["Date"], let parsed = HTTPDate.parseRFC1123(date) { return parsed }
            return nil
        }
        let first = try #require(signedDate(requests[0]))
        let second = try #require(signedDate(requests[1]))
        // Dates are signed with whole seconds.
        #expect(first >= before.addingTimeInterval(-1) && first <= after.addingTimeInterval(1))
        #expect(abs(second.timeIntervalSince(serverDate)) <= slack, "the retry carries the server's time")
        if case .v4 = version {
            let stamp = try #require(requests[1].headers["x-oss-date"])
            #expect(stamp.count == 16)  // yyyyMMdd'T'HHmmss'Z'
        }
    }

    @Test func skewWithoutDateHeaderKeepsTheOffset() async throws {
        var skewed = Self.skewed(serverDate: Date())
        skewed.headers["Date"] = nil
        let transport = ScriptedTransport([skewed, HTTPResponse(status: 204)])
        let client = OSSClient(
            configuration: OSSClientConfiguration(
                endpoint: OSSEndpoint(scheme: "http", host: "127.0.0.1", port: 1),
                credentials: OSSCredentials(accessKeyId: "id", accessKeySecret: "secret"),
                signatureVersion: .v1, retry: TestBed.fastRetry),
            transport: transport)
        try await client.deleteObject(bucket: "bucket", key: "k")
        #expect(client.currentClockOffset == .zero)
        #expect(transport.requests.count == 2)
    }
}
