import Foundation
import Testing

/// The real `ossimport` binary driven through `console.sh`, against the real `oss-local` binary.
@Suite("ossimport through console.sh", .serialized)
struct ImporterEndToEndTests {
    /// `^[0-9A-F]{32}_[0-9]+@localhost$`, ossimport's task directory names.
    static func isTaskID(_ name: String) -> Bool {
        guard let underscore = name.firstIndex(of: "_"), name.hasSuffix("@localhost") else { return false }
        let hex = name[..<underscore]
        let number = name[name.index(after: underscore)...].dropLast("@localhost".count)
        return hex.count == 32 && hex.allSatisfy { ("0"..."9").contains($0) || ("A"..."F").contains($0) }
            && !number.isEmpty && number.allSatisfy { ("0"..."9").contains($0) }
    }

    /// The acceptance tree: nested and empty directories, empty files, odd names, both sides of the multipart
    /// threshold (1m), and many small files.
    static func acceptanceTree() -> (files: [String: [UInt8]], emptyDirectories: [String]) {
        var files: [String: [UInt8]] = [
            "empty.txt": [],
            "a/b/c/deep.txt": Array("deep".utf8),
            "with space/file name.txt": Array("spaces".utf8),
            "中文目录/文件名.txt": Array("你好，世界".utf8),
            "odd/+ % # ? &.bin": E2EFixture.pattern(1000, seed: 1),
            "odd/100%.txt": Array("percent".utf8),
            "big/just-below.bin": E2EFixture.pattern((1 << 20) - 1, seed: 2),
            "big/just-above.bin": E2EFixture.pattern((1 << 20) + 1, seed: 3),
            "big/multi-part.bin": E2EFixture.pattern(3 * (1 << 20) + 12345, seed: 4),
        ]
        for i in 0..<300 { files["many/f\(i).txt"] = Array("small file \(i)\n".utf8) }
        return (files, ["empty-dir", "nested/empty/dir"])
    }

