import CurlHTTP
import Foundation
import OSSClient
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// `isSkipExistFile=true`: an object is left alone when OSS has it at the same size and current: `x-oss-meta-mtime`
/// (the source mtime recorded at upload) equal to the source mtime, else Last-Modified after it.
@Suite struct SkipExistingTests {
    static func setMtime(_ h: TestBed, _ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: h.source.path + "/" + path)
    }

    @Test func skipsOnlyWhatOSSAlreadyHasCurrent() async throws {
        try await withTestBed { h in
            let old = Date().addingTimeInterval(-1000)
            let files: [String: [UInt8]] = [
                "same.txt": Array("same".utf8),
                "touched-later.txt": Array("touched".utf8),
                "resized.txt": Array("short".utf8),
                "no-meta-old.txt": Array("no meta, old source".utf8),
                "no-meta-future.txt": Array("no meta, future source".utf8),
                "absent.txt": Array("not in OSS".utf8),
            ]
            try h.write(files)
            for path in files.keys { try Self.setMtime(h, path, old) }
            // What OSS holds before the job: uploads by an earlier job (x-oss-meta-mtime = old) and foreign objects.
            let (first, _) = try await h.run(h.settings { $0.jobName = "first_job" })
            #expect(first == .succeed)
            let bucket = TestBed.bucket
            try await h.checker.deleteObject(bucket: bucket, key: "absent.txt")
            _ = try await h.checker.putObject(bucket: bucket, key: "resized.txt", body: .bytes(Array("longer!".utf8)))
            _ = try await h.checker.putObject(bucket: bucket, key: "no-meta-old.txt", body: .bytes(files["no-meta-old.txt"] ?? []))
            _ = try await h.checker.putObject(bucket: bucket, key: "no-meta-future.txt", body: .bytes(files["no-meta-future.txt"] ?? []))
            // Source changes: touched after the recorded mtime but before the object's Last-Modified (meta wins), and
            // one source dated after the object's Last-Modified.
            try Self.setMtime(h, "touched-later.txt", Date().addingTimeInterval(-10))
            try Self.setMtime(h, "no-meta-future.txt", Date().addingTimeInterval(3600))

            let recorder = IncrementalTests.PutRecorder()
            recorder.install(on: h)
            let (state, layout) = try await h.run(h.settings {
                $0.jobName = "skip_job"
                $0.skipExisting = true
            })
            #expect(state == .succeed, "\(h.audit(layout))")
            #expect(recorder.take() == ["absent.txt", "no-meta-future.txt", "resized.txt", "touched-later.txt"])
            let status = try #require(JobStateStore(layout).status())
            #expect(status.skippedFiles == 2 && status.uploadedFiles == 4)
            var audit = ""
            for task in try TaskStore(layout: layout, host: "localhost").tasks(in: .succeeded) {
                audit += try String(contentsOfFile: task.directory + "/audit.log", encoding: .utf8)
            }
            #expect(audit.contains("SKIPPED\tsame.txt\t4\tisSkipExistFile=true: object exists with the same size (4) and mtime"), "\(audit)")
            #expect(audit.contains("SKIPPED\tno-meta-old.txt"), "\(audit)")
            try await h.expectUploaded(files)
            // The re-uploaded objects record the source mtime, so the next run compares against it.
            let touched = try #require(try await h.checker.headObject(bucket: bucket, key: "touched-later.txt"))
            let sourceMtime = try FileManager.default.attributesOfItem(atPath: h.source.path + "/touched-later.txt")[.modificationDate] as? Date
            let sourceNanos = try SourceFingerprint.read(h.source.path + "/touched-later.txt", follow: false).mtimeNanos
            #expect(touched.metadata["mtime"] == RecordedMtime.format(nanos: sourceNanos))
            #expect(sourceMtime.map { Int64($0.timeIntervalSince1970) } == sourceNanos / 1_000_000_000)
        }
    }

    @Test func aSecondRunWithSkipExistingUploadsNothing() async throws {
        try await withTestBed { h in
            let files = TestBed.mixedTree()
            try h.write(files)
            let (first, _) = try await h.run(h.settings { $0.jobName = "first_job" })
            #expect(first == .succeed)
            h.server.resetStats()
            let (second, layout) = try await h.run(h.settings {
                $0.jobName = "second_job"
                $0.skipExisting = true
            })
            #expect(second == .succeed)
            let operations = h.server.stats().requestsByOperation
            #expect(operations["PutObject"] == nil && operations["UploadPart"] == nil && operations["InitiateMultipartUpload"] == nil)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.skippedFiles == Int64(files.count) && status.uploadedFiles == 0)
        }
    }
}
