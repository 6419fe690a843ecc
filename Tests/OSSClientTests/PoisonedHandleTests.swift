import CurlHTTP
import OSSClient
import TestSupport
import Testing

/// OSS requests on a transport whose (single) event loop just saw failed requests: nothing of the failure is
/// inherited by the pooled easy handle (curl 43 "setting option 98" after a malformed URL was the symptom).
@Suite struct PoisonedHandleTests {
    @Test func ossRequestsAfterFailedRequestsSucceed() async throws {
        var options = CurlTransportOptions()
        options.eventLoops = 1
        try await withTestBed(TestBedOptions(transport: options)) { oss async throws in
            let bad = ["http://127.0.0.1:80x/a", "htp:/x", "http:///no-host", "http://127.0.0.1:1/refused"]
            for (index, url) in bad.enumerated() {
                await #expect(throws: HTTPTransportError.self) {
                    try await oss.transport.execute(HTTPRequest(method: "GET", url: url))
                }
                let key = "after-\(index).bin"
                let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &+ index) }
                _ = try await oss.client.putObject(bucket: TestBed.bucket, key: key, body: .bytes(bytes), options: .init())
                await #expect(throws: HTTPTransportError.self) {
                    try await oss.transport.execute(HTTPRequest(method: "GET", url: url))
                }
                let (_, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: key)
                #expect(body == bytes, "after \(url)")
                #expect(try await oss.client.headObject(bucket: TestBed.bucket, key: key) != nil)
            }
        }
    }
}
