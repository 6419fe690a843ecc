import Foundation
import OSSLocalServer
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Crash safety through the real binary: `kill -9` at random instants, restart, finish; single instance and
/// graceful stop (issue 4 §1, §5).
@Suite(.serialized) struct CrashTests {
    static let fileSlots = 8
    static let partConcurrency = 3
    static let partSize = 256 * 1024
    static let smallMax = 4096

    /// A few thousand small files and several multipart files (3–8 MiB, 256 KiB parts).
    static func populate(_ fixture: inout CrashFixture, small: Int, large: Int, random: inout SeededRandom) throws {
        for i in 0..<small {
            let size = Int.random(in: 0...smallMax, using: &random)
            try fixture.addFile(String(format: "d%02d/f%04d.txt", i % 40, i), size: size, using: &random)
        }
        for i in 0..<large {
            let size = Int.random(in: (3 << 20)...(8 << 20), using: &random)
            try fixture.addFile(String(format: "d%02d/large-%d.bin", (i * 7) % 40, i), size: size, using: &random)
        }
    }

    @Test func killNineAtRandomInstantsLosesNothingAndRedoesLittle() async throws {
        let seed = ProcessInfo.processInfo.environment["CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let kills = 24
        print("crash test: seed \(seed) (replay with CRASH_SEED=\(seed)), \(kills) kills")
        var random = SeededRandom(seed: seed)
        var fixture = try await CrashFixture.make(
            label: "crash", job: ["taskObjectCountLimit": "100"],
            // The throughput limit stretches the job over the kill phase (~40 MB at 1.5 MB/s).
            sys: ["workerTaskThreadNum": "\(Self.fileSlots)", "workerMaxThroughput(KB/s)": "1500"])
        try Self.populate(&fixture, small: 3000, large: 6, random: &random)
        let submitted = try await fixture.ossimport(["submit", "conf/local_job.cfg"])
        try #require(submitted.status == 0, "\(submitted.stderr)")
        let started = ContinuousClock.now

        var killed = 0
        var killedWithWorkLeft = 0
        for round in 0..<kills {
            let service = try fixture.startService()
            // Kill points spread from start-up (lock, scan) to deep into transfers.
            let delay = Int.random(in: 50...(round % 4 == 0 ? 2500 : 1000), using: &random)
            try await Task.sleep(for: .milliseconds(delay))
            #expect(service.process.isRunning, "the service exited by itself: \(service.readStderr())")
            await CrashFixture.killHard(service)
            killed += 1
            let done = (fixture.statusCounters()?["doneFiles"] as? Int) ?? 0
            if done < fixture.files.count { killedWithWorkLeft += 1 }
        }
        #expect(killedWithWorkLeft >= 20, "only \(killedWithWorkLeft) kills hit a job with work left")
        let afterKills = ContinuousClock.now - started
        let progress = fixture.statusCounters()
        let finished = try await fixture.runToCompletion()
        let wall = ContinuousClock.now - started
        #expect(finished.status == 0, "final run: \(finished.stderr)")

        // Every object byte-identical (size and CRC-64 of the source vs the server's x-oss-hash-crc64ecma).
        let bad = try await fixture.mismatchedObjects()
        #expect(bad.isEmpty, "\(bad.count) objects differ, e.g. \(bad.prefix(5))")

        // No dangling multipart uploads.
        let stats = try await fixture.stats()
        #expect(stats.openMultipartUploads == 0)
        #expect(try await fixture.listedUploads() == 0)

        // Job state and task bookkeeping.
        let stat = try await fixture.ossimport(["stat"])
        #expect(stat.stdout.contains("JobState:Succeed"), "\(stat.stdout)")
        let succeeded = Set(fixture.tasks("succeed_tasks"))
        let failed = Set(fixture.tasks("failed_tasks"))
        #expect(failed.isEmpty)
        #expect(succeeded.isDisjoint(with: failed))
        #expect(fixture.tasks("pending_tasks").isEmpty)
        #expect(fixture.tasks("dispatched").isEmpty)
        let uploaded = try fixture.uploadedPaths()
        #expect(uploaded.count == fixture.files.count, "\(uploaded.count) files recorded as uploaded of \(fixture.files.count)")
        #expect(uploaded.values.allSatisfy { $0 == 1 }, "a file recorded twice")

        // Bytes the server received vs the data: at each kill at most every file slot can be mid-transfer, a small
        // file whole or a multipart file with `partConcurrency` parts; plus the small Complete XML bodies.
        let dataSize = Int64(fixture.dataSize)
        let inFlightPerKill = Int64(Self.fileSlots * max(Self.smallMax, Self.partConcurrency * Self.partSize))
        let xmlSlack = Int64((kills + 1) * 6 * 8 * 1024)
        let bound = dataSize + Int64(killed) * inFlightPerKill + xmlSlack
        let extra = stats.bodyBytesReceived - dataSize
        print("""
            crash test figures: seed \(seed); \(killed) kills (\(killedWithWorkLeft) with work left); \(fixture.files.count) files, \(dataSize) bytes of data; \
            server received \(stats.bodyBytesReceived) body bytes (\(extra) extra = \
            \(String(format: "%.1f", Double(extra) / Double(max(killed, 1)) / 1024)) KiB per kill; bound \(bound)); \
            requests \(stats.requestsByOperation.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")); \
            done before the final run: \(progress?["doneFiles"] ?? "?") files; \
            kill phase \(afterKills), wall time \(wall)
            """)
        #expect(stats.bodyBytesReceived >= dataSize)
        #expect(stats.bodyBytesReceived <= bound)
        await fixture.cleanUp()
    }

    /// Waits (polling the state files another process writes) until `condition` holds; false after `limit`.
    static func wait(limit: Duration = .seconds(30), _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test func secondServiceIsRefusedAndAStalePidFileIsRecognised() async throws {
        var random = SeededRandom(seed: 42)
        var fixture = try await CrashFixture.make(label: "single", sys: ["workerMaxThroughput(KB/s)": "500"])
        try Self.populate(&fixture, small: 200, large: 1, random: &random)
        let submitted = try await fixture.ossimport(["submit", "conf/local_job.cfg"])
        try #require(submitted.status == 0, "\(submitted.stderr)")
        let pidFile = fixture.toolDir + "/master/ossimport.pid"

        let first = try fixture.startService()
        try #require(try await Self.wait { FileManager.default.fileExists(atPath: pidFile) }, "the service never wrote its pid file")

        let second = try await fixture.ossimport(["start", "--foreground"])
        #expect(second.status != 0)
        #expect(second.stderr.hasPrefix("Error: ") && second.stderr.contains("already running"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.process.processIdentifier)"), "\(second.stderr)")
        let background = try await fixture.ossimport(["start"])
        #expect(background.status != 0)
        #expect(background.stderr.contains("already running"), "\(background.stderr)")
        #expect(first.process.isRunning)

        // A crash leaves the pid file behind: it is recognised as stale, and the next start works.
        await CrashFixture.killHard(first)
        #expect(FileManager.default.fileExists(atPath: pidFile))
        let stat = try await fixture.ossimport(["stat"])
        #expect(stat.status == 0)
        #expect(stat.stdout.contains("not running"), "\(stat.stdout)")
        let finished = try await fixture.runToCompletion()
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(try await fixture.mismatchedObjects().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: pidFile), "a cleanly stopped service removes its pid file")
        await fixture.cleanUp()
    }

    @Test func stopEndsTheServiceQuicklyAndTheNextStartResumesWithoutRedoingFiles() async throws {
        var random = SeededRandom(seed: 7)
        var fixture = try await CrashFixture.make(
            label: "stop", sys: ["workerTaskThreadNum": "\(Self.fileSlots)", "workerMaxThroughput(KB/s)": "1000"])
        let small = 1500
        try Self.populate(&fixture, small: small, large: 3, random: &random)
        let submitted = try await fixture.ossimport(["submit", "conf/local_job.cfg"])
        try #require(submitted.status == 0, "\(submitted.stderr)")

        let service = try fixture.startService()
        let progressed = try await Self.wait {
            ((fixture.statusCounters()?["doneFiles"] as? Int) ?? 0) >= 300
        }
        try #require(progressed, "no progress: \(service.readStderr())")

        let stopping = ContinuousClock.now
        let stop = try await fixture.ossimport(["stop"])
        let exit = await service.waitForExit()
        let stopTime = ContinuousClock.now - stopping
        print("graceful stop took \(stopTime)")
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains("Stop import service completed."))
        #expect(!stop.stderr.contains("did not stop"), "\(stop.stderr)")
        #expect(exit == 0, "\(service.readStderr())")
        #expect(stopTime < .seconds(30))

        // The stop wrote a final status with the counters as they were.
        let status = try #require(fixture.statusCounters())
        #expect(status["state"] as? String == "Abort")
        let doneAtStop = (status["doneFiles"] as? Int) ?? 0
        #expect(doneAtStop >= 300 && doneAtStop < fixture.files.count, "\(doneAtStop) files done at the stop")
        let stats = try await fixture.stats()
        let putsBefore = stats.requestsByOperation["PutObject"] ?? 0

        let finished = try await fixture.runToCompletion()
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(try await fixture.mismatchedObjects().isEmpty)
        let after = try await fixture.stats()
        let puts = after.requestsByOperation["PutObject"] ?? 0
        print("graceful stop: \(doneAtStop) files done at the stop; PutObject \(putsBefore) before, \(puts) in total for \(small) small files")
        // Finished files are not sent again: only transfers cancelled by the stop may be repeated.
        #expect(puts <= small + Self.fileSlots)
        #expect(after.bodyBytesReceived <= Int64(fixture.dataSize) + Int64(Self.fileSlots * Self.partConcurrency * Self.partSize))
        #expect(after.openMultipartUploads == 0)
        let stat = try await fixture.ossimport(["stat"])
        #expect(stat.stdout.contains("JobState:Succeed"), "\(stat.stdout)")
        await fixture.cleanUp()
    }
}
