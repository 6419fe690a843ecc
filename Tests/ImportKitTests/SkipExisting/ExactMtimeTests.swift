import CRC64
import CurlHTTP
import Foundation
import OSSClient
import OSSLocalServer
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import ImportKit

/// Issue 9 §7: no equality after rounding. `x-oss-meta-mtime` holds the source mtime to the nanosecond and
/// `isSkipExistFile` compares it exactly; equal whole seconds alone never prove the object current.
@Suite struct ExactMtimeTests {
    static let second = 1_700_000_000

    static func setMtime(_ h: TestBed, _ path: String, seconds: Int, nanos: Int) throws {
        var times = [timespec(tv_sec: seconds, tv_nsec: nanos), timespec(tv_sec: seconds, tv_nsec: nanos)]
        guard utimensat(AT_FDCWD, h.source.path + "/" + path, &times, 0) == 0 else { throw POSIXError(.EIO) }
    }

    static func auditLog(_ layout: JobLayout) throws -> String {
        var audit = ""
        for task in try TaskStore(layout: layout, host: "localhost").tasks(in: .succeeded) {
            audit += try String(contentsOfFile: task.directory + "/audit.log", encoding: .utf8)
        }
        return audit
    }

    @Test func recordedMtimeFormatAndParse() {
        #expect(RecordedMtime.format(nanos: 1_700_000_000_123_456_789) == "1700000000.123456789")
        #expect(RecordedMtime.format(nanos: 1_700_000_000_000_000_005) == "1700000000.000000005")
        #expect(RecordedMtime.format(nanos: -500_000_000) == "-0.500000000")
        #expect(RecordedMtime(parsing: "1700000000.123456789") == RecordedMtime(nanos: 1_700_000_000_123_456_789, isWholeSeconds: false))
        #expect(RecordedMtime(parsing: "1700000000.5") == RecordedMtime(nanos: 1_700_000_000_500_000_000, isWholeSeconds: false))
        #expect(RecordedMtime(parsing: "1700000000") == RecordedMtime(nanos: 1_700_000_000_000_000_000, isWholeSeconds: true))
        #expect(RecordedMtime(parsing: "-0.500000000")?.nanos == -500_000_000)
        for bad in ["", "abc", "1.", ".5", "1.1234567890", "1e9", "1.2.3", "+5", "99999999999999999999"] {
            #expect(RecordedMtime(parsing: bad) == nil, "\(bad)")
        }
    }

    /// A file rewritten with the same size within the same second is uploaded again; an unchanged one is skipped,
    /// and the reason names the rule and both values.
    @Test func sameSizeRewriteWithinTheSameSecondIsUploaded() async throws {
        try await withTestBed { h in
            try h.write(["rewritten.txt": Array("aaaa".utf8), "unchanged.txt": Array("kept".utf8)])
            try Self.setMtime(h, "rewritten.txt", seconds: Self.second, nanos: 100_000_000)
            try Self.setMtime(h, "unchanged.txt", seconds: Self.second, nanos: 100_000_000)
            let (first, _) = try await h.run(h.settings { $0.jobName = "first_job" })
            #expect(first == .succeed)
            let recorded = try #require(try await h.checker.headObject(bucket: TestBed.bucket, key: "rewritten.txt"))
            #expect(recorded.metadata["mtime"] == "1700000000.100000000")

            try h.write(["rewritten.txt": Array("bbbb".utf8)])
            try Self.setMtime(h, "rewritten.txt", seconds: Self.second, nanos: 900_000_000)
            let (second, layout) = try await h.run(h.settings {
                $0.jobName = "skip_job"
                $0.skipExisting = true
            })
            #expect(second == .succeed)
            try await h.expectUploaded(["rewritten.txt": Array("bbbb".utf8), "unchanged.txt": Array("kept".utf8)])
            let audit = try Self.auditLog(layout)
            #expect(audit.contains("OK\trewritten.txt\t4\t"), "\(audit)")
            #expect(audit.contains(
                "SKIPPED\tunchanged.txt\t4\tisSkipExistFile=true: object exists with the same size (4) and mtime"
                    + " (source mtime 1700000000.100000000, x-oss-meta-mtime 1700000000.100000000)"), "\(audit)")
            let status = try #require(JobStateStore(layout).status())
            #expect(status.uploadedFiles == 1 && status.skippedFiles == 1)
        }
    }

    /// Objects from older uploads carry whole seconds only: when they equal the source's, the CRC-64 decides.
    @Test func wholeSecondMtimeIsUnknownAndTheCRCDecides() async throws {
        try await withTestBed { h in
            let files: [String: [UInt8]] = ["differs.txt": Array("new!".utf8), "same.txt": Array("same".utf8)]
            try h.write(files)
            for path in files.keys { try Self.setMtime(h, path, seconds: Self.second, nanos: 400_000_000) }
            let old = OSSPutOptions(metadata: ["mtime": String(Self.second)])
            _ = try await h.checker.putObject(bucket: TestBed.bucket, key: "differs.txt", body: .bytes(Array("old!".utf8)), options: old)
            _ = try await h.checker.putObject(bucket: TestBed.bucket, key: "same.txt", body: .bytes(Array("same".utf8)), options: old)

            let (state, layout) = try await h.run(h.settings { $0.skipExisting = true })
            #expect(state == .succeed)
            try await h.expectUploaded(files)
            let audit = try Self.auditLog(layout)
            #expect(audit.contains("OK\tdiffers.txt\t4\t"), "\(audit)")
            #expect(audit.contains(
                "SKIPPED\tsame.txt\t4\tisSkipExistFile=true: object exists with the same size (4), the mtime is equal in whole"
                    + " seconds only (source mtime 1700000000.400000000, x-oss-meta-mtime 1700000000) and the CRC-64 is equal"
                    + " (source \(CRC64.checksum(Array("same".utf8)))"), "\(audit)")
        }
    }

    /// The `general` audit compares the recorded mtime exactly: an object recorded from another version of the
    /// file (same size, same second) is a mismatch.
    @Test func generalAuditComparesTheMtimeExactly() async throws {
        try await withTestBed { h in
            try h.write(["a.txt": Array("aaaa".utf8), "b.txt": Array("bbbb".utf8)])
            try Self.setMtime(h, "a.txt", seconds: Self.second, nanos: 700_000_000)
            try Self.setMtime(h, "b.txt", seconds: Self.second, nanos: 700_000_000)
            _ = try await h.checker.putObject(
                bucket: TestBed.bucket, key: "a.txt", body: .bytes(Array("aaaa".utf8)),
                options: OSSPutOptions(contentType: "text/plain", metadata: ["mtime": "1700000000.600000000"]))
            _ = try await h.checker.putObject(
                bucket: TestBed.bucket, key: "b.txt", body: .bytes(Array("BBBB".utf8)),
                options: OSSPutOptions(contentType: "text/plain", metadata: ["mtime": String(Self.second)]))
            let (state, layout) = try await h.run(h.settings {
                $0.audit = AuditSettings(mode: .general, auditOnly: true, lastModify: 0)
            })
            #expect(state == .failed)
            let audit = try h.failures(layout).audit
            #expect(audit.contains(
                "AUDIT_MTIME_MISMATCH\ta.txt\t4\tAUDIT_MTIME_MISMATCH source mtime 1700000000.700000000,"
                    + " x-oss-meta-mtime 1700000000.600000000"), "\(audit)")
            #expect(audit.contains("AUDIT_CRC_MISMATCH\tb.txt\t4\t"), "\(audit)")
            #expect(audit.contains("mtime equal in whole seconds only"), "\(audit)")
        }
    }
}
