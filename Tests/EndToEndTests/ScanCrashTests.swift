import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kill -9` during the scan of a directory too large for one in-memory listing (sorted runs spilled to a
/// temporary file and merged), then resume: every file in exactly one task, none missing, none uploaded twice.
@Suite(.serialized) struct ScanCrashTests {
    /// Names held in memory per directory in these runs: the huge directory is listed in many runs.
    static let env = ["OSSIMPORT_TEST_SCAN_RUN_LIMIT": "97"]

    /// Whether the job's scan checkpoint says the scan finished.
    static func scanFinished(_ fixture: CrashFixture) -> Bool {
        let checkpoints = fixture.layoutRoot + "/checkpoints/0"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? []
        return names.contains { name in
            guard name.hasSuffix(".cpt"), let text = try? String(contentsOfFile: checkpoints + "/" + name, encoding: .utf8)
            else { return false }
            return text.contains("\"finished\":true")
        }
    }

    /// Relative path → how many TASK files list it, over every task of the job.
    static func pathsInTasks(_ fixture: CrashFixture) throws -> [String: Int] {
        var seen: [String: Int] = [:]
        for state in ["succeed_tasks", "failed_tasks", "pending_tasks"] {
            for task in fixture.tasks(state) {
                let text = try String(contentsOfFile: fixture.layoutRoot + "/\(state)/\(task)/TASK", encoding: .utf8)
                for line in text.split(separator: "\n").dropFirst(5) where !line.hasPrefix("#") {
                    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                    guard fields.count >= 4 else { continue }
                    seen[String(fields[3]), default: 0] += 1
                }
            }
        }
        return seen
    }

    @Test func killNineDuringTheScanOfASpilledDirectoryThenResume() async throws {
        try await killDuringTheScanThenResume(label: "scan-crash", env: Self.env) { fixture, random in
            for i in 0..<8_000 {
                try fixture.addFile(String(format: "huge/%@%05d", i % 3 == 0 ? "B" : "a", (i * 7919) % 100_000), size: i % 5, using: &random)
            }
            for i in 0..<300 { try fixture.addFile("huge/sub.d/f\(i)", size: 1, using: &random) }
            try fixture.addFile("zlast/one", size: 3, using: &random)
        }
    }

    /// A tree of many small directories, walked with directories listed ahead by threads (the automatic scan of
    /// the shipped `scanThreadCount=1`/`maxMultiThreadScanDepth=1`).
    @Test func killNineDuringAParallelWalkThenResume() async throws {
        try await killDuringTheScanThenResume(label: "scan-crash-tree", env: [:]) { fixture, random in
            for i in 0..<8_000 {
                let directory = String(format: "d%03d/e%d", (i * 7) % 397, i % 3)
                try fixture.addFile("\(directory)/f\(i)", size: i % 4, using: &random)
                if i % 1_000 == 0 { try fixture.addFile("\(directory)-x/g\(i)", size: 2, using: &random) }
            }
        }
    }

    /// Builds the source with `populate`, kills the service 12 times at random moments (most during the scan),
    /// then runs to the end: every file in exactly one task, none missing, each uploaded once and intact.
    func killDuringTheScanThenResume(
        label: String, env: [String: String], populate: (inout CrashFixture, inout SeededRandom) throws -> Void
    ) async throws {
        let seed = ProcessInfo.processInfo.environment["CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("\(label) test: seed \(seed) (replay with CRASH_SEED=\(seed))")
        var random = SeededRandom(seed: seed)
        // Tasks of 7 files: the scan writes a task and a checkpoint every 7 names, so kills land inside it.
        var fixture = try await CrashFixture.make(
            label: label, job: ["taskObjectCountLimit": "7"], sys: ["workerTaskThreadNum": "4"])
        try populate(&fixture, &random)
        let submitted = try await fixture.ossimport(["submit", "conf/local_job.cfg"])
        try #require(submitted.status == 0, "\(submitted.stderr)")

        var killsDuringScan = 0
        for round in 0..<12 {
            let service = try fixture.startService(env: env)
            // Early rounds kill soon (the scan of a fast disk takes well under a second), later ones later.
            let delay = Int.random(in: 20...(round < 8 ? 250 : 1200), using: &random)
            // The kill comes from a process of its own: a sleep on the test's cooperative pool can oversleep by
            // seconds while the other suites run, and every kill would then land after the scan.
            let pid = service.process.processIdentifier
            let killer = try ProcessRunner.start(
                executable: "bash", args: ["-c", "sleep \(Double(delay) / 1000); kill -9 \(pid) 2>/dev/null"])
            _ = await killer.waitForExit()
            _ = await service.waitForExit()
            #expect(!service.readStderr().contains("Fatal error"), "\(service.readStderr())")
            if !Self.scanFinished(fixture) { killsDuringScan += 1 }
        }
        print("\(label) test: \(killsDuringScan) of 12 kills during the scan")
        #expect(killsDuringScan >= 2, "only \(killsDuringScan) kills hit the scan")

        let finished = try await fixture.runToCompletion(limit: .seconds(300), env: env)
        #expect(finished.status == 0, "final run: \(finished.stderr)")
        #expect(Self.scanFinished(fixture))

        let inTasks = try Self.pathsInTasks(fixture)
        let expected = Set(fixture.files.keys)
        #expect(inTasks.count == expected.count, "\(inTasks.count) paths in tasks, \(expected.count) files")
        #expect(Set(inTasks.keys) == expected, "missing: \(expected.subtracting(inTasks.keys).sorted().prefix(5))")
        let twice = inTasks.filter { $0.value != 1 }
        #expect(twice.isEmpty, "in more than one task: \(twice.keys.sorted().prefix(5))")
        let uploaded = try fixture.uploadedPaths()
        #expect(Set(uploaded.keys) == expected)
        #expect(uploaded.values.allSatisfy { $0 == 1 }, "a file recorded twice")
        let bad = try await fixture.mismatchedObjects()
        #expect(bad.isEmpty, "\(bad.count) objects differ, e.g. \(bad.prefix(5))")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.layoutRoot).filter { $0.hasPrefix(".scan-spill") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
        await fixture.cleanUp()
    }
}
