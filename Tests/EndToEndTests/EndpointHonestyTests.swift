import Foundation
import TestSupport
import Testing

/// Issue 9 §3 and §10 through the real binary: a silent or non-OSS destination stops `ossimport run` within
/// seconds with one line (in `stat` and `logs/ossimport2.log`); empty directories are counted, listed and, when
/// asked for, created as `dir/` marker objects.
@Suite(.serialized) struct EndpointHonestyTests {
    /// Runs `body` with a fresh fixture and tears it down whatever happens.
    static func withFixture(
        _ label: String, job: [String: String] = [:], _ body: (E2EFixture) async throws -> Void
    ) async throws {
        let fixture = try await E2EFixture.make(label, job: job)
        do {
            try await body(fixture)
        } catch {
            await fixture.tearDown()
            throw error
        }
        await fixture.tearDown()
    }

    /// Submits the job with `destDomain` pointing at `port`, runs it, and returns (`run` output, seconds, `stat`).
    static func runAgainst(_ fixture: E2EFixture, port: Int) async throws -> (ProcessRunner.Output, Double, String) {
        try fixture.writeConfig("local_job.cfg", [
            "srcPrefix": fixture.source + "/", "destDomain": "http://127.0.0.1:\(port)", "destBucket": E2EFixture.bucket,
            "destAccessKey": E2EFixture.keyID, "destSecretKey": E2EFixture.secret, "jobName": E2EFixture.jobName,
        ])
        try fixture.writeConfig("sys.properties", ["endpointProbeTimeoutSeconds": "2", "requestIdleTimeoutSeconds": "5"])
        let submitted = try await ProcessRunner.run(executable: fixture.binary, args: ["submit", "conf/local_job.cfg"], cwd: fixture.tool)
        try #require(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
        let started = ContinuousClock.now
        let run = try await ProcessRunner.run(
            executable: "timeout", args: ["--kill-after=5", "90", fixture.binary, "run"], cwd: fixture.tool)
        let elapsed = ContinuousClock.now - started
        let stat = try await ProcessRunner.run(executable: fixture.binary, args: ["stat"], cwd: fixture.tool)
        return (run, Double(elapsed.components.seconds), stat.stdout + stat.stderr)
    }

    @Test func silentEndpointStopsTheRunWithinSeconds() async throws {
        try await Self.withFixture("silent-endpoint") { fixture in
            try fixture.writeSource(["a.txt": Array("hello".utf8), "b/c.txt": Array("world".utf8)])
            let silent = try SilentListener()
            let (run, seconds, stat) = try await Self.runAgainst(fixture, port: silent.port)
            let message = "endpoint http://127.0.0.1:\(silent.port) accepted the connection but sent no response in 2 s"
            #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
            #expect(seconds < 15, "run took \(seconds) s")
            #expect(stat.contains(message), "\(stat)")
            #expect(fixture.read("logs/ossimport2.log")?.contains(message) == true)
        }
    }

    @Test func webServerThatIsNotOSSStopsTheRun() async throws {
        try await Self.withFixture("not-oss-endpoint") { fixture in
            try fixture.writeSource(["a.txt": Array("hello".utf8)])
            let web = try PlainWebServer(status: 404)
            defer { web.stop() }
            let (run, seconds, stat) = try await Self.runAgainst(fixture, port: web.port)
            let message = "endpoint http://127.0.0.1:\(web.port) does not speak the OSS API"
            #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
            #expect(seconds < 15, "run took \(seconds) s")
            #expect(stat.contains(message), "\(stat)")
            #expect(!stat.contains("(100.0%)"), "\(stat)")
            #expect(fixture.read("logs/ossimport2.log")?.contains(message) == true)
        }
    }

    @Test func emptyDirectoriesAreCountedListedAndCreatedAsMarkers() async throws {
        try await Self.withFixture("empty-dirs", job: ["createEmptyDirMarker": "true"]) { fixture in
            try fixture.writeSource(["docs/readme.txt": Array("read me".utf8)])
            try fixture.makeSourceDirectory("docs/drafts")
            try fixture.makeSourceDirectory("photos/2024/empty")
            let submitted = try await ProcessRunner.run(executable: fixture.binary, args: ["submit", "conf/local_job.cfg"], cwd: fixture.tool)
            try #require(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
            let run = try await ProcessRunner.run(
                executable: "timeout", args: ["--kill-after=5", "120", fixture.binary, "run"], cwd: fixture.tool)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let stat = try await ProcessRunner.run(executable: fixture.binary, args: ["stat"], cwd: fixture.tool)
            #expect(stat.stdout.contains("Files: 1/1 done: 1 uploaded, 0 skipped, 0 failed"), "\(stat.stdout)")
            #expect(stat.stdout.contains("Empty directories: 2 "), "\(stat.stdout)")
            var audit = ""
            for task in fixture.list("master/jobs/\(E2EFixture.jobName)/succeed_tasks") {
                audit += fixture.read("master/jobs/\(E2EFixture.jobName)/succeed_tasks/\(task)/audit.log") ?? ""
            }
            #expect(audit.contains("EMPTY_DIR\tdocs/drafts/\t0\tmarker object docs/drafts/ created"), "\(audit)")
            #expect(audit.contains("EMPTY_DIR\tphotos/2024/empty/\t0\tmarker object photos/2024/empty/ created"), "\(audit)")
            #expect(try await fixture.object("docs/drafts/").isEmpty)
            #expect(try await fixture.object("photos/2024/empty/").isEmpty)
        }
    }
}
