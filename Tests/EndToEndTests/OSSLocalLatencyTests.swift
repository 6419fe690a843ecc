import Foundation
import OSSLocalServer
import Testing

/// oss-local's `delay` fault (the latency benchmark's sink) and its count of accepted connections (how the benchmark
/// shows connections are reused across files).
@Suite("oss-local delay and connection count")
struct OSSLocalLatencyTests {
    @Test("a delay rule holds every matching response back and leaves the others alone")
    func delayEveryMatch() async throws {
        try await OSSLocalFaultTests.withServer(discard: true) { server, bucket in
            server.addFault(FaultRule(method: "PUT", keyContains: "slow/", times: 0, action: .delay(milliseconds: 300)))
            for name in ["slow/a", "slow/b"] {
                let start = ContinuousClock.now
                let put = try await OSSLocalFaultTests.curl(["-X", "PUT", "--data-binary", "x", bucket + "/" + name])
                #expect(put.code == 200)
                #expect(ContinuousClock.now - start >= .milliseconds(300), "\(name) was answered before its delay")
            }
            let head = try await OSSLocalFaultTests.curl(["-I", bucket + "/slow/a"])
            #expect(head.code == 200)  // HEAD does not match method PUT: answered, and the delayed PUT was stored
            #expect(server.stats().requestsByOperation["PutObject"] == 2)
        }
    }

    @Test("connections are counted as accepted: one per curl process, requests on it reuse it")
    func connectionsAccepted() async throws {
        try await OSSLocalFaultTests.withServer(discard: true) { server, bucket in
            let before = server.stats().connectionsAccepted
            #expect(before >= 1)  // withServer's bucket creation
            // One curl process, three requests on one kept-alive connection.
            let urls = ["a", "b", "c"].flatMap { ["-o", "/dev/null", bucket + "/reuse/\($0)"] }
            let reused = try await OSSLocalFaultTests.curl(["-X", "PUT", "--data-binary", "x"] + urls)
            #expect(reused.status == 0)
            #expect(server.stats().connectionsAccepted == before + 1)
            #expect(server.stats().requestsByOperation["PutObject"] == 3)
            // Two more processes: two more connections.
            _ = try await OSSLocalFaultTests.curl(["-X", "PUT", "--data-binary", "x", bucket + "/reuse/d"])
            _ = try await OSSLocalFaultTests.curl(["-X", "PUT", "--data-binary", "x", bucket + "/reuse/e"])
            #expect(server.stats().connectionsAccepted == before + 3)
            server.resetStats()
            #expect(server.stats().connectionsAccepted == 0)
        }
    }
}
