import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every job ends in a true, persisted state with its reason, through `console.sh start` (the background service)
/// and the real binary: `stat` prints the state and `Reason: … — fix: …`, and never `Running` for a job that no
/// longer runs.
@Suite("job states through the service", .serialized)
struct JobStateTests {
    static func combined(_ output: ProcessRunner.Output) -> String { output.stdout + output.stderr }

    /// Keys in the bucket (one ListObjects page of at most 100 keys: use it for small buckets only).
    static func keys(_ f: E2EFixture) async throws -> [String] {
        let (status, body) = try await f.request("GET", key: nil)
        #expect(status == 200)
        let text = String(decoding: body, as: UTF8.self)
        return text.components(separatedBy: "<Key>").dropFirst().compactMap { $0.components(separatedBy: "</Key>").first }
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Sets `key=value` lines in the fixture's current `conf/<name>` (other keys keep their fixture values).
    static func update(_ f: E2EFixture, _ name: String, _ values: [String: String]) throws {
        let path = f.tool + "/conf/" + name
        var remaining = values
        var lines: [String] = []
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if let eq = line.firstIndex(of: "="), !line.hasPrefix("#"), let value = remaining.removeValue(forKey: String(line[..<eq])) {
                lines.append(line[..<eq] + "=" + value)
            } else {
                lines.append(String(line))
            }
        }
        for (key, value) in remaining { lines.append("\(key)=\(value)") }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("a scan that fails ends Failed with the list file's line, once, not in a restart loop")
    func scanFailureIsTerminal() async throws {
        let f = try await E2EFixture.make("scanfail")
        do {
            let list = f.root + "/urls.txt"
            try "http://127.0.0.1:1/ good.txt\nnot-a-url other.txt\n".write(toFile: list, atomically: true, encoding: .utf8)
            try Self.update(f, "local_job.cfg", [
                "srcType": "http", "httpListFilePath": list, "srcPrefix": "", "taskObjectCountLimit": "1",
            ])
            let submitted = try await f.console("submit")
            try #require(submitted.status == 0, "\(Self.combined(submitted))")
            #expect(try await f.console("start").status == 0)
            let stat = try await f.waitForJobState(["Failed"], timeout: .seconds(30))
            #expect(stat.contains("Reason: the scan of the source failed"), "\(stat)")
            #expect(stat.contains("line 2"), "\(stat)")
            #expect(stat.contains(" — fix: correct the URL list file"), "\(stat)")
            #expect(!stat.contains("scan in progress"), "\(stat)")
            // The service stays idle: the job is not run again and again.
            try await Task.sleep(for: .seconds(3))
            let log = f.read("logs/ossimport2.log") ?? ""
            #expect(Self.count("job \(E2EFixture.jobName) running", in: log) == 1, "\(log)")
            #expect(Self.count("Succeed", in: log) == 0, "\(log)")
            let again = try await f.console("stat")
            #expect(E2EFixture.value(of: "JobState", in: again.stdout) == "Failed")
        }
        await f.tearDown()
    }

    @Test("a scan that finds nothing (an empty URL list with a BOM, an empty srcPrefix) is Failed, not Succeed")
    func nothingToMigrateIsAnError() async throws {
        let f = try await E2EFixture.make("nothing")
        do {
            let submitted = try await f.console("submit")
            try #require(submitted.status == 0, "\(Self.combined(submitted))")
            let never = try await f.console("stat")
            #expect(E2EFixture.value(of: "JobState", in: never.stdout) == "Abort", "\(never.stdout)")
            #expect(never.stdout.contains("Reason: submitted; no service has run it yet"), "\(never.stdout)")
            #expect(try await f.console("start").status == 0)
            let stat = try await f.waitForJobState(["Failed"], timeout: .seconds(30))
            #expect(stat.contains("Reason: the scan found nothing to migrate (srcPrefix="), "\(stat)")
            #expect(stat.contains("not mounted"), "\(stat)")
            _ = try await f.console("stop")
            _ = try await f.console("clean")
            let list = f.root + "/bom-only.txt"
            FileManager.default.createFile(atPath: list, contents: Data([0xEF, 0xBB, 0xBF, 0x0D, 0x0A]))
            try Self.update(f, "local_job.cfg", ["srcType": "http", "httpListFilePath": list, "srcPrefix": ""])
            #expect(try await f.console("submit").status == 0)
            #expect(try await f.console("start").status == 0)
            let http = try await f.waitForJobState(["Failed"], timeout: .seconds(30))
            #expect(http.contains("httpListFilePath=\(list) has no usable line"), "\(http)")
        }
        await f.tearDown()
    }

    @Test("a destination that rejects the keys ends Failed with the reason; the secret is never printed")
    func wrongKeysAreTerminal() async throws {
        let f = try await E2EFixture.make("wrongkey")
        do {
            try f.writeSource(["a.txt": Array("a".utf8)])
            try Self.update(f, "local_job.cfg", ["destSecretKey": "not-the-secret-xyz"])
            #expect(try await f.console("submit").status == 0)
            #expect(try await f.console("start").status == 0)
            let stat = try await f.waitForJobState(["Failed"], timeout: .seconds(30))
            #expect(stat.contains("Reason: "), "\(stat)")
            #expect(stat.contains("SignatureDoesNotMatch") || stat.contains("destSecretKey"), "\(stat)")
            #expect(!stat.contains("not-the-secret-xyz"))
            #expect(!(f.read("logs/ossimport2.log") ?? "").contains("not-the-secret-xyz"))
            // After `stop`, still Failed with its reason (persisted), not Abort or Running.
            #expect(try await f.console("stop").status == 0)
            let stopped = try await f.console("stat")
            #expect(E2EFixture.value(of: "JobState", in: stopped.stdout) == "Failed", "\(stopped.stdout)")
            #expect(stopped.stdout.contains("Reason: "), "\(stopped.stdout)")
        }
        await f.tearDown()
    }

    @Test("stop with work left is Abort with the reason; start resumes to Succeed")
    func stopIsAbortWithReason() async throws {
        let f = try await E2EFixture.make("stopabort", job: ["taskObjectCountLimit": "5"])
        do {
            var files: [String: [UInt8]] = [:]
            for i in 0..<40 { files["d/f\(i).txt"] = Array("file \(i)".utf8) }
            try f.writeSource(files)
            // Every PUT is held 20 s: when `stop` comes, work is surely left (with 300 ms, 40 files in 60 slots
            // could all finish within the second before it, and the job was Succeed).
            try await f.addFault(#"{"method":"PUT","times":0,"action":{"type":"delay","milliseconds":20000}}"#)
            #expect(try await f.console("submit").status == 0)
            #expect(try await f.console("start").status == 0)
            try await Task.sleep(for: .seconds(1))
            #expect(try await f.console("stop").status == 0)
            let stat = try await f.console("stat")
            #expect(E2EFixture.value(of: "JobState", in: stat.stdout) == "Abort", "\(stat.stdout)")
            #expect(stat.stdout.contains("Reason: stopped by 'stop'"), "\(stat.stdout)")
            #expect(stat.stdout.contains("console.sh start"), "\(stat.stdout)")
            try await f.clearFaults()
            #expect(try await f.console("start").status == 0)
            let done = try await f.waitForJobState(["Succeed"], timeout: .seconds(60))
            #expect(!done.contains("Reason:"), "\(done)")
            #expect(done.contains("Files: 40/40 done: 40 uploaded, 0 skipped, 0 failed"), "\(done)")
            #expect(try await Self.keys(f).count == 40)
        }
        await f.tearDown()
    }

    /// `retry` looks at each failed entry again (a broken symbolic link whose target now exists is uploaded),
    /// keeps what was skipped by a rule skipped, and counts every file exactly once.
    @Test("retry looks again and counts every file once")
    func retryLooksAgain() async throws {
        let f = try await E2EFixture.make("retrylook", job: ["isAllowSymbolicLink": "true"])
        do {
            try f.writeSource(["a.txt": Array("a".utf8), "b.txt": Array("bb".utf8)])
            try FileManager.default.createSymbolicLink(atPath: f.source + "/link.txt", withDestinationPath: f.root + "/target.txt")
            try FileManager.default.createSymbolicLink(atPath: f.source + "/dirlink", withDestinationPath: f.root)
            #expect(mkfifo(f.source + "/fifo", 0o644) == 0)
            #expect(try await f.console("submit").status == 0)
            #expect(try await f.console("start").status == 0)
            let failed = try await f.waitForJobState(["Failed"], timeout: .seconds(60))
            #expect(failed.contains("Files: 5/5 done: 2 uploaded, 2 skipped, 1 failed"), "\(failed)")
            #expect(failed.contains("Reason: 1 file failed (in 1 task)"), "\(failed)")

            // The cause is fixed: the link's target now exists.
            try "target".write(toFile: f.root + "/target.txt", atomically: true, encoding: .utf8)
            let retried = try await f.console("retry")
            #expect(retried.status == 0, "\(Self.combined(retried))")
            let done = try await f.waitForJobState(["Succeed"], timeout: .seconds(60))
            #expect(done.contains("Files: 5/5 done: 3 uploaded, 2 skipped, 0 failed"), "\(done)")
            #expect(try await f.object("link.txt") == Array("target".utf8))
            #expect(Set(try await Self.keys(f)) == ["a.txt", "b.txt", "link.txt"], "uploaded = objects in OSS")
            let tasks = f.list("master/jobs/\(E2EFixture.jobName)/succeed_tasks")
            let audit = f.read("master/jobs/\(E2EFixture.jobName)/succeed_tasks/\(tasks.first ?? "")/audit.log") ?? ""
            let lastRun = audit.components(separatedBy: "# task ").last ?? ""
            #expect(Self.count("SKIPPED\t", in: lastRun) == 2, "skipped stays skipped:\n\(audit)")
            #expect(Self.count("OK\t", in: lastRun) == 3, "\(audit)")
        }
        await f.tearDown()
    }

    /// The working directory fills up mid-job: the job ends `Failed` with the reason in `stat`; once space is
    /// freed, `start` finishes it with every file uploaded once and none reported as failed without a reason.
    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func fullDiskMidJobThenResume() async throws {
        let f = try await E2EFixture.make("diskfull")
        let mount = f.root + "/small"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let mounted = try await ProcessRunner.run(executable: "mount", args: ["-t", "tmpfs", "-o", "size=768k", "tmpfs", mount])
        guard mounted.status == 0 else {
            print("full-disk test skipped: cannot mount a tmpfs here (\(mounted.stderr))")
            await f.tearDown()
            return
        }
        do {
            try Self.update(f, "sys.properties", ["workingDir": mount, "workerTaskThreadNum": "4"])
            try Self.update(f, "local_job.cfg", ["taskObjectCountLimit": "10"])
            var files: [String: [UInt8]] = [:]
            for i in 0..<200 { files["d\(i % 4)/file-with-a-longish-name-\(i).txt"] = Array("content \(i)".utf8) }
            try f.writeSource(files)
            try await f.addFault(#"{"method":"PUT","times":0,"action":{"type":"delay","milliseconds":100}}"#)
            #expect(try await f.console("submit").status == 0)
            #expect(try await f.console("start").status == 0)
            // Let some tasks finish, then fill the file system.
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while clock.now < deadline, ((try? FileManager.default.contentsOfDirectory(atPath: mount + "/master/jobs/\(E2EFixture.jobName)/succeed_tasks")) ?? []).count < 2 {
                try await Task.sleep(for: .milliseconds(100))
            }
            FileManager.default.createFile(atPath: mount + "/filler", contents: nil)
            let filler = try #require(FileHandle(forWritingAtPath: mount + "/filler"))
            while (try? filler.write(contentsOf: Data(count: 4096))) != nil {}
            try? filler.close()
            let failed = try await f.waitForJobState(["Failed"], timeout: .seconds(60))
            #expect(failed.contains("Reason: no space left"), "\(failed)")
            #expect(failed.contains("free space"), "\(failed)")

            try FileManager.default.removeItem(atPath: mount + "/filler")
            try await f.clearFaults()
            // The service is still up: `start` makes it run the job again, as the fix says.
            let restarted = try await f.console("start")
            #expect(restarted.status == 0, "\(Self.combined(restarted))")
            #expect(restarted.stdout.contains("runs again the jobs that had stopped on an error: \(E2EFixture.jobName)"), "\(restarted.stdout)")
            let done = try await f.waitForJobState(["Succeed"], timeout: .seconds(90))
            #expect(done.contains("Files: 200/200 done: 200 uploaded, 0 skipped, 0 failed"), "\(done)")
            for (path, bytes) in files { #expect(try await f.object(path) == bytes, "\(path)") }
            let succeeded = (try? FileManager.default.contentsOfDirectory(atPath: mount + "/master/jobs/\(E2EFixture.jobName)/succeed_tasks")) ?? []
            for task in succeeded {
                let audit = (try? String(contentsOfFile: mount + "/master/jobs/\(E2EFixture.jobName)/succeed_tasks/\(task)/audit.log", encoding: .utf8)) ?? ""
                #expect(!audit.contains("no outcome recorded"), "\(task)")
            }
        }
        _ = try? await f.console("stop")
        _ = umount2(mount, 2)  // MNT_DETACH
        await f.tearDown()
    }
}
