import Foundation
import Testing

/// import.sh never substitutes the destination: a local demo server and bucket creation only for the shipped demo
/// configuration or `--demo`; the summary says where the data went. Also `--help`, and the README's commands.
@Suite("import.sh: the destination", .serialized)
struct ScriptDestinationTests {
    static func combined(_ output: ProcessRunner.Output) -> String { output.stdout + output.stderr }

    @Test("an edited destDomain where nothing answers: exit 1, one Error line, no server, no bucket, nothing submitted",
          arguments: ["http://127.0.0.1:1", "localhost:1", "http://localhost:1/", "127.0.0.1:1"])
    func unreachableLocalDestination(domain: String) async throws {
        let f = try await E2EFixture.make("dest-down", job: ["destDomain": domain])
        do {
            try f.writeSource(["a.txt": Array("a".utf8)])
            let run = try await f.importScript(["--interval", "1"])
            let text = Self.combined(run)
            #expect(run.status == 1, "\(text)")
            let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
            #expect(errors.count == 1, "\(text)")
            #expect(errors.first?.contains("destDomain=\(domain)") == true, "\(text)")
            #expect(errors.first?.contains("connection refused") == true, "\(text)")
            #expect(!text.contains("starting a local"), "\(text)")
            #expect(!text.contains("Import to oss completed"), "\(text)")
            #expect(!FileManager.default.fileExists(atPath: f.tool + "/work/oss-local"))
            #expect(f.list("master/jobs").isEmpty, "a job was submitted")
            #expect(try await f.requestsByOperation()["PutBucket"] == 1, "only the fixture's own bucket creation")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("an edited destBucket that does not exist on a local endpoint is not created; the job does not succeed")
    func missingBucketIsNotCreated() async throws {
        let f = try await E2EFixture.make("dest-nobucket", job: ["destBucket": "no-such-bucket"])
        do {
            try f.writeSource(["a.txt": Array("a".utf8)])
            let run = try await f.importScript(["--no-retry", "--interval", "1"])
            let text = Self.combined(run)
            #expect(run.status == 1, "\(text)")
            #expect(text.contains("NoSuchBucket"), "\(text)")
            #expect(!text.contains("Import to oss completed"), "\(text)")
            #expect(!text.contains("starting a local"), "\(text)")
            #expect(try await f.requestsByOperation()["PutBucket"] == 1, "the bucket was created: \(text)")
            #expect(text.contains("Destination: endpoint \(f.server.endpoint), bucket no-such-bucket"), "\(text)")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("--demo on a free local port starts oss-local, creates the bucket, migrates, says where, and stops the server")
    func demoFlag() async throws {
        let port = try await Self.freePort()
        let f = try await E2EFixture.make(
            "dest-demo", job: ["destDomain": "http://127.0.0.1:\(port)", "destBucket": "demo-bucket", "destPrefix": "in/"])
        do {
            try f.writeSource(["a.txt": Array("a".utf8), "d/b.txt": Array("bb".utf8)])
            let run = try await f.importScript(["--demo", "--interval", "1"])
            let text = Self.combined(run)
            #expect(run.status == 0, "\(text)")
            #expect(text.contains("Demo: starting a local OSS-compatible server on 127.0.0.1:\(port)"), "\(text)")
            #expect(text.contains("Import to oss completed."), "\(text)")
            #expect(text.contains("Files: 2/2 done: 2 uploaded, 0 skipped, 0 failed"), "\(text)")
            #expect(text.contains("Destination: endpoint http://127.0.0.1:\(port), bucket demo-bucket, prefix in/"), "\(text)")
            #expect(text.contains("the local demo server; its data is under \(f.tool)/work/oss-local/"), "\(text)")
            #expect(FileManager.default.fileExists(atPath: f.tool + "/work/oss-local"))
            // The demo server got the secret by its environment, not on its command line (ps shows that).
            let script = try String(contentsOfFile: f.tool + "/import.sh", encoding: .utf8)
            #expect(!script.contains("--access-key-secret"), "import.sh puts the secret on oss-local's command line")
            // The demo server was stopped at the end: the port is free again.
            let probe = try await ProcessRunner.run(executable: "curl", args: ["-s", "-o", "/dev/null", "http://127.0.0.1:\(port)/"])
            #expect(probe.status == 7, "the demo server still answers on \(port)")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("--demo with a destination that is not local is refused")
    func demoFlagNeedsLocalEndpoint() async throws {
        let f = try await E2EFixture.make("dest-demo-remote", job: ["destDomain": "http://oss-cn-hangzhou.aliyuncs.com"])
        do {
            let run = try await f.importScript(["--demo"])
            #expect(run.status == 1, "\(Self.combined(run))")
            #expect(run.stderr.contains("--demo needs a local endpoint"), "\(run.stderr)")
            #expect(f.list("master/jobs").isEmpty)
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("the shipped configuration, unchanged, is the demo: it runs to 'Import to oss completed' and says so")
    func shippedConfigurationIsTheDemo() async throws {
        guard let binary = BuiltProducts.path("ossimport") else {
            Issue.record("ossimport binary not found")
            return
        }
        let tool = try makeTemporaryDirectory("e2e-shipped-demo")
        defer { try? FileManager.default.removeItem(atPath: tool) }
        let repo = BuiltProducts.packageRoot.path
        try FileManager.default.createDirectory(atPath: tool + "/conf", withIntermediateDirectories: true)
        for file in ["import.sh", "console.sh", "conf/local_job.cfg", "conf/sys.properties"] {
            try FileManager.default.copyItem(atPath: repo + "/" + file, toPath: tool + "/" + file)
        }
        // Port 9000 and /tmp/ossimport-sample/ are fixed by the shipped file: one such test at a time on a machine.
        let run = try await ProcessRunner.run(
            executable: "flock", args: ["/tmp/ossimport-shipped-demo.lock", "timeout", "150", "bash", "import.sh", "--interval", "1"],
            env: ["OSSIMPORT_BIN": binary], cwd: tool)
        let text = Self.combined(run)
        #expect(run.status == 0, "\(text)")
        #expect(text.contains("Import to oss completed."), "\(text)")
        #expect(text.contains("Destination: endpoint http://127.0.0.1:9000, bucket mybucket, prefix (none)"), "\(text)")
        #expect(text.contains("(the local demo server"), "\(text)")
    }

    @Test("import.sh --help prints a usage text, not shell code")
    func help() async throws {
        let f = try await E2EFixture.make("help")
        do {
            let run = try await f.importScript(["--help"])
            #expect(run.status == 0)
            #expect(run.stdout.hasPrefix("Usage: bash import.sh "), "\(run.stdout)")
            for option in ["--resume", "--restart", "--retry", "--no-retry", "--interval", "--keep-service", "--demo", "Exit status"] {
                #expect(run.stdout.contains(option), "usage lacks \(option)")
            }
            for code in ["set -u", "cd \"$(dirname", "readlink"] { #expect(!run.stdout.contains(code), "\(run.stdout)") }
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    /// A TCP port nobody listens on right now.
    static func freePort() async throws -> Int {
        let script = "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
        let out = try await ProcessRunner.run(executable: "python3", args: ["-c", script])
        guard let port = Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw E2EFixture.Failure("no free port: \(out.stderr)")
        }
        return port
    }
}
