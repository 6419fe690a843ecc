import CurlHTTP
import Foundation
import OSSClient
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// `jobType=audit` and `isAuditAfterImport` against oss-local: objects damaged on the server are reported per
/// file with both values, as far as the audit mode can see.
@Suite struct AuditTests {
    static let files: [String: [UInt8]] = [
        "good/one.txt": testPattern(3000, seed: 1),
        "good/two.bin": testPattern(5000, seed: 2),
        "bad/corrupt.bin": testPattern(4000, seed: 3),
        "bad/truncated.bin": testPattern(4000, seed: 4),
        "bad/deleted.txt": testPattern(1000, seed: 5),
    ]

    /// Imports the tree (no audit), then corrupts one object (same size), truncates one and deletes one.
    static func withDamagedBucket(_ body: (TestBed) async throws -> Void) async throws {
        try await withTestBed { h in
            try h.write(files)
            let (state, _) = try await h.run(h.settings { $0.jobName = "import_job" })
            #expect(state == .succeed)
            let bucket = TestBed.bucket
            var corrupt = files["bad/corrupt.bin"] ?? []
            corrupt[100] ^= 0xFF
            _ = try await h.checker.putObject(bucket: bucket, key: "bad/corrupt.bin", body: .bytes(corrupt))
            _ = try await h.checker.putObject(
                bucket: bucket, key: "bad/truncated.bin", body: .bytes(Array((files["bad/truncated.bin"] ?? []).prefix(3000))))
            try await h.checker.deleteObject(bucket: bucket, key: "bad/deleted.txt")
            h.server.resetStats()
            try await body(h)
        }
    }

    static func auditSettings(_ h: TestBed, mode: AuditMode, lastModify: Int64 = 0) -> JobSettings {
        h.settings {
            $0.jobName = "audit_job_\(mode.rawValue)"
            $0.audit = AuditSettings(mode: mode, auditOnly: true, lastModify: lastModify)
        }
    }

    static func putCount(_ h: TestBed) -> Int {
        let stats = h.server.stats().requestsByOperation
        return (stats["PutObject"] ?? 0) + (stats["UploadPart"] ?? 0) + (stats["InitiateMultipartUpload"] ?? 0)
    }

    @Test func detailedReportsCorruptTruncatedAndMissing() async throws {
        try await Self.withDamagedBucket { h in
            let (state, layout) = try await h.run(Self.auditSettings(h, mode: .detailed))
            #expect(state == .failed)
            let (errorList, audit) = try h.failures(layout)
            #expect(errorList == ["bad/corrupt.bin", "bad/deleted.txt", "bad/truncated.bin"])
            #expect(audit.contains("AUDIT_CRC_MISMATCH\tbad/corrupt.bin\t4000\tAUDIT_CRC_MISMATCH source="))
            #expect(audit.contains("AUDIT_SIZE_MISMATCH\tbad/truncated.bin\t4000\tAUDIT_SIZE_MISMATCH source=4000 oss=3000"))
            #expect(audit.contains("AUDIT_MISSING\tbad/deleted.txt"))
            #expect(Self.putCount(h) == 0, "an audit job uploads nothing")
            let status = try #require(JobStateStore(layout).status())
            #expect(status.audit == AuditCounts(verified: 2, mismatched: 2, missing: 1, excluded: 0))
            #expect(status.uploadedFiles == 0)
        }
    }

    @Test func simpleSeesOnlySizes() async throws {
        try await Self.withDamagedBucket { h in
            let (state, layout) = try await h.run(Self.auditSettings(h, mode: .simple))
            #expect(state == .failed)
            let (errorList, audit) = try h.failures(layout)
            #expect(errorList == ["bad/deleted.txt", "bad/truncated.bin"], "\(audit)")
            #expect(audit.contains("VERIFIED\tbad/corrupt.bin\t4000\taudit simple"), "\(audit)")
            #expect(Self.putCount(h) == 0)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.audit == AuditCounts(verified: 3, mismatched: 1, missing: 1, excluded: 0))
        }
    }

