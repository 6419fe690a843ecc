import CurlHTTP
import Foundation
import OSSClient
import TestSupport
import Testing

@testable import ImportKit

/// Issue 9 §10: empty source directories are counted and listed (`EMPTY_DIR` in `audit.log`, `emptyDirs=` in
/// `DONE`, the job's status), never counted as files; `createEmptyDirMarker=true` writes `dir/` marker objects.
@Suite struct EmptyDirectoryTests {
    static func withTree(_ body: (TestBed) async throws -> Void) async throws {
        try await withTestBed { h in
            try h.write(["a/file.txt": Array("file".utf8), "top.txt": Array("top".utf8)])
            try h.source.directory("a/empty")
            try h.source.directory("b/c/deep")
            try h.source.directory("z-empty")
            try await body(h)
        }
    }

    static func finished(_ layout: JobLayout) throws -> (audit: String, done: String) {
        var audit = ""
        var done = ""
        let store = TaskStore(layout: layout, host: "localhost")
        for task in try store.tasks(in: .succeeded) + store.tasks(in: .failed) {
            audit += try String(contentsOfFile: task.directory + "/audit.log", encoding: .utf8)
            done += try String(contentsOfFile: task.directory + "/DONE", encoding: .utf8)
        }
        return (audit, done)
    }

    @Test func emptyDirectoriesAreCountedAndListedButAreNotFiles() async throws {
        try await Self.withTree { h in
            let (state, layout) = try await h.run(h.settings())
            #expect(state == .succeed)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.foundFiles == 2 && status.uploadedFiles == 2 && status.skippedFiles == 0 && status.failedFiles == 0)
            #expect(status.uploadedFiles + status.skippedFiles + status.failedFiles == status.foundFiles)
            #expect(status.emptyDirs == 3 && status.emptyDirsFailed == nil)
            let (audit, done) = try Self.finished(layout)
            for dir in ["a/empty", "b/c/deep", "z-empty"] {
                #expect(audit.contains("EMPTY_DIR\t\(dir)/\t0\tempty directory: no object created (createEmptyDirMarker=false)\n"), "\(audit)")
            }
            #expect(done.contains("emptyDirs=3"), "\(done)")
            #expect(done.contains("files=2 "), "\(done)")
            let keys = try await h.checker.listObjectsV2(bucket: TestBed.bucket).objects.map(\.key)
            #expect(keys.sorted() == ["a/file.txt", "top.txt"])
        }
    }

    @Test func markerObjectsAreCreatedWhenAskedFor() async throws {
        try await Self.withTree { h in
            let (state, layout) = try await h.run(h.settings {
                $0.createEmptyDirMarker = true
                $0.destPrefix = "pre/"
            })
            #expect(state == .succeed)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.foundFiles == 2 && status.uploadedFiles == 2 && status.emptyDirs == 3)
            let listed = try await h.checker.listObjectsV2(bucket: TestBed.bucket).objects
            #expect(listed.map(\.key).sorted() == ["pre/a/empty/", "pre/a/file.txt", "pre/b/c/deep/", "pre/top.txt", "pre/z-empty/"])
            #expect(listed.filter { $0.key.hasSuffix("/") }.allSatisfy { $0.size == 0 })
            let (audit, _) = try Self.finished(layout)
            #expect(audit.contains("EMPTY_DIR\tb/c/deep/\t0\tmarker object pre/b/c/deep/ created (createEmptyDirMarker=true"), "\(audit)")
        }
    }

    /// A marker that cannot be written fails its task (listed for `retry`), without counting as a failed file.
    @Test func aMarkerThatCannotBeWrittenFailsTheTask() async throws {
        try await Self.withTree { h in
            h.hooks.setHook { request in
                if request.method == "PUT" && request.url.hasSuffix("/z-empty/") {
                    throw HTTPTransportError(kind: .connectionReset, curlCode: 56, message: "Connection reset by peer")
                }
            }
            let (state, layout) = try await h.run(h.settings { $0.createEmptyDirMarker = true })
            #expect(state == .failed)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.failedFiles == 0 && status.uploadedFiles == 2 && status.emptyDirs == 3 && status.emptyDirsFailed == 1)
            let failures = try h.failures(layout)
            #expect(failures.errorList == ["z-empty"])
            #expect(failures.audit.contains("EMPTY_DIR_FAILED\tz-empty/\t0\tmarker object z-empty/ not created:"), "\(failures.audit)")
        }
    }
}
