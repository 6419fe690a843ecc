import Foundation
import OSSClient
import TestSupport
import Testing

@testable import ImportKit

/// The engine's per-file decisions against the in-memory destination: skip-existing, audit modes, the
/// changed-source retry and a destination that rejects everything (multipart: ``MultipartDecisionTests``).
@Suite struct EngineDecisionTests {
    @Test func aSecondRunWithSkipExistingWritesNothing() async throws {
        let h = MemoryHarness()
        let files = TestBed.mixedTree()
        try h.write(files)
        let (first, _) = try await h.run(h.settings { $0.jobName = "first_job" })
        #expect(first == .succeed)
        let written = await h.writes()
        let (second, layout) = try await h.run(
            h.settings {
                $0.jobName = "second_job"
                $0.skipExisting = true
            })
        #expect(second == .succeed, "\(TestBed.audit(layout))")
        #expect(await h.writes() == written, "nothing is written again")
        let status = try #require(JobStateStore(layout).status())
        #expect(status.skippedFiles == files.count && status.uploadedFiles == 0)
    }

    @Test func aSourceThatKeepsChangingFailsSizeNotMatchAfterTheRetryLevelsWaits() async throws {
        let h = MemoryHarness()
        try h.write(["grows.txt": Array("before".utf8)])
        let path = h.source.path + "/grows.txt"
        await h.store.setFault({ request in
            guard request.operation == "PutObject" else { return }
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("more".utf8))
            try handle.close()
        })
        let (state, layout) = try await h.run(h.settings())
        #expect(state == .failed)
        let (errorList, audit) = try TestBed.failures(layout)
        #expect(errorList == ["grows.txt"])
        #expect(audit.contains("SIZE_NOT_MATCH\tgrows.txt\t"), "\(audit)")
        #expect(audit.contains("SIZE_NOT_MATCH: source changed during upload (before: "), "\(audit)")
        #expect(audit.contains("tried 3 times"), "\(audit)")
        #expect(await h.store.requests("PutObject") == 3)
        #expect(h.sleeps.all == [.milliseconds(400), .milliseconds(600)])
    }

    @Test(arguments: [AuditMode.simple, .general, .detailed])
    func auditModesSeeWhatTheyCanSee(_ mode: AuditMode) async throws {
        let h = MemoryHarness()
        let files: [String: [UInt8]] = [
            "good.bin": testPattern(3000, seed: 1),
            "corrupt.bin": testPattern(4000, seed: 3),
            "deleted.txt": testPattern(1000, seed: 5),
        ]
        try h.write(files)
        let (imported, _) = try await h.run(h.settings { $0.jobName = "import_job" })
        #expect(imported == .succeed)
        let corruptInfo = try #require(await h.store.object(bucket: MemoryHarness.bucket, key: "corrupt.bin")?.info)
        var corrupt = files["corrupt.bin"] ?? []
        corrupt[100] ^= 0xFF
        _ = try await h.store.putObject(
            bucket: MemoryHarness.bucket, key: "corrupt.bin", body: .bytes(corrupt),
            options: OSSPutOptions(contentType: corruptInfo.contentType, metadata: corruptInfo.metadata))
        await h.store.deleteObject(bucket: MemoryHarness.bucket, key: "deleted.txt")
        let writes = await h.writes()

        let (state, layout) = try await h.run(
            h.settings {
                $0.jobName = "audit_\(mode.rawValue)"
                $0.audit = AuditSettings(mode: mode, auditOnly: true, lastModify: 0)
            })
        #expect(state == .failed)
        let (errorList, audit) = try TestBed.failures(layout)
        let expected = mode == .detailed ? ["corrupt.bin", "deleted.txt"] : ["deleted.txt"]
        #expect(errorList == expected, "\(audit)")
        #expect(audit.contains("AUDIT_MISSING\tdeleted.txt\t1000\tAUDIT_MISSING source=1000 oss=none"), "\(audit)")
        if mode == .detailed {
            #expect(audit.contains("AUDIT_CRC_MISMATCH\tcorrupt.bin\t4000\tAUDIT_CRC_MISMATCH source="), "\(audit)")
        }
        #expect(await h.writes() == writes, "an audit job writes nothing")
    }

    @Test func aDestinationThatRejectsTheKeysStopsTheJobWithoutFailingFiles() async throws {
        let h = MemoryHarness()
        try h.write(["a.txt": [1], "b.txt": [2]])
        let (imported, _) = try await h.run(h.settings { $0.jobName = "first" })
        #expect(imported == .succeed)
        await h.store.setFault(MemoryFault("PutObject", times: 0, error: MemoryHarness.serviceError(403, "InvalidAccessKeyId")).hook)
        try h.write(["c.txt": [3]])
        let (state, layout) = try await h.run(h.settings { $0.jobName = "rejected" })
        // The start-up probe passes (listing is not faulted); the first PutObject is rejected, the probe then
        // passes too: the failure is the file's own.
        #expect(state == .failed)
        #expect(try TestBed.failures(layout).errorList.count == 3)
        await h.store.setFault(MemoryFault("", times: 0, error: MemoryHarness.serviceError(403, "InvalidAccessKeyId")).hook)
        let (stopped, stoppedLayout) = try await h.run(h.settings { $0.jobName = "stopped" })
        #expect(stopped != .succeed)
        #expect(JobStopRecord.read(stoppedLayout) != nil, "\(TestBed.audit(stoppedLayout))")
        #expect(try TestBed.failures(stoppedLayout).errorList.isEmpty, "no file is marked failed")
    }

    @Test func aSourceClientThatCannotBeBuiltStopsTheJobWithOneReason() async throws {
        let h = MemoryHarness()
        let source = RemoteBucketSource(
            endpoint: "ftp://source.example", bucket: "src", prefix: "", accessKeyId: "k", secretKey: "s")
        let (state, layout) = try await h.run(h.settings { $0.source = .oss(source) })
        #expect(state == .failed)
        let stop = try #require(JobStopRecord.read(layout))
        #expect(stop.reason.contains("cannot set up the source client: "), "\(stop.reason)")
        #expect(stop.fix.contains("srcDomain"))
        #expect(try TestBed.failures(layout).errorList.isEmpty, "no file is marked failed")
        #expect(await h.writes() == 0)
    }
}
