import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// A destination that cannot be reached ends the job early with one message; no file is marked failed, so the
/// next start (endpoint back) migrates everything.
@Suite struct EndpointFaultTests {
    @Test func closedPortEndsTheJobAtOnce() async throws {
        try await withTestBed { h in
            try h.write(TestBed.mixedTree())
            // A port that was just listened on and is closed now.
            let dead = OSSLocalServer(configuration: OSSLocalServerConfiguration(root: h.serverRoot + "-dead"))
            let port = try await dead.start()
            try await dead.stop()
            let client = OSSClient(
                configuration: TestBed.configuration(try OSSEndpoint(parsing: "http://127.0.0.1:\(port)"), retry: TestBed.retry(attempts: 3)),
                transport: h.transport)

            let (state, layout) = try await h.run(h.settings(), client: client)

            #expect(state == .failed)
            let status = try #require(JobStateStore(layout).status())
            let message = try #require(status.reason)
            #expect(message.contains("cannot reach destination"))
            #expect(message.contains("127.0.0.1:\(port)"))
            #expect(!message.contains(TestBed.secret))
            let store = TaskStore(layout: layout, host: "localhost")
            #expect(try store.tasks(in: .failed).isEmpty)
            #expect(try store.tasks(in: .succeeded).isEmpty)
        }
    }

    /// The endpoint dies after the job started: the job stops with one message instead of failing every file,
    /// files in flight stay to do, and a later run finishes the job.
    @Test func endpointDyingMidJobStopsTheJobAndResumeFinishesIt() async throws {
        try await withTestBed { h in
            var files = TestBed.mixedTree()
            for i in 0..<30 { files["more/g\(i).txt"] = testPattern(500, seed: 200 + i) }
            try h.write(files)
            let uploads = Counter()
            let refused = Counter()
            // After five uploads every request (the engine's own check included) finds the port closed.
            h.hooks.setHook { request in
                if request.method == "PUT" || request.method == "POST" { uploads.next() }
                if uploads.current > 5 {
                    refused.next()
                    throw HTTPTransportError(kind: .connectFailed, curlCode: 7, message: "Failed to connect: Connection refused")
                }
            }

            let (state, layout) = try await h.run(h.settings())

            #expect(state == .failed)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.reason?.contains("cannot reach destination") == true, "\(status.reason ?? "no message")")
            let store = TaskStore(layout: layout, host: "localhost")
            #expect(try store.tasks(in: .failed).isEmpty, "files must not be marked failed because the endpoint died")
            // Far fewer than the 160 requests of failing every one of the 40 files with 4 attempts each.
            #expect(refused.current < 120, "\(refused.current) refused requests")

            h.hooks.setHook(nil)
            let (again, _) = try await h.run(h.settings())
            #expect(again == .succeed)
            try await h.expectUploaded(files)
            try await h.expectNoOpenUploads()
        }
    }
}
