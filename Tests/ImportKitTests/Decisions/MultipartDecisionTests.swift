import Foundation
import OSSClient
import TestSupport
import Testing

@testable import ImportKit

/// Multipart decisions against the in-memory destination: `NoSuchUpload` in the middle of an upload (aborted by a
/// lifecycle rule or another client) restarts it once under a fresh upload, a part that fails for good fails the
/// file, an interrupted upload resumes with the parts the destination has; no upload is ever left open.
@Suite struct MultipartDecisionTests {
    static let noSuchUpload = MemoryHarness.serviceError(404, "NoSuchUpload")

    @Test func noSuchUploadOnAPartRestartsTheUploadOnce() async throws {
        let h = MemoryHarness()
        let files = TestBed.mixedTree()
        try h.write(files)
        await h.store.setFault(MemoryFault("UploadPart", keyContains: "four-parts", nth: 3, error: Self.noSuchUpload).hook)
        let (state, layout) = try await h.run(h.settings())
        #expect(state == .succeed, "\(TestBed.audit(layout))")
        await h.expectUploaded(files)
        #expect(await h.store.openUploads == 0)
        #expect(await h.store.requests("InitiateMultipartUpload") == 3, "two files, one restarted")
    }

    @Test func persistentNoSuchUploadFailsTheFileWithNothingOpen() async throws {
        let h = MemoryHarness()
        try h.write(TestBed.mixedTree())
        await h.store.setFault(MemoryFault("UploadPart", keyContains: "four-parts", times: 0, error: Self.noSuchUpload).hook)
        let (state, layout) = try await h.run(h.settings())
        #expect(state == .failed)
        let (errorList, audit) = try TestBed.failures(layout)
        #expect(errorList == ["large/four-parts.bin"])
        #expect(audit.contains("FAILED\tlarge/four-parts.bin\t") && audit.contains("NoSuchUpload"), "\(audit)")
        #expect(await h.store.openUploads == 0)
        #expect(await h.store.requests("InitiateMultipartUpload") == 3, "two large files, one restarted once")
    }

    @Test func anInterruptedMultipartUploadResumesWithTheSameUpload() async throws {
        let h = MemoryHarness()
        let files = ["large/four-parts.bin": testPattern(1 << 20, seed: 100)]
        try h.write(files)
        // The first run is cut off at the third part (the job is cancelled as a stop would).
        await h.store.setFault({ request in
            if request.operation == "UploadPart" && request.partNumber == 3 { throw CancellationError() }
        })
        await #expect(throws: CancellationError.self) { try await h.run(h.settings()) }
        await h.store.setFault(nil)
        let before = await h.store.requests("UploadPart")
        let (second, layout) = try await h.run(h.settings())
        #expect(second == .succeed, "\(TestBed.audit(layout))")
        await h.expectUploaded(files)
        #expect(await h.store.requests("InitiateMultipartUpload") == 1, "the same upload is resumed")
        #expect(await h.store.requests("ListParts") == 1)
        // Every part that got past the cut reached the store (1 to 3 of them, as the parts in flight finished):
        // each of the four parts is stored once, and only the one cut off is sent twice.
        #expect(before >= 2 && before <= 4)
        #expect(await h.store.requests("UploadPart") == 5, "parts OSS has are not sent again")
    }

    @Test func noSuchUploadOnCompleteRestartsTheUpload() async throws {
        let h = MemoryHarness()
        let files = TestBed.mixedTree()
        try h.write(files)
        await h.store.setFault(MemoryFault("CompleteMultipartUpload", keyContains: "three-parts", error: Self.noSuchUpload).hook)
        let (state, layout) = try await h.run(h.settings())
        #expect(state == .succeed, "\(TestBed.audit(layout))")
        await h.expectUploaded(files)
        // The upload the store still had (the injected answer did not touch it) is aborted, not left dangling.
        #expect(await h.store.openUploads == 0)
    }

    @Test func aPartThatFailsForGoodFailsTheFileAndAbortsTheUpload() async throws {
        let h = MemoryHarness()
        try h.write(TestBed.mixedTree())
        let broken = MemoryHarness.serviceError(500, "InternalError")
        await h.store.setFault(MemoryFault("UploadPart", keyContains: "three-parts", nth: 2, times: 0, error: broken).hook)
        let (state, layout) = try await h.run(h.settings())
        #expect(state == .failed)
        #expect(try TestBed.failures(layout).errorList == ["large/three-parts.bin"])
        #expect(await h.store.openUploads == 0)
    }
}