    @Test func generalSeesStaleMtimeButNotSameSizeContent() async throws {
        try await Self.withDamagedBucket { h in
            // Touch one good file into the future: its object's x-oss-meta-mtime is now older than the source.
            let future = Date().addingTimeInterval(3600)
            try FileManager.default.setAttributes([.modificationDate: future], ofItemAtPath: h.source.path + "/good/one.txt")
            let (state, layout) = try await h.run(Self.auditSettings(h, mode: .general))
            #expect(state == .failed)
            let (errorList, audit) = try h.failures(layout)
            #expect(errorList == ["bad/deleted.txt", "bad/truncated.bin", "good/one.txt"], "\(audit)")
            #expect(audit.contains("AUDIT_MTIME_MISMATCH\tgood/one.txt"))
        }
    }

    @Test func lastModifyExcludesNewerSources() async throws {
        try await Self.withDamagedBucket { h in
            let cutoff = Int64(Date().timeIntervalSince1970) - 3600
            // Every source is newer than the cut-off except the truncated one.
            let old = Date(timeIntervalSince1970: Double(cutoff - 60))
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: h.source.path + "/bad/truncated.bin")
            let (state, layout) = try await h.run(Self.auditSettings(h, mode: .detailed, lastModify: cutoff))
            #expect(state == .failed)
            let (errorList, _) = try h.failures(layout)
            #expect(errorList == ["bad/truncated.bin"])
            let status = try #require(JobStateStore(layout).status())
            #expect(status.audit == AuditCounts(verified: 0, mismatched: 1, missing: 0, excluded: 4))
        }
    }

    @Test(arguments: [AuditMode.simple, .general, .detailed])
    func auditAfterImportVerifiesEveryUploadedFile(mode: AuditMode) async throws {
        try await withTestBed { h in
            var files = TestBed.mixedTree()
            files["empty.txt"] = []
            try h.write(files)
            let (state, layout) = try await h.run(h.settings { $0.audit = AuditSettings(mode: mode) })
            #expect(state == .succeed, "\(h.audit(layout))")
            let status = try #require(JobStateStore(layout).status())
            #expect(status.uploadedFiles == Int64(files.count))
            // simple/general are satisfied by the upload's own CRC-64 check; detailed re-reads every object's metadata.
            let heads = h.server.stats().requestsByOperation["HeadObject"] ?? 0
            #expect(mode == .detailed ? heads >= files.count : heads == 0, "HeadObject requests: \(heads)")
            #expect(status.audit == AuditCounts(verified: Int64(files.count)))
            let report = try StatReport.load(job: "fault_job", workingDirectory: WorkingDirectory(h.work.path)).render()
            #expect(report.contains("Audit: \(files.count) verified, 0 mismatched, 0 missing, 0 excluded"), "\(report)")
            try await h.expectUploaded(files)
        }
    }

    @Test func auditAfterImportFailsAFileTheServerStoredWrongly() async throws {
        try await withTestBed { h in
            try h.write(["a.txt": Array("hello".utf8), "b.txt": Array("world".utf8)])
            // Something else overwrites b.txt right after our upload (before the audit's HEAD). `detailed` re-checks
            // every object with a HEAD; `simple`/`general` trust the upload's own CRC-64 check for files just uploaded.
            let checker = h.checker
            let puts = Counter()
            h.hooks.setHook { request in
                if request.method == "HEAD", request.url.hasSuffix("/b.txt"), puts.next() == 1 {
                    let done = DispatchSemaphore(value: 0)
                    Task {
                        _ = try? await checker.putObject(bucket: TestBed.bucket, key: "b.txt", body: .bytes(Array("WORLD!".utf8)))
                        done.signal()
                    }
                    done.wait()
                }
            }
            let (state, layout) = try await h.run(h.settings { $0.audit = AuditSettings(mode: .detailed) })
            #expect(state == .failed)
            let (errorList, audit) = try h.failures(layout)
            #expect(errorList == ["b.txt"])
            #expect(audit.contains("AUDIT_SIZE_MISMATCH source=5 oss=6"), "\(audit)")
        }
    }
}
