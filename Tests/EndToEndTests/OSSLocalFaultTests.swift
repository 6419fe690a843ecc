import Foundation
import OSSLocalServer
import TestSupport
import Testing

/// In-process oss-local exercised with the curl CLI: storage round trips, persistence, faults and the admin API.
@Suite("oss-local faults and admin")
struct OSSLocalFaultTests {
    /// Runs curl and returns (exit status, response headers lower-cased, body).
    static func curl(_ args: [String]) async throws -> (status: Int32, headers: [String: String], body: String, code: Int) {
        let dir = try makeTemporaryDirectory("curl")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let headerFile = dir + "/headers"
        let out = try await ProcessRunner.run(executable: "curl", args: ["-s", "-D", headerFile, "--max-time", "20"] + args)
        var headers: [String: String] = [:]
        var code = 0
        for line in ((try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? "").split(separator: "\r\n") {
            if line.hasPrefix("HTTP/") {
                code = Int(line.split(separator: " ")[1]) ?? 0
            } else if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return (out.status, headers, out.stdout, code)
    }

    /// Runs `body` with an in-process oss-local (no keys) holding `bucket-1`, and the bucket's URL.
    static func withServer(
        discard: Bool = false, root: String? = nil, _ body: (OSSLocalServer, String) async throws -> Void
    ) async throws {
        let options = TestBedOptions(
            requireSignatures: false, bucket: nil, serverRoot: root, discard: discard, eventLoopThreads: 1)
        try await withTestBed(options) { bed in
            _ = try await curl(["-X", "PUT", bed.server.endpoint + "/bucket-1"])
            try await body(bed.server, bed.server.endpoint + "/bucket-1")
        }
    }

    @Test("put, get, range, head and persistence across a restart")
    func roundTripAndRestart() async throws {
        let root = try makeTemporaryDirectory("persist")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await Self.withServer(root: root) { _, bucket in
            let put = try await Self.curl(["-X", "PUT", "--data-binary", "hello world", bucket + "/dir/a%20b+c.txt"])
            #expect(put.code == 200)
            #expect(put.headers["etag"] == "\"5EB63BBBE01EEED093CB22BB8F5ACDC3\"")
            #expect(put.headers["x-oss-hash-crc64ecma"] == "5981764153023615706")
            let range = try await Self.curl(["-r", "6-10", bucket + "/dir/a%20b+c.txt"])
            #expect(range.code == 206)
            #expect(range.body == "world")
            #expect(range.headers["content-range"] == "bytes 6-10/11")
            #expect(range.headers["x-oss-hash-crc64ecma"] == "5981764153023615706")
        }
        try await Self.withServer(root: root) { _, bucket in
            let get = try await Self.curl([bucket + "/dir/a%20b+c.txt"])
            #expect(get.code == 200)
            #expect(get.body == "hello world")
            let list = try await Self.curl([bucket + "?list-type=2&prefix=dir/"])
            #expect(list.body.contains("<Key>dir/a b+c.txt</Key>"))
            #expect(list.body.contains("<KeyCount>1</KeyCount>"))
        }
    }

    @Test("an error fault fails exactly the Nth matching request")
    func errorFaultNth() async throws {
        try await Self.withServer { server, bucket in
            server.addFault(FaultRule(method: "PUT", keyContains: "flaky", nth: 2, times: 1,
                                      action: .error(status: 503, code: "ServiceUnavailable", message: "injected")))
            var codes: [Int] = []
            for _ in 0..<3 {
                codes.append(try await Self.curl(["-X", "PUT", "--data-binary", "x", bucket + "/flaky"]).code)
            }
            #expect(codes == [200, 503, 200])
            #expect(try await Self.curl(["-X", "PUT", "--data-binary", "x", bucket + "/other"]).code == 200)
            let stats = server.stats()
            #expect(stats.requestsByOperation["PutObject"] == 4)
            #expect(stats.objects == 2)
        }
    }

    @Test("resetAfterBodyBytes resets the connection and stores nothing")
    func resetMidBody() async throws {
        try await Self.withServer { server, bucket in
            server.addFault(FaultRule(method: "PUT", action: .resetAfterBodyBytes(1000)))
            let file = try makeTemporaryDirectory("body") + "/body"
            defer { try? FileManager.default.removeItem(atPath: file) }
            try Data(repeating: 97, count: 2_000_000).write(to: URL(fileURLWithPath: file))
            let put = try await Self.curl(["-X", "PUT", "--data-binary", "@" + file, bucket + "/reset"])
            #expect(put.status != 0, "curl should see a connection error")
            let head = try await Self.curl(["-I", bucket + "/reset"])
            #expect(head.code == 404)
            #expect(head.headers["x-oss-err"] != nil)
        }
    }

    @Test("wrongCRC changes only the CRC header; resetBeforeResponse still stores")
    func responseFaults() async throws {
        try await Self.withServer { server, bucket in
            server.addFault(FaultRule(method: "PUT", keyContains: "crc", action: .wrongCRC))
            let put = try await Self.curl(["-X", "PUT", "--data-binary", "hello world", bucket + "/crc"])
            #expect(put.code == 200)
            #expect(put.headers["x-oss-hash-crc64ecma"] != "5981764153023615706")
            server.addFault(FaultRule(method: "PUT", keyContains: "lost", action: .resetBeforeResponse))
            let lost = try await Self.curl(["-X", "PUT", "--data-binary", "hello world", bucket + "/lost"])
            #expect(lost.status != 0)
            #expect(try await Self.curl(["-I", bucket + "/lost"]).code == 200)
        }
    }

    @Test("admin API: add and clear faults, read and reset stats")
    func adminAPI() async throws {
        try await Self.withServer { server, bucket in
            let rule = #"{"method":"GET","action":{"type":"error","status":500,"code":"InternalError","message":"boom"}}"#
            let added = try await Self.curl(["-X", "POST", "--data-binary", rule, server.endpoint + "/_admin/faults"])
            #expect(added.code == 200)
            let failed = try await Self.curl([bucket + "?list-type=2"])
            #expect(failed.code == 500)
            #expect(failed.body.contains("<Code>InternalError</Code>"))
            #expect(try await Self.curl(["-X", "DELETE", server.endpoint + "/_admin/faults"]).code == 204)
            #expect(try await Self.curl([bucket + "?list-type=2"]).code == 200)
            let stats = try await Self.curl([server.endpoint + "/_admin/stats"])
            let decoded = try JSONDecoder().decode(OSSLocalStats.self, from: Data(stats.body.utf8))
            #expect(decoded.requestsByOperation["ListObjectsV2"] == 2)
            #expect(try await Self.curl(["-X", "POST", server.endpoint + "/_admin/reset-stats"]).code == 204)
            #expect(server.stats().requests == 0)
            let bad = try await Self.curl(["-X", "POST", "--data-binary", "{}", server.endpoint + "/_admin/faults"])
            #expect(bad.code == 400)
        }
    }

    @Test("Expect: 100-continue is answered, and refused early for a missing bucket")
    func expectContinue() async throws {
        try await Self.withServer { server, bucket in
            let ok = try await Self.curl(["-X", "PUT", "-H", "Expect: 100-continue", "--data-binary", "abc", bucket + "/expect"])
            #expect(ok.code == 200)
            let missing = try await Self.curl(["-X", "PUT", "-H", "Expect: 100-continue", "--data-binary", "abc",
                                               server.endpoint + "/no-such-bucket/k"])
            #expect(missing.code == 404)
            #expect(missing.body.contains("<Code>NoSuchBucket</Code>"))
        }
    }

    @Test("discard mode keeps metadata only")
    func discardMode() async throws {
        try await Self.withServer(discard: true) { server, bucket in
            let put = try await Self.curl(["-X", "PUT", "--data-binary", "hello world", bucket + "/d"])
            #expect(put.headers["etag"] == "\"5EB63BBBE01EEED093CB22BB8F5ACDC3\"")
            let head = try await Self.curl(["-I", bucket + "/d"])
            #expect(head.code == 200)
            #expect(head.headers["content-length"] == "11")
            #expect(try await Self.curl([bucket + "/d"]).code == 404)
        }
    }
}
