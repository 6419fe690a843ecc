import Foundation
import OSSClient
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// `NoSuchUpload` in the middle of a multipart upload (the upload was aborted by a lifecycle rule or another
/// client): the file is uploaded again under a fresh upload, and no upload is left open on the server.
@Suite struct MultipartFaultTests {
    static let noSuchUpload = FaultRule.Action.error(
        status: 404, code: "NoSuchUpload", message: "The specified upload does not exist.")

    @Test func noSuchUploadOnAPartRestartsTheUpload() async throws {
        try await withTestBed { h in
            let files = TestBed.mixedTree()
            try h.write(files)
            h.server.addFault(FaultRule(
                method: "PUT", keyContains: "four-parts", subresource: "partNumber", nth: 3, times: 1, action: Self.noSuchUpload))

            let (state, layout) = try await h.run(h.settings())

            #expect(state == .succeed, "\(h.audit(layout))")
            try await h.expectUploaded(files)
            try await h.expectNoOpenUploads()
            #expect(h.server.stats().requestsByOperation["InitiateMultipartUpload"] == 3)
        }
    }

    @Test func noSuchUploadOnCompleteRestartsTheUpload() async throws {
        try await withTestBed { h in
            let files = TestBed.mixedTree()
            try h.write(files)
            h.server.addFault(FaultRule(
                method: "POST", keyContains: "three-parts", subresource: "uploadId", nth: 1, times: 1, action: Self.noSuchUpload))

            let (state, layout) = try await h.run(h.settings())

            #expect(state == .succeed, "\(h.audit(layout))")
            try await h.expectUploaded(files)
            // The upload the server still had (the injected answer did not touch it) is aborted, not left dangling.
            try await h.expectNoOpenUploads()
        }
    }

    /// When every attempt finds the upload gone, the file fails with the OSS code and nothing stays open.
    @Test func persistentNoSuchUploadFailsTheFileCleanly() async throws {
        try await withTestBed { h in
            var files = TestBed.mixedTree()
            try h.write(files)
            h.server.addFault(FaultRule(
                method: "PUT", keyContains: "four-parts", subresource: "partNumber", nth: 1, times: 0, action: Self.noSuchUpload))

            let (state, layout) = try await h.run(h.settings())

            #expect(state == .failed)
            let (errorList, audit) = try h.failures(layout)
            #expect(errorList == ["large/four-parts.bin"])
            #expect(audit.contains("NoSuchUpload"))
            try await h.expectNoOpenUploads()
            files["large/four-parts.bin"] = nil
            try await h.expectUploaded(files)
        }
    }

    /// A part whose upload breaks for good fails the file; the multipart upload is aborted.
    @Test func failedMultipartFileLeavesNoUploadOpen() async throws {
        try await withTestBed { h in
            try h.write(TestBed.mixedTree())
            h.server.addFault(FaultRule(
                method: "PUT", keyContains: "three-parts", subresource: "partNumber", nth: 2, times: 0,
                action: .error(status: 500, code: "InternalError", message: "disk on fire")))

            let (state, layout) = try await h.run(h.settings())

            #expect(state == .failed)
            #expect(try h.failures(layout).errorList == ["large/three-parts.bin"])
            try await h.expectNoOpenUploads()
        }
    }
}
