import Foundation
import Testing

/// Control commands do what they say: `stop` during import.sh, Ctrl-C, `clean` while running, a job file edited
/// after submit, `retry` with nothing to retry and `logs/retry.log`, the first status block at once.
@Suite("import.sh and console.sh: control commands", .serialized)
struct ScriptControlTests {
    static func combined(_ output: ProcessRunner.Output) -> String { output.stdout + output.stderr }

    /// A fixture whose job stays Running: every PUT of a key containing `slow` stalls.
    static func stalledJob(_ label: String) async throws -> E2EFixture {
        let f = try await E2EFixture.make(label)
        try f.writeSource(["fast.txt": Array("fast".utf8), "slow.txt": Array("slow".utf8)])
        try await f.addFault(#"{"method":"PUT","keyContains":"slow","times":0,"action":{"type":"stall"}}"#)
        return f
    }

    /// Starts `bash import.sh ARGS` in the background (stdin a closed pipe) and waits until the job is Running.
    static func startImport(_ f: E2EFixture, _ args: [String]) async throws -> RunningProcess {
        // `env --default-signal=INT`: the test runner may ignore SIGINT, and bash cannot trap a signal ignored at entry.
        let process = try ProcessRunner.start(
            executable: "env", args: ["--default-signal=INT", "bash", "import.sh"] + args, env: ["OSSIMPORT_BIN": f.binary], cwd: f.tool, stdin: Data())
        _ = try await f.waitForJobState(["Running"])
        // Until the service's pid file is there, import.sh may still be inside `start`.
        for _ in 0..<100 where f.read("master/ossimport.pid")?.isEmpty ?? true { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(1))
        return process
    }

    @Test("console.sh stop while import.sh runs: import.sh says so, does not restart the service, exits 1")
    func stopEndsImportScript() async throws {
        let f = try await Self.stalledJob("ctl-stop")
        do {
            let importer = try await Self.startImport(f, ["--interval", "1"])
            let stop = try await f.console("stop")
            #expect(stop.status == 0, "\(Self.combined(stop))")
            #expect(f.read("master/ossimport.stopped")?.hasSuffix(" stop\n") == true, "no stop marker")
            let status = await importer.waitForExit()
            let text = importer.readStdout() + importer.readStderr()
            #expect(status == 1, "\(text)")
            #expect(text.contains("The import service was stopped by 'bash console.sh stop'"), "\(text)")
            #expect(!text.contains("starting it again"), "\(text)")
            #expect(!text.contains("Import to oss completed"), "\(text)")
            #expect(text.contains("---------------- summary"), "\(text)")
            #expect(text.contains("bash import.sh --resume"), "\(text)")
            let stat = try await f.console("stat")
            #expect(stat.stdout.contains("Service: not running"), "the service was started again: \(stat.stdout)")
            // A later start clears the marker.
            try await f.clearFaults()
            _ = try await f.console("start")
            #expect(f.read("master/ossimport.stopped") == nil, "start left the stop marker")
            _ = try await f.waitForJobState(["Succeed"])
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("Ctrl-C on import.sh (unattended): the service goes on in the background and the message says how to stop it")
    func interruptLeavesServiceRunning() async throws {
        let f = try await Self.stalledJob("ctl-int")
        do {
            let importer = try await Self.startImport(f, ["--interval", "1"])
            importer.process.interrupt()
            let status = await importer.waitForExit()
            let text = importer.readStdout() + importer.readStderr()
            #expect(status == 130, "\(text)")
            #expect(text.contains("the import service goes on in the background"), "\(text)")
            #expect(text.contains("bash console.sh stop") && text.contains("bash console.sh stat"), "\(text)")
            let stat = try await f.console("stat")
            #expect(!stat.stdout.contains("Service: not running"), "\(stat.stdout)")
            #expect(E2EFixture.value(of: "JobState", in: stat.stdout) == "Running", "\(stat.stdout)")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("console.sh clean while the service runs refuses before printing or deleting anything")
    func cleanWhileRunningRefuses() async throws {
        let f = try await Self.stalledJob("ctl-clean")
        do {
            #expect(try await f.console("submit").status == 0)
            #expect(try await f.console("start").status == 0)
            _ = try await f.waitForJobState(["Running"])
            let clean = try await f.console("clean")
            #expect(clean.status == 1, "\(Self.combined(clean))")
            #expect(clean.stdout.isEmpty, "printed before refusing: \(clean.stdout)")
            #expect(clean.stderr.hasPrefix("Error: the import service is running"), "\(clean.stderr)")
            #expect(clean.stderr.contains("bash console.sh stop"), "\(clean.stderr)")
            #expect(FileManager.default.fileExists(atPath: f.jobDirectory + "/job.cfg"), "the job was deleted")
            #expect(try await f.console("stat").stdout.contains("JobState:Running"), "the service stopped")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("a job file edited after submit: submit, stat and import.sh name the changed keys (never their values)")
    func editedJobFileIsDetected() async throws {
        let f = try await E2EFixture.make("ctl-drift")
        do {
            try f.writeSource(["a.txt": Array("a".utf8)])
            let first = try await f.importScript(["--interval", "1"])
            #expect(first.status == 0, "\(Self.combined(first))")

            // Unchanged: a normal resume starts with no Error line and no warning.
            let resumed = try await f.importScript(["--interval", "1"], stdin: "r\n")
            #expect(resumed.status == 0, "\(Self.combined(resumed))")
            #expect(!Self.combined(resumed).contains("Error:"), "\(Self.combined(resumed))")
            #expect(!Self.combined(resumed).contains("was edited"), "\(Self.combined(resumed))")
            #expect(resumed.stdout.contains("A migration job named \(E2EFixture.jobName) was submitted before"), "\(resumed.stdout)")

            try f.writeConfig("local_job.cfg", [
                "srcPrefix": f.source + "/", "destDomain": f.server.endpoint, "destBucket": E2EFixture.bucket,
                "destAccessKey": E2EFixture.keyID, "destSecretKey": "edited-secret-value", "jobName": E2EFixture.jobName,
                "taskObjectCountLimit": "50", "multipartUploadThreshold": "1m", "multipartUploadPartSize": "256k",
                "destPrefix": "edited/",
            ])
            let submit = try await f.console("submit")
            #expect(submit.status == 1)
            #expect(submit.stdout.contains("changed: destSecretKey, destPrefix"), "\(submit.stdout)")
            #expect(submit.stdout.contains("bash import.sh --restart"), "\(submit.stdout)")
            let stat = try await f.console("stat")
            let warning = stat.stdout.split(separator: "\n").first { $0.hasPrefix("Warning: ") && $0.contains("was edited after job") }
            #expect(warning?.contains("changed: destSecretKey, destPrefix") == true, "\(stat.stdout)")
            for output in [submit.stdout + submit.stderr, stat.stdout + stat.stderr] {
                #expect(!output.contains("edited-secret-value") && !output.contains(E2EFixture.secret), "a secret was printed")
            }

            // import.sh without an answer refuses to pick the old copy silently.
            let unanswered = try await f.importScript(["--interval", "1"])
            #expect(unanswered.status == 1, "\(Self.combined(unanswered))")
            #expect(unanswered.stdout.contains("Warning: conf/local_job.cfg was edited"), "\(unanswered.stdout)")
            #expect(unanswered.stderr.contains("--restart"), "\(unanswered.stderr)")
            #expect(unanswered.stderr.contains("(s/r)"), "the prompt recommends restart first: \(unanswered.stderr)")

            // --resume given explicitly: warned, and it goes on with the submitted copy.
            let kept = try await f.importScript(["--resume", "--interval", "1"])
            #expect(kept.status == 0, "\(Self.combined(kept))")
            #expect(kept.stdout.contains("Warning: resuming with the submitted copy"), "\(kept.stdout)")
            #expect(kept.stdout.contains("Import to oss completed."), "\(kept.stdout)")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("a retry from import.sh is in logs/retry.log; console.sh retry with nothing to retry says so")
    func retryIsLoggedAndNothingToRetrySaysSo() async throws {
        let f = try await E2EFixture.make("ctl-retry")
        do {
            let none = try await f.console("retry")
            #expect(none.status == 0)
            #expect(none.stdout.contains("nothing to retry"), "\(Self.combined(none))")

            try f.writeSource(["ok.txt": Array("ok".utf8), "once.txt": Array("refused once".utf8)])
            try await f.addFault(
                #"{"method":"PUT","keyContains":"once","times":1,"action":{"type":"error","status":403,"code":"AccessDenied","message":"denied once"}}"#)
            // A large interval: the first block comes at once and on every change of state, not after 100 s.
            let run = try await f.bash(["import.sh", "--retry", "--interval", "100"], stdin: nil, timeLimitSeconds: 60)
            #expect(run.status == 0, "\(Self.combined(run))")
            #expect(run.stdout.contains("JobState:Failed"), "\(run.stdout)")
            #expect(run.stdout.contains("Import to oss completed."), "\(run.stdout)")
            #expect(f.read("logs/retry.log")?.contains("Retry has been submitted.") == true, "\(f.read("logs/retry.log") ?? "no retry.log")")
            #expect(try await f.object("once.txt") == Array("refused once".utf8))

            let nothingFailed = try await f.console("retry")
            #expect(nothingFailed.stdout.contains("None failed tasks for job:\(E2EFixture.jobName)."), "\(nothingFailed.stdout)")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }
}