    @Test("submit, start, stat until Succeed, stop: every object equals its source and the state is ossimport's")
    func migratesATree() async throws {
        let f = try await E2EFixture.make("tree")
        do {
            let tree = Self.acceptanceTree()
            try f.writeSource(tree.files)
            for directory in tree.emptyDirectories { try f.makeSourceDirectory(directory) }

            let submit = try await f.console("submit")
            #expect(submit.status == 0, "submit failed: \(submit.stdout)\(submit.stderr)")
            #expect(submit.stdout.contains("submit job:\(E2EFixture.jobName) success!"), "\(submit.stdout)")
            let start = try await f.console("start")
            #expect(start.status == 0, "start failed: \(start.stdout)\(start.stderr)")
            #expect(start.stdout.contains("Start import service completed."))

            let stat = try await f.waitForJobState(["Succeed", "Failed"])
            #expect(E2EFixture.value(of: "JobState", in: stat) == "Succeed", "\(stat)")
            let stop = try await f.console("stop")
            #expect(stop.status == 0)
            #expect(stop.stdout.contains("Stop import service completed."))

            // Every object, byte for byte.
            for (path, bytes) in tree.files {
                let stored = try await f.object(path)
                #expect(stored == bytes, "object \(path) differs: \(stored.count) bytes stored, \(bytes.count) expected")
            }
            try checkStat(stat, fileCount: tree.files.count, bytes: tree.files.values.reduce(0) { $0 + $1.count })
            try checkFinishedState(f, taskCount: (tree.files.count + 49) / 50)
            for log in f.list("logs") {
                let text = f.read("logs/" + log) ?? ""
                #expect(!text.contains(E2EFixture.secret), "logs/\(log) shows the secret key")
            }
            #expect(!(stat + submit.stdout + start.stdout).contains(E2EFixture.secret))
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("a source file that keeps changing while it uploads ends in error.list as SIZE_NOT_MATCH")
    func changingFileIsReportedAsSizeNotMatch() async throws {
        let f = try await E2EFixture.make("changing")
        do {
            var files: [String: [UInt8]] = ["changing.bin": E2EFixture.pattern(200 * 1024, seed: 9)]
            for i in 0..<10 { files["steady/s\(i).txt"] = Array("steady \(i)".utf8) }
            try f.writeSource(files)
            // Every PUT of that key is answered 1.5 s late, so each attempt sees the file change under it.
            try await f.addFault(#"{"method":"PUT","keyContains":"changing.bin","times":0,"action":{"type":"delay","milliseconds":1500}}"#)

            #expect(try await f.console("submit").status == 0)
            let writer = Task {
                let path = f.source + "/changing.bin"
                try await Task.sleep(for: .milliseconds(300))
                while !Task.isCancelled {
                    guard let handle = FileHandle(forWritingAtPath: path) else { return }
                    handle.seekToEndOfFile()
                    handle.write(Data("more bytes\n".utf8))
                    try? handle.close()
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(try await f.console("start").status == 0)
            let stat: String
            do {
                stat = try await f.waitForJobState(["Succeed", "Failed"])
            } catch {
                writer.cancel()
                throw error
            }
            writer.cancel()
            _ = try await f.console("stop")

            #expect(E2EFixture.value(of: "JobState", in: stat) == "Failed", "\(stat)")
            #expect(E2EFixture.value(of: "FailedTasks", in: stat) == "1", "\(stat)")
            let job = "master/jobs/\(E2EFixture.jobName)"
            let failed = f.list(job + "/failed_tasks")
            #expect(failed.count == 1, "failed_tasks: \(failed)")
            for id in failed {
                #expect(f.read(job + "/failed_tasks/\(id)/error.list") == "changing.bin\n")
                #expect(f.read(job + "/failed_tasks/\(id)/STATUS")?.hasPrefix("Failed") == true)
                let audit = f.read(job + "/failed_tasks/\(id)/audit.log") ?? ""
                #expect(audit.contains("SIZE_NOT_MATCH\tchanging.bin\t"), "audit.log:\n\(audit)")
                #expect(audit.contains("tried 3 times"), "audit.log:\n\(audit)")
            }
            for i in 0..<10 {
                #expect(try await f.object("steady/s\(i).txt") == Array("steady \(i)".utf8))
            }
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("a key longer than 1023 bytes is reported in error.list and audit.log; the other files succeed")
    func invalidKeyIsReported() async throws {
        let f = try await E2EFixture.make("longkey")
        do {
            let component = String(repeating: "d", count: 250)
            let longPath = [component, component, component, component, component, "file.txt"].joined(separator: "/")
            #expect(longPath.utf8.count > 1023)
            try f.writeSource([longPath: Array("too long".utf8), "fine/a.txt": Array("a".utf8), "fine/b.txt": []])

            #expect(try await f.console("submit").status == 0)
            #expect(try await f.console("start").status == 0)
            let stat = try await f.waitForJobState(["Succeed", "Failed"])
            _ = try await f.console("stop")

            #expect(E2EFixture.value(of: "JobState", in: stat) == "Failed", "\(stat)")
            #expect(E2EFixture.value(of: "Files", in: stat)?.contains("2 uploaded, 0 skipped, 1 failed") == true, "\(stat)")
            let job = "master/jobs/\(E2EFixture.jobName)"
            let failed = try #require(f.list(job + "/failed_tasks").first, "no failed task")
            #expect(f.read(job + "/failed_tasks/\(failed)/error.list") == longPath + "\n")
            let audit = f.read(job + "/failed_tasks/\(failed)/audit.log") ?? ""
            #expect(audit.contains("FAILED\t\(longPath)\t"), "audit.log:\n\(audit)")
            #expect(audit.contains("invalid object key"), "audit.log:\n\(audit)")
            #expect(try await f.object("fine/a.txt") == Array("a".utf8))
            #expect(try await f.object("fine/b.txt") == [])
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("submit twice is refused until clean; clean then submit works")
    func submitTwiceNeedsClean() async throws {
        let f = try await E2EFixture.make("twice")
        do {
            try f.writeSource(["a.txt": Array("a".utf8)])
            let first = try await f.console("submit")
            #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
            let second = try await f.console("submit")
            #expect(second.status != 0)
            #expect((second.stdout + second.stderr).contains("please clean it first"), "\(second.stdout)\(second.stderr)")
            let clean = try await f.console("clean")
            #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
            #expect(clean.stdout.contains("Clean job:\(E2EFixture.jobName) completed."), "\(clean.stdout)")
            #expect(!FileManager.default.fileExists(atPath: f.jobDirectory))
            let third = try await f.console("submit")
            #expect(third.status == 0, "\(third.stdout)\(third.stderr)")
            #expect(third.stdout.contains("submit job:\(E2EFixture.jobName) success!"))
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test(
        "a bad job file gives one Error: line naming file:line and key, no stack trace, exit non-zero",
        arguments: [
            ("srcPrefix", "/data/no-trailing-slash"),
            ("destBucket", "bucket/with-slash"),
        ])
    func badConfigIsOneErrorLine(key: String, value: String) async throws {
        let f = try await E2EFixture.make("badcfg", job: [key: value])
        do {
            let submit = try await f.console("submit")
            #expect(submit.status != 0)
            let output = submit.stdout + submit.stderr
            let errors = output.split(separator: "\n").filter { $0.hasPrefix("Error:") }
            #expect(errors.count == 1, "output:\n\(output)")
            let line = try #require(errors.first)
            let shipped = try String(contentsOfFile: f.tool + "/conf/local_job.cfg", encoding: .utf8)
            let number = try #require(
                shipped.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(key + "=") })
            #expect(line.contains("local_job.cfg:\(number + 1): \(key):"), "\(line)")
            for trace in ["Fatal error", "Stack dump", "#0 ", "Backtrace", "Illegal instruction"] {
                #expect(!output.contains(trace), "output:\n\(output)")
            }
            #expect(!FileManager.default.fileExists(atPath: f.jobDirectory))
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("stop during the job shows Abort; start resumes it to Succeed without uploading finished files again")
    func stopAndResume() async throws {
        let f = try await E2EFixture.make("resume", job: ["taskObjectCountLimit": "10"], sys: ["workerTaskThreadNum": "2"])
        do {
            var files: [String: [UInt8]] = [:]
            for i in 0..<40 { files[String(format: "f%02d.txt", i)] = Array("file \(i)".utf8) }
            try f.writeSource(files)
            // Every upload takes 200 ms, so the job is still running when it is stopped.
            try await f.addFault(#"{"method":"PUT","times":0,"action":{"type":"delay","milliseconds":200}}"#)
            #expect(try await f.console("submit").status == 0)
            #expect(try await f.console("start").status == 0)
            // Wait until some files are done, then stop.
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while clock.now < deadline, try await f.requestsByOperation()["PutObject", default: 0] < 6 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let stop = try await f.console("stop")
            #expect(stop.status == 0)
            let stopped = try await f.console("stat")
            #expect(E2EFixture.value(of: "JobState", in: stopped.stdout) == "Abort", "\(stopped.stdout)")
            #expect(stopped.stdout.contains("Service: not running"), "\(stopped.stdout)")
            let putsBefore = try await f.requestsByOperation()["PutObject", default: 0]
            #expect(putsBefore < files.count, "the job finished before it was stopped; stat:\n\(stopped.stdout)")

            try await f.clearFaults()
            #expect(try await f.console("start").status == 0)
            let stat = try await f.waitForJobState(["Succeed", "Failed"])
            _ = try await f.console("stop")
            #expect(E2EFixture.value(of: "JobState", in: stat) == "Succeed", "\(stat)")
            #expect(E2EFixture.value(of: "Files", in: stat)?.hasPrefix(" 40/40 done: 40 uploaded") == true, "\(stat)")
            for (path, bytes) in files { #expect(try await f.object(path) == bytes, "\(path)") }
            // Files cancelled in flight by the stop may go twice; finished ones never do.
            let putsAfter = try await f.requestsByOperation()["PutObject", default: 0]
            #expect(putsAfter - files.count <= 2, "uploads: \(putsBefore) before the stop, \(putsAfter) in all")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("stat without any job says so")
    func statWithoutJobs() async throws {
        let f = try await E2EFixture.make("nojob")
        do {
            let stat = try await f.console("stat")
            #expect(stat.status == 0)
            #expect(stat.stdout.contains("no jobs is running or finished."), "\(stat.stdout)\(stat.stderr)")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    /// ossimport's lines in ossimport's order, then the totals.
    func checkStat(_ stat: String, fileCount: Int, bytes: Int) throws {
        let names = stat.split(separator: "\n").compactMap { line -> String? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        }
        let expected = [
            "JobName", "JobState", "PendingTasks", "DispatchedTasks", "RunningTasks", "SucceedTasks", "FailedTasks",
            "ScanFinished", "RunningTasks Progress",
        ]
        #expect(Array(names.prefix(expected.count)) == expected, "stat lines:\n\(stat)")
        #expect(E2EFixture.value(of: "JobName", in: stat) == E2EFixture.jobName)
        #expect(E2EFixture.value(of: "PendingTasks", in: stat) == "0")
        #expect(E2EFixture.value(of: "DispatchedTasks", in: stat) == "0")
        #expect(E2EFixture.value(of: "RunningTasks", in: stat) == "0")
        #expect(E2EFixture.value(of: "FailedTasks", in: stat) == "0")
        #expect(E2EFixture.value(of: "ScanFinished", in: stat) == "true")
        let files = try #require(E2EFixture.value(of: "Files", in: stat), "no Files: line in\n\(stat)")
        #expect(files.hasPrefix(" \(fileCount)/\(fileCount) done: \(fileCount) uploaded, 0 skipped, 0 failed"), "\(files)")
        #expect(E2EFixture.value(of: "Bytes", in: stat)?.contains("(100.0%)") == true, "\(stat)")
    }

    /// succeed_tasks/<id> with ossimport's files; nothing left pending, dispatched or in the worker.
    func checkFinishedState(_ f: E2EFixture, taskCount: Int) throws {
        let job = "master/jobs/\(E2EFixture.jobName)"
        let succeeded = f.list(job + "/succeed_tasks")
        #expect(succeeded.count == taskCount, "succeed_tasks: \(succeeded)")
        #expect(f.list(job + "/failed_tasks").isEmpty)
        for id in succeeded {
            #expect(Self.isTaskID(id), "task id \(id)")
            let dir = job + "/succeed_tasks/" + id
            #expect(Set(f.list(dir)).isSuperset(of: ["TASK", "STATUS", "DONE", "error.list", "audit.log"]), "\(dir): \(f.list(dir))")
            #expect(f.read(dir + "/STATUS")?.trimmingCharacters(in: .whitespacesAndNewlines) == "Completed")
            #expect(f.read(dir + "/error.list") == "")
            #expect(f.read(dir + "/DONE")?.isEmpty == false)
            #expect(f.read(dir + "/audit.log")?.contains("OK\t") == true)
        }
        #expect(f.list(job + "/pending_tasks").isEmpty, "pending: \(f.list(job + "/pending_tasks"))")
        for host in f.list(job + "/dispatched") {
            #expect(f.list(job + "/dispatched/" + host).isEmpty, "dispatched/\(host): \(f.list(job + "/dispatched/" + host))")
        }
        #expect(f.list("worker/jobs/\(E2EFixture.jobName)/tasks").isEmpty)
        #expect(FileManager.default.fileExists(atPath: f.tool + "/logs/ossimport2.log"))
        #expect(FileManager.default.fileExists(atPath: f.tool + "/logs/import.log"))
    }
}
