import CurlHTTP
import Foundation
import OSSClient
import OSSLocalServer
import Synchronization
import TestSupport
import Testing

@testable import ImportKit

/// `isIncremental=true` at engine level: each `run()` is one pass; a zero interval makes every next pass due at once.
@Suite struct IncrementalTests {
    /// Keys of the PutObject requests that went out (small files only: one PUT per upload).
    final class PutRecorder: Sendable {
        private let keys = Mutex<[String]>([])
        let failing = Mutex<Set<String>>([])

        func install(on h: TestBed) {
            h.hooks.setHook { [self] request in
                guard request.method == "PUT", let range = request.url.range(of: "/\(TestBed.bucket)/") else { return }
                let key = String(request.url[range.upperBound...]).removingPercentEncoding ?? ""
                if failing.withLock({ $0.contains(key) }) {
                    throw HTTPTransportError(kind: .sourceRead, message: "injected read error", isRetryable: false)
                }
                keys.withLock { $0.append(key) }
            }
        }

        /// The keys recorded since the last call, sorted.
        func take() -> [String] { keys.withLock { all in defer { all.removeAll() }; return all.sorted() } }
    }

    static func setOld(_ h: TestBed, _ paths: [String]) throws {
        let old = Date().addingTimeInterval(-1000)
        for path in paths {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: h.source.path + "/" + path)
        }
    }

    static func settings(_ h: TestBed, interval: Double = 0) -> JobSettings {
        h.settings {
            $0.jobName = "incremental_job"
            $0.taskObjectCountLimit = 2
            $0.incrementalInterval = interval
            // The margin for coarse file-system clocks would take files written just before a pass's start
            // again (their ctime cannot be set back); the tests' passes follow each other within milliseconds.
            $0.changeMargin = 0
        }
    }

    @Test func laterPassesUploadOnlyNewChangedAndTouchedFilesAndRetryFailures() async throws {
        try await withTestBed { h in
            var files: [String: [UInt8]] = [
                "broken.txt": Array("fails in pass one".utf8),
                "dir/keep2.txt": Array("kept".utf8),
                "keep.txt": Array("kept too".utf8),
                "modify.txt": Array("version one".utf8),
                "touch.txt": Array("same bytes".utf8),
            ]
            try h.write(files)
            try Self.setOld(h, Array(files.keys))
            let recorder = PutRecorder()
            recorder.install(on: h)
            recorder.failing.withLock { $0 = ["broken.txt"] }
            let settings = Self.settings(h)

            // Pass 1: everything but the broken file.
            let (first, layout) = try await h.run(settings)
            #expect(first == .running)
            #expect(recorder.take() == ["dir/keep2.txt", "keep.txt", "modify.txt", "touch.txt"])
            var status = try #require(JobStateStore(layout).status())
            #expect(status.state == .running && status.pass == 1 && !status.scanFinished)
            #expect(status.nextPassAt != nil)
            #expect(status.lastPass.map { [Int64($0.pass), $0.found, $0.uploaded, $0.skipped, $0.failed] } == [1, 5, 4, 0, 1])
            let afterFirst = try TaskStore(layout: layout, host: "localhost").allTasks().map(\.id.hex)

            // Between passes: modify one file, touch one, add one; the broken file works now.
            recorder.failing.withLock { $0 = [] }
            files["modify.txt"] = Array("version two!".utf8)
            files["new/added.txt"] = Array("new".utf8)
            try h.write(["modify.txt": files["modify.txt"] ?? [], "new/added.txt": files["new/added.txt"] ?? []])
            try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: h.source.path + "/touch.txt")

            let (second, _) = try await h.run(settings)
            #expect(second == .running)
            #expect(recorder.take() == ["broken.txt", "modify.txt", "new/added.txt", "touch.txt"])
            status = try #require(JobStateStore(layout).status())
            #expect(status.pass == 2)
            #expect(status.lastPass.map { [Int64($0.pass), $0.found, $0.uploaded, $0.skipped, $0.failed] } == [2, 3, 4, 0, 0])
            #expect(status.failedFiles == 0 && status.uploadedFiles == 8)
            try await h.expectUploaded(files)
            let store = TaskStore(layout: layout, host: "localhost")
            #expect(try store.tasks(in: .failed).isEmpty)
            let allTasks = try store.allTasks().map(\.id.hex)
            #expect(Set(allTasks).count == allTasks.count, "task ids never collide")
            #expect(Set(afterFirst).isSubset(of: Set(allTasks)))

            // Pass 3: a deleted source file stays in OSS; nothing changed, nothing uploaded.
            try FileManager.default.removeItem(atPath: h.source.path + "/keep.txt")
            let (third, _) = try await h.run(settings)
            #expect(third == .running)
            #expect(recorder.take() == [])
            try await h.expectUploaded(files)
            #expect(h.server.stats().objects == files.count)
            let report = try StatReport.load(job: settings.jobName, workingDirectory: WorkingDirectory(h.work.path)).render()
            #expect(report.contains("ScanFinished:false"), "\(report)")
            #expect(report.contains("Pass: 3\n"), "\(report)")
            #expect(report.contains("Last pass: #3: 0 files found, 0 uploaded, 0 skipped, 0 failed"), "\(report)")
        }
    }

    @Test func aPassIsNotStartedBeforeItIsDue() async throws {
        try await withTestBed { h in
            try h.write(["a.txt": Array("a".utf8)])
            let recorder = PutRecorder()
            recorder.install(on: h)
            let settings = Self.settings(h, interval: 3600)
            let (first, layout) = try await h.run(settings)
            #expect(first == .running)
            #expect(recorder.take() == ["a.txt"])
            try h.write(["b.txt": Array("b".utf8)])
            let (second, _) = try await h.run(settings)
            #expect(second == .running)
            #expect(recorder.take() == [], "the next pass is an hour away")
            let status = try #require(JobStateStore(layout).status())
            let checkpoint = try #require(JobStateStore(layout).checkpoint())
            #expect(status.pass == 1)
            #expect(status.nextPassAt == checkpoint.startedAt + 3600)
            #expect(try ImportService.decide(layout, serviceStart: false).run == false)
            let report = try StatReport.load(job: settings.jobName, workingDirectory: WorkingDirectory(h.work.path)).render()
            #expect(report.contains("Next pass: "), "\(report)")
        }
    }

    @Test func passLimitStopsNewPasses() async throws {
        try await withTestBed { h in
            try h.write(["a.txt": Array("a".utf8)])
            var settings = Self.settings(h)
            settings.passLimit = 1
            let (_, layout) = try await h.run(settings)
            try h.write(["b.txt": Array("b".utf8)])
            let (again, _) = try await h.run(settings)
            #expect(again == .running)
            #expect(try await h.checker.headObject(bucket: TestBed.bucket, key: "b.txt") == nil)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.pass == 1 && status.nextPassAt == nil)
            #expect(try ImportService.decide(layout, serviceStart: false).run == false)
        }
    }

    @Test func anOldCheckpointWithoutPassIsPassOne() throws {
        let json = #"{"version":1,"nextSequence":3,"foundFiles":5,"foundBytes":10,"finished":true,"startedAt":1}"#
        let checkpoint = try JSONDecoder().decode(ScanCheckpoint.self, from: Data(json.utf8))
        #expect(checkpoint.passNumber == 1 && checkpoint.incremental == nil && checkpoint.lastPass == nil)
    }
}
