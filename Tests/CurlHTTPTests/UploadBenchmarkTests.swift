import CurlHTTP
import Foundation
import TestSupport
import Testing

/// Opt-in throughput measurement: `CURLHTTP_BENCH=1 swift test --filter UploadBenchmark` (1 GiB by default,
/// `CURLHTTP_BENCH_MIB` to change). Prints single-stream upload MiB/s from a file to the loopback test server.
@Suite struct UploadBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["CURLHTTP_BENCH"] == "1"

    @Test(.enabled(if: enabled)) func singleStreamFileUploadThroughput() async throws {
        let mebibytes = ProcessInfo.processInfo.environment["CURLHTTP_BENCH_MIB"].flatMap { Int($0) } ?? 1024
        let size = mebibytes << 20
        let file = try TempFile.pattern(size: size)
        defer { file.remove() }
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let clock = ContinuousClock()
                let start = clock.now
                let response = try await transport.execute(
                    HTTPRequest(method: "PUT", url: server.url("/echo"), body: .file(path: file.path, offset: 0, length: Int64(size))))
                let elapsed = start.duration(to: clock.now)
                #expect(response.headers["x-echo-length"] == String(size))
                #expect(response.headers["x-echo-crc64"] == String(response.sentBodyCRC64))
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                print("CURLHTTP_BENCH upload \(mebibytes) MiB in \(seconds) s = \(Double(mebibytes) / seconds) MiB/s")

                // Baseline: the curl command line tool, same file, same server.
                guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { return }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
                process.arguments = ["-s", "-o", "/dev/null", "-T", file.path, server.url("/echo")]
                let cliStart = clock.now
                try ProcessLaunch.run(process)
                process.waitUntilExit()
                let cli = cliStart.duration(to: clock.now)
                let cliSeconds = Double(cli.components.seconds) + Double(cli.components.attoseconds) * 1e-18
                print("CURLHTTP_BENCH curl CLI baseline \(Double(mebibytes) / cliSeconds) MiB/s")
            }
        }
    }
}

/// Opt-in: `CURLHTTP_BENCH=1` also measures small PUTs per second (4 KiB bodies, 64 in flight, keep-alive).
@Suite struct SmallRequestBenchmarkTests {
    @Test(.enabled(if: UploadBenchmarkTests.enabled)) func smallPutsPerSecond() async throws {
        let total = 20_000
        let inFlight = 64
        let body = TestPattern.bytes(count: 4096)
        try await withTestServer { server in
            try await withCurlTransport { transport in
                let clock = ContinuousClock()
                let start = clock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<inFlight {
                        group.addTask {
                            for index in stride(from: worker, to: total, by: inFlight) {
                                let response = try await transport.execute(
                                    HTTPRequest(method: "PUT", url: server.url("/echo?i=\(index)"), body: .bytes(body)))
                                guard response.status == 200 else { throw UnexpectedStatus(status: response.status) }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let elapsed = start.duration(to: clock.now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                print("CURLHTTP_BENCH \(total) PUTs of 4 KiB in \(seconds) s = \(Int(Double(total) / seconds)) req/s, \(server.stats.connectionsAccepted) connections")
            }
        }
    }
}

struct UnexpectedStatus: Error {
    let status: Int
}
