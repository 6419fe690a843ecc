import CRC64
import Foundation
import OSSClient
import OSSCore
import TestSupport
import Testing

/// The multipart and copy operations the engine relies on, against every ``ObjectDestination``.
@Suite struct MultipartConformanceTests {
    static let bucket = TestBed.bucket

    @Test(arguments: DestinationKind.allCases)
    func partsListCompleteAndVerify(_ kind: DestinationKind) async throws {
        let dir = TemporaryDirectory("conformance-mp")
        let first = testPattern(100 * 1024, seed: 3)
        let second = testPattern(777, seed: 4)
        let path = try dir.file("second.bin", second)
        try await kind.with { d in
            let key = "big/object.bin"
            let uploadId = try await d.initiateMultipartUpload(
                bucket: Self.bucket, key: key, options: OSSPutOptions(metadata: ["mtime": "42"]))
            let one = try await d.uploadPart(bucket: Self.bucket, key: key, uploadId: uploadId, partNumber: 1, body: .bytes(first))
            let two = try await d.uploadPart(
                bucket: Self.bucket, key: key, uploadId: uploadId, partNumber: 2, body: .file(path: path, offset: 0, length: 777))
            #expect(one.crc64 == CRC64.checksum(first) && two.crc64 == CRC64.checksum(second))
            let listed = try await d.listParts(bucket: Self.bucket, key: key, uploadId: uploadId)
            #expect(listed.map(\.partNumber) == [1, 2] && listed.map(\.size) == [100 * 1024, 777])
            #expect(listed.map(\.etag) == [one.etag, two.etag] && listed.map(\.crc64) == [one.crc64, two.crc64])
            let uploads = try await d.listMultipartUploads(bucket: Self.bucket, prefix: "big/")
            #expect(uploads.map(\.key) == [key] && uploads.map(\.uploadId) == [uploadId])
            let whole = first + second
            let done = try await d.completeMultipartUpload(
                bucket: Self.bucket, key: key, uploadId: uploadId,
                parts: [OSSCompletedPart(partNumber: 1, etag: one.etag), OSSCompletedPart(partNumber: 2, etag: two.etag)],
                expectedCRC64: CRC64.checksum(whole))
            #expect(done.crc64 == CRC64.checksum(whole))
            #expect(try await d.bytes(key) == whole)
            #expect(try await d.headObject(bucket: Self.bucket, key: key)?.metadata["mtime"] == "42")
            let gone = await clientError { _ = try await d.listParts(bucket: Self.bucket, key: key, uploadId: uploadId) }
            #expect(gone?.serviceCode == "NoSuchUpload" && gone?.disposition == .failFile)
            #expect(try await d.listMultipartUploads(bucket: Self.bucket, prefix: "").isEmpty)
        }
    }

    @Test(arguments: DestinationKind.allCases)
    func abortIsIdempotentAndListingFiltersByPrefix(_ kind: DestinationKind) async throws {
        try await kind.with { d in
            let a = try await d.initiateMultipartUpload(bucket: Self.bucket, key: "a/x", options: OSSPutOptions())
            _ = try await d.initiateMultipartUpload(bucket: Self.bucket, key: "b/y", options: OSSPutOptions())
            #expect(try await d.listMultipartUploads(bucket: Self.bucket, prefix: "a/").map(\.key) == ["a/x"])
            try await d.abortMultipartUpload(bucket: Self.bucket, key: "a/x", uploadId: a)
            try await d.abortMultipartUpload(bucket: Self.bucket, key: "a/x", uploadId: a)
            let aborted = await clientError {
                _ = try await d.uploadPart(bucket: Self.bucket, key: "a/x", uploadId: a, partNumber: 1, body: .bytes([1]))
            }
            #expect(aborted?.serviceCode == "NoSuchUpload")
            #expect(try await d.listMultipartUploads(bucket: Self.bucket, prefix: "").map(\.key) == ["b/y"])
        }
    }

    @Test(arguments: DestinationKind.allCases)
    func aSmallPartBeforeTheLastIsRejected(_ kind: DestinationKind) async throws {
        try await kind.with { d in
            let id = try await d.initiateMultipartUpload(bucket: Self.bucket, key: "small", options: OSSPutOptions())
            let one = try await d.uploadPart(bucket: Self.bucket, key: "small", uploadId: id, partNumber: 1, body: .bytes([1]))
            let two = try await d.uploadPart(bucket: Self.bucket, key: "small", uploadId: id, partNumber: 2, body: .bytes([2]))
            let error = await clientError {
                _ = try await d.completeMultipartUpload(
                    bucket: Self.bucket, key: "small", uploadId: id,
                    parts: [OSSCompletedPart(partNumber: 1, etag: one.etag), OSSCompletedPart(partNumber: 2, etag: two.etag)],
                    expectedCRC64: nil)
            }
            #expect(error?.serviceCode == "EntityTooSmall")
            let wrong = await clientError {
                _ = try await d.completeMultipartUpload(
                    bucket: Self.bucket, key: "small", uploadId: id, parts: [OSSCompletedPart(partNumber: 1, etag: two.etag)],
                    expectedCRC64: nil)
            }
            #expect(wrong?.serviceCode == "InvalidPart")
        }
    }

    @Test(arguments: DestinationKind.allCases)
    func copiesKeepOrReplaceMetadata(_ kind: DestinationKind) async throws {
        try await kind.with { d in
            let bytes = testPattern(300 * 1024, seed: 5)
            _ = try await d.putObject(
                bucket: Self.bucket, key: "src", body: .bytes(bytes), options: OSSPutOptions(metadata: ["mtime": "1"]))
            let kept = try await d.copyObject(sourceBucket: Self.bucket, sourceKey: "src", bucket: Self.bucket, key: "kept", options: nil)
            #expect(kept.crc64 == nil || kept.crc64 == CRC64.checksum(bytes))
            #expect(try await d.headObject(bucket: Self.bucket, key: "kept")?.metadata == ["mtime": "1"])
            _ = try await d.copyObject(
                sourceBucket: Self.bucket, sourceKey: "src", bucket: Self.bucket, key: "replaced",
                options: OSSPutOptions(metadata: ["mtime": "2"]))
            #expect(try await d.headObject(bucket: Self.bucket, key: "replaced")?.metadata == ["mtime": "2"])
            #expect(try await d.bytes("replaced") == bytes)
            let id = try await d.initiateMultipartUpload(bucket: Self.bucket, key: "parts", options: OSSPutOptions())
            let one = try await d.uploadPartCopy(
                sourceBucket: Self.bucket, sourceKey: "src", range: 0...(200 * 1024 - 1), bucket: Self.bucket, key: "parts",
                uploadId: id, partNumber: 1)
            let two = try await d.uploadPartCopy(
                sourceBucket: Self.bucket, sourceKey: "src", range: (200 * 1024)...(300 * 1024 - 1), bucket: Self.bucket,
                key: "parts", uploadId: id, partNumber: 2)
            _ = try await d.completeMultipartUpload(
                bucket: Self.bucket, key: "parts", uploadId: id,
                parts: [OSSCompletedPart(partNumber: 1, etag: one.etag), OSSCompletedPart(partNumber: 2, etag: two.etag)],
                expectedCRC64: CRC64.checksum(bytes))
            #expect(try await d.bytes("parts") == bytes)
            let missing = await clientError {
                _ = try await d.copyObject(
                    sourceBucket: Self.bucket, sourceKey: "nothing", bucket: Self.bucket, key: "x", options: nil)
            }
            #expect(missing?.statusCode == 404 && missing?.disposition == .failFile)
        }
    }
}
