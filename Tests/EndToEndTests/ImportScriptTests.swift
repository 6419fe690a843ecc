import Foundation
import Testing

/// `import.sh` (one-click migration) and `console.sh`'s usage, run unattended: stdin is a pipe, never a terminal.
@Suite("import.sh and console.sh", .serialized)
struct ImportScriptTests {
    static func files() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [
            "docs/readme.txt": Array("read me".utf8),
            "docs/empty.txt": [],
            "照片/说明.txt": Array("你好".utf8),
            "data/big.bin": E2EFixture.pattern((1 << 20) + 100, seed: 5),
            "data/deny-me.txt": Array("this one is refused at first".utf8),
        ]
        for i in 0..<20 { files["data/f\(i).txt"] = Array("file \(i)".utf8) }
        return files
    }

    static func combined(_ output: ProcessRunner.Output) -> String { output.stdout + output.stderr }

    @Test("import.sh: fresh run, resume, restart, and retry after a failure")
    func importScriptLifecycle() async throws {
        let f = try await E2EFixture.make("importsh", job: ["taskObjectCountLimit": "5"])
        do {
            let files = Self.files()
            try f.writeSource(files)
            let putsPerRun = files.count - 1  // big.bin goes as a multipart upload

            // (a) Fresh run, stdin at end of file.
            let fresh = try await f.importScript(["--interval", "1"])
            #expect(fresh.status == 0, "fresh run:\n\(Self.combined(fresh))")
            #expect(fresh.stdout.contains("JobState:Succeed"), "\(fresh.stdout)")
            #expect(fresh.stdout.contains("Import to oss completed."), "\(fresh.stdout)")
            #expect(!fresh.stdout.contains("Starting a local OSS-compatible server"), "a server already answers there")
            for (path, bytes) in files { #expect(try await f.object(path) == bytes, "\(path)") }
            let afterFresh = try await f.requestsByOperation()
            #expect(afterFresh["PutObject"] == putsPerRun, "\(afterFresh)")
            #expect(afterFresh["CompleteMultipartUpload"] == 1, "\(afterFresh)")

            // (b) Same job again, "r" on stdin: resumes from the checkpoint, nothing uploaded again.
            let resumed = try await f.importScript(["--interval", "1"], stdin: "r\n")
            #expect(resumed.status == 0, "resume:\n\(Self.combined(resumed))")
            #expect(resumed.stdout.contains("Resuming the job from its checkpoint."), "\(resumed.stdout)")
            #expect(resumed.stdout.contains("JobState:Succeed"))
            #expect(resumed.stdout.contains("Import to oss completed."))
            let afterResume = try await f.requestsByOperation()
            #expect(afterResume["PutObject"] == putsPerRun, "re-uploaded on resume: \(afterResume)")
            #expect(afterResume["CompleteMultipartUpload"] == 1, "\(afterResume)")

            // (c) "s" on stdin: cleans the job and uploads everything again.
            let restarted = try await f.importScript(["--interval", "1"], stdin: "s\n")
            #expect(restarted.status == 0, "restart:\n\(Self.combined(restarted))")
            #expect(restarted.stdout.contains("The job is cleaned!"), "\(restarted.stdout)")
            #expect(restarted.stdout.contains("Import to oss completed."))
            let afterRestart = try await f.requestsByOperation()
            #expect(afterRestart["PutObject"] == 2 * putsPerRun, "\(afterRestart)")
            #expect(afterRestart["CompleteMultipartUpload"] == 2, "\(afterRestart)")

            // (d) One key refused (403): --no-retry ends with exit 2 and the failure summary; once the fault is
            // gone, --resume --retry runs the failed file again and the job succeeds.
            try await f.addFault(
                #"{"method":"PUT","keyContains":"deny-me","times":0,"action":{"type":"error","status":403,"code":"AccessDenied","message":"denied by test"}}"#)
            let failing = try await f.importScript(["--restart", "--no-retry", "--interval", "1"])
            #expect(failing.status == 2, "no-retry run:\n\(Self.combined(failing))")
            #expect(failing.stdout.contains("JobState:Failed"), "\(failing.stdout)")
            #expect(failing.stdout.contains("Some files were not migrated."), "\(failing.stdout)")
            let job = "master/jobs/\(E2EFixture.jobName)"
            let failedTask = try #require(f.list(job + "/failed_tasks").first, "no failed task")
            #expect(f.read(job + "/failed_tasks/\(failedTask)/error.list") == "data/deny-me.txt\n")
            #expect(f.read(job + "/failed_tasks/\(failedTask)/audit.log")?.contains("AccessDenied") == true)

            try await f.clearFaults()
            let beforeRetry = try await f.requestsByOperation()
            let retried = try await f.importScript(["--resume", "--retry", "--interval", "1"])
            #expect(retried.status == 0, "retry run:\n\(Self.combined(retried))")
            #expect(retried.stdout.contains("Retry has been submitted."), "\(retried.stdout)")
            #expect(retried.stdout.contains("Import to oss completed."), "\(retried.stdout)")
            #expect(try await f.object("data/deny-me.txt") == files["data/deny-me.txt"])
            let afterRetry = try await f.requestsByOperation()
            // Only the failed file goes again.
            #expect(afterRetry["PutObject"] == (beforeRetry["PutObject"] ?? 0) + 1, "\(beforeRetry) -> \(afterRetry)")
            #expect(f.list(job + "/failed_tasks").isEmpty)
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("import.sh with a bad job file: the Error: line, a hint, exit 1, nothing started")
    func importScriptBadConfig() async throws {
        let f = try await E2EFixture.make("importsh-bad", job: ["srcPrefix": "relative/path/"])
        do {
            let run = try await f.importScript(["--interval", "1"])
            #expect(run.status == 1, "\(Self.combined(run))")
            let errors = run.stdout.split(separator: "\n").filter { $0.hasPrefix("Error:") }
            #expect(errors.count == 1 && errors[0].contains("srcPrefix"), "\(Self.combined(run))")
            #expect(run.stderr.contains("Fix the configuration and run again."), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: f.tool + "/master/ossimport.pid")
                || (f.read("master/ossimport.pid") ?? "").isEmpty)
            let stat = try await f.console("stat")
            #expect(stat.stdout.contains("no jobs is running or finished."), "\(stat.stdout)")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("import.sh: when tasks fail and stdin says n, it ends with exit 2 and the failure summary")
    func importScriptDeclinesRetry() async throws {
        let f = try await E2EFixture.make("importsh-n")
        do {
            try f.writeSource(["ok.txt": Array("ok".utf8), "refused.txt": Array("no".utf8)])
            try await f.addFault(
                #"{"method":"PUT","keyContains":"refused","times":0,"action":{"type":"error","status":403,"code":"AccessDenied","message":"denied by test"}}"#)
            let run = try await f.importScript(["--interval", "1"], stdin: "n\n")
            #expect(run.status == 2, "\(Self.combined(run))")
            #expect(run.stderr.contains("Retry the failed tasks? (y/n)"), "\(run.stderr)")
            #expect(run.stdout.contains("FailedTasks:1"), "\(run.stdout)")
            #expect(run.stdout.contains("Some files were not migrated."), "\(run.stdout)")
            #expect(!run.stdout.contains("Import to oss completed."))
            #expect(try await f.object("ok.txt") == Array("ok".utf8))
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("console.sh without a verb or with an unknown one prints the usage and exits 1", arguments: [[], ["frobnicate"]])
    func consoleUsage(args: [String]) async throws {
        guard let binary = BuiltProducts.path("ossimport") else {
            Issue.record("ossimport binary not found")
            return
        }
        let tool = try makeTemporaryDirectory("e2e-usage")
        defer { try? FileManager.default.removeItem(atPath: tool) }
        try FileManager.default.copyItem(
            atPath: BuiltProducts.packageRoot.path + "/console.sh", toPath: tool + "/console.sh")
        let result = try await ProcessRunner.run(
            executable: "bash", args: ["console.sh"] + args, env: ["OSSIMPORT_BIN": binary], cwd: tool)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("Support command:\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Usage: bash console.sh {submit"), "\(result.stdout)")
        for verb in ["submit", "start", "stop", "clean", "stat", "retry", "version"] {
            #expect(result.stdout.contains("\t\(verb): "), "usage lacks \(verb)")
        }
    }
}
