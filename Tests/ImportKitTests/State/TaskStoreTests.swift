import Foundation
import TestSupport
import Testing

@testable import ImportKit

@Suite struct TaskStoreTests {
    @Test func movesThroughTheStatesAndRetriesOnlyFailedFiles() throws {
        let work = TemporaryDirectory("store")
        let layout = WorkingDirectory(work.path).job("store_job")
        try layout.createDirectories()
        let store = TaskStore(layout: layout, host: "localhost")
        let id = TaskID(job: "store_job", sequence: 0, createdMillis: 5, host: "localhost")
        let manifest = TaskManifest(job: "store_job", sequence: 0, entries: [
            ScanEntry(kind: .file, size: 1, mtimeNanos: 1, relativePath: Array("ok".utf8)),
            ScanEntry(kind: .file, size: 1, mtimeNanos: 1, relativePath: Array("bad".utf8)),
        ])
        try store.writePending(id: id, manifest: manifest)
        let pending = try #require(store.tasks(in: .pending).first)
        let dispatched = try store.dispatch(pending)
        #expect(try store.tasks(in: .pending).isEmpty)
        #expect(dispatched.directory.hasSuffix("dispatched/localhost/" + id.directoryName))

        var summary = TaskSummary()
        summary.files = 2
        summary.uploaded = 1
        summary.failed = 1
        let failed = try store.finish(dispatched, summary: summary, errorList: "bad\n", auditLog: "FAILED\tbad\n", outcomes: [])
        #expect(failed.state == .failed)
        #expect(try String(contentsOfFile: failed.directory + "/STATUS", encoding: .utf8) == "Failed\n")
        #expect(store.summary(of: failed) == summary)

        #expect(try store.retryFailed() == 1)
        let again = try #require(store.tasks(in: .pending).first)
        #expect(try String(contentsOfFile: again.directory + "/RETRY", encoding: .utf8) == "bad\n")
        #expect(!FileManager.default.fileExists(atPath: again.directory + "/STATUS"))
        #expect(FileManager.default.fileExists(atPath: again.directory + "/audit.log"))
        #expect(try again.manifest() == manifest)
        #expect(try store.retryFailed() == 0)
    }

    @Test func summaryLineRoundTrips() {
        var summary = TaskSummary()
        summary.files = 10
        summary.uploaded = 7
        summary.skipped = 2
        summary.failed = 1
        summary.bytes = 12_345
        summary.uploadedBytes = 12_000
        #expect(TaskSummary(line: summary.line) == summary)
        #expect(TaskSummary(line: "garbage") == nil)
    }
}
