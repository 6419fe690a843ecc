import Foundation
import OSSClient
import TestSupport
import Testing

@testable import ImportKit

/// `retry` walks a directory that could not be listed at scan time and can be now: what it holds is cut into new
/// tasks and uploaded, the found and done counts stay equal, and the directory itself is no file.
@Suite struct RetryExpansionTests {
    @Test func aDirectoryListableOnRetryIsWalkedAndCounted() async throws {
        try await withTestBed { h in
            try h.write(["a.txt": Array("a".utf8), "locked/x.txt": Array("xx".utf8), "locked/sub/y.txt": Array("yyy".utf8)])
            let settings = h.settings { $0.taskObjectCountLimit = 1 }
            let layout = WorkingDirectory(h.work.path).job(settings.jobName)
            try layout.createDirectories()
            // The scan found `locked` unlistable (as a permission error would make it; root can list anything, so the
            // scan's verdict is written here) next to one file.
            let entries = [
                ScanEntry(kind: .file, size: 1, mtimeNanos: 1, relativePath: Array("a.txt".utf8)),
                ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: Array("locked".utf8),
                          reason: "cannot open directory: Permission denied"),
            ]
            let id = TaskID(job: settings.jobName, sequence: 0, createdMillis: 1)
            try TaskStore(layout: layout, host: "localhost").writePending(id: id, manifest: TaskManifest(job: settings.jobName, sequence: 0, entries: entries))
            var checkpoint = ScanCheckpoint()
            checkpoint.nextSequence = 1
            checkpoint.foundFiles = 2
            checkpoint.foundBytes = 1
            checkpoint.finished = true
            checkpoint.startedAt = 1
            try JobStateStore(layout).write(checkpoint)

            let (first, _) = try await h.run(settings)
            #expect(first == .failed)
            #expect(try await h.checker.headObject(bucket: TestBed.bucket, key: "locked/x.txt") == nil)

            #expect(try JobOperations.retry(job: settings.jobName, workingDirectory: WorkingDirectory(h.work.path)) == 1)
            let (second, _) = try await h.run(settings)
            #expect(second == .succeed)
            for (key, body) in ["a.txt": "a", "locked/x.txt": "xx", "locked/sub/y.txt": "yyy"] {
                let info = try await h.checker.headObject(bucket: TestBed.bucket, key: key)
                #expect(info?.size == Int64(body.utf8.count), "\(key)")
            }
            let report = try StatReport.load(job: settings.jobName, workingDirectory: WorkingDirectory(h.work.path))
            let status = try #require(report.status)
            #expect(status.foundFiles == 3 && status.doneFiles == 3, "the directory is replaced by its two files")
            #expect(status.uploadedFiles == 3 && status.failedFiles == 0 && status.skippedFiles == 0)
            #expect(status.foundBytes == 6 && status.uploadedBytes == 6)
            let store = TaskStore(layout: layout, host: "localhost")
            let original = try #require(try store.tasks(in: .succeeded).first { $0.id.hex == id.hex })
            let audit = try String(contentsOfFile: original.directory + "/audit.log", encoding: .utf8)
            #expect(audit.contains("EXPANDED\tlocked\t0\tdirectory can be listed now: 2 entries"), "\(audit)")
            #expect(try store.tasks(in: .succeeded).count == 3, "the original task and one new task per file")

            // Running again changes nothing: the expansion is recorded once.
            let (third, _) = try await h.run(settings)
            #expect(third == .succeed)
            #expect(FoundAdjustments.total(layout).files == 1 && FoundAdjustments.total(layout).bytes == 5)
        }
    }
}
