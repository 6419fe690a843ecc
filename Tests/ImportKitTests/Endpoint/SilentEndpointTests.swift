import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// Issue 9 §3: a destination that accepts the connection and never answers, or that is not OSS at all, stops the
/// job with one line instead of hanging or failing every file; no file is marked failed.
@Suite struct SilentEndpointTests {
    static func client(_ h: TestBed, port: Int) throws -> OSSClient {
        OSSClient(
            configuration: TestBed.configuration(try OSSEndpoint(parsing: "http://127.0.0.1:\(port)"), retry: TestBed.retry(attempts: 3)),
            transport: h.transport)
    }

    static func expectStoppedWithoutFailures(_ layout: JobLayout, containing text: String) throws {
        let status = try #require(JobStateStore(layout).status())
        let message = try #require(status.reason)
        #expect(message.contains(text), "\(message)")
        #expect(!message.contains(TestBed.secret))
        #expect(!message.contains("\n"))
        #expect(status.failedFiles == 0 && status.uploadedFiles == 0)
        let store = TaskStore(layout: layout, host: "localhost")
        #expect(try store.tasks(in: .failed).isEmpty)
    }

    @Test func silentEndpointStopsTheJobWithTheProbeTimeout() async throws {
        try await withTestBed { h in
            try h.write(TestBed.mixedTree())
            let silent = try SilentListener()
            let requests = Counter()
            h.hooks.setHook { _ in requests.next() }
            let client = OSSClient(
                configuration: TestBed.configuration(try OSSEndpoint(parsing: "http://127.0.0.1:\(silent.port)"), retry: TestBed.retry(attempts: 4)),
                transport: h.hooks)
            let (state, layout) = try await h.run(h.settings { $0.probeTimeoutSeconds = 1 }, client: client)
            #expect(state == .failed)
            // The probe makes one attempt: a silent endpoint costs probeTimeoutSeconds, not retries × the timeout.
            #expect(requests.current == 1)
            try Self.expectStoppedWithoutFailures(
                layout, containing: "endpoint http://127.0.0.1:\(silent.port) accepted the connection but sent no response in 1 s")
        }
    }

    /// The endpoint goes silent after the job started: the timeouts are retried, then the probe finds the endpoint
    /// silent and the job stops; nothing is marked failed.
    @Test func endpointGoingSilentMidJobStopsTheJob() async throws {
        try await withTestBed { h in
            try h.write(TestBed.mixedTree())
            let uploads = Counter()
            h.hooks.setHook { request in
                if request.method == "PUT" || request.method == "POST" { uploads.next() }
                if uploads.current > 3 {
                    var error = HTTPTransportError(kind: .timeout, curlCode: 28, message: "Operation too slow")
                    error.connectedWithoutResponse = true
                    throw error
                }
            }
            let (state, layout) = try await h.run(h.settings { $0.probeTimeoutSeconds = 1 })
            #expect(state == .failed)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.reason?.contains("accepted the connection but sent no response in 1 s") == true, "\(status)")
            #expect(status.failedFiles == 0)
        }
    }

    @Test(arguments: [404, 200, 403])
    func webServerThatIsNotOSSStopsTheJob(status: Int) async throws {
        try await withTestBed { h in
            try h.write(TestBed.mixedTree())
            let web = try PlainWebServer(status: status)
            defer { web.stop() }
            let (state, layout) = try await h.run(h.settings(), client: try Self.client(h, port: web.port))
            #expect(state == .failed)
            try Self.expectStoppedWithoutFailures(
                layout, containing: "endpoint http://127.0.0.1:\(web.port) does not speak the OSS API")
        }
    }

    @Test func probeReasonsNameTheKindOfFault() {
        let endpoint = "http://e.example"
        var silent = HTTPTransportError(kind: .timeout, curlCode: 28, message: "Operation too slow")
        silent.connectedWithoutResponse = true
        #expect(DestinationProbe.reason(for: .transport(silent), endpoint: endpoint, probeSeconds: 7)?
            .hasPrefix("endpoint http://e.example accepted the connection but sent no response in 7 s") == true)
        let noConnection = HTTPTransportError(kind: .timeout, curlCode: 28, message: "Connection timed out")
        #expect(DestinationProbe.reason(for: .transport(noConnection), endpoint: endpoint, probeSeconds: 7)?
            .hasPrefix("cannot reach destination http://e.example: no connection in 7 s") == true)
        let html = OSSServiceError(statusCode: 404, code: "NotFound", message: "<html>", requestId: "")
        #expect(DestinationProbe.reason(for: .service(html), endpoint: endpoint, probeSeconds: 7)?
            .hasPrefix("endpoint http://e.example does not speak the OSS API: HTTP 404") == true)
        // An OSS error (it has a request id) that concerns one request, and a 5xx from a proxy: not job-fatal.
        let noSuchKey = OSSServiceError(statusCode: 404, code: "NoSuchKey", message: "", requestId: "5F00")
        #expect(DestinationProbe.reason(for: .service(noSuchKey), endpoint: endpoint, probeSeconds: 7) == nil)
        let gateway = OSSServiceError(statusCode: 502, code: "BadGateway", message: "", requestId: "")
        #expect(DestinationProbe.reason(for: .service(gateway), endpoint: endpoint, probeSeconds: 7) == nil)
        #expect(DestinationProbe.mayBeUnusable(.transport(noConnection)))
    }
}
