import CRC64
import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

/// Initiate / UploadPart / UploadPartCopy / Complete / Abort / ListParts / ListMultipartUploads.
@Suite struct MultipartTests {
    static let partSize = 256 * 1024

    @Test func parallelPartsFromFileCombineToServerCRC() async throws {
        try await withTestBed { oss in
            let dir = TemporaryDirectory("client-multipart")
            let bytes = testPattern(Self.partSize * 6 + 1234, seed: 21)
            let path = try dir.file("big.bin", bytes)
            let key = "multi/大文件 +%.bin"
            let uploadId = try await oss.client.initiateMultipartUpload(
                bucket: TestBed.bucket, key: key, options: OSSPutOptions(metadata: ["mtime": "42"]))
            #expect(!uploadId.isEmpty)

            let partCount = (bytes.count + Self.partSize - 1) / Self.partSize
            let client = oss.client
            let results = try await withThrowingTaskGroup(of: (Int, OSSWriteResult).self) { group in
                for number in 1...partCount {
                    let offset = (number - 1) * Self.partSize
                    let length = min(Self.partSize, bytes.count - offset)
                    group.addTask {
                        let result = try await client.uploadPart(
                            bucket: TestBed.bucket, key: key, uploadId: uploadId, partNumber: number,
                            body: .file(path: path, offset: Int64(offset), length: Int64(length)))
                        return (number, result)
                    }
                }
                var collected: [Int: OSSWriteResult] = [:]
                for try await (number, result) in group { collected[number] = result }
                return collected
            }
            #expect(results.count == partCount)

            var combined: UInt64 = 0
            for number in 1...partCount {
                let offset = (number - 1) * Self.partSize
                let part = Array(bytes[offset..<min(offset + Self.partSize, bytes.count)])
                let crc = try #require(results[number]?.crc64)
                #expect(crc == CRC64.checksum(part), "part \(number)")
                combined = number == 1 ? crc : CRC64.combine(combined, crc, lengthB: UInt64(part.count))
            }
            #expect(combined == CRC64.checksum(bytes))

            let listed = try await oss.client.listParts(bucket: TestBed.bucket, key: key, uploadId: uploadId)
            #expect(listed.map(\.partNumber) == Array(1...partCount))
            #expect(listed.map(\.etag) == (1...partCount).map { results[$0]?.etag ?? "" })
            #expect(listed.last?.size == Int64(bytes.count - (partCount - 1) * Self.partSize))
            #expect(listed.first?.crc64 == results[1]?.crc64)

            let uploads = try await oss.client.listMultipartUploads(bucket: TestBed.bucket, prefix: "multi/")
            #expect(uploads.map(\.key) == [key])
            #expect(uploads.map(\.uploadId) == [uploadId])

            let parts = (1...partCount).reversed().map { OSSCompletedPart(partNumber: $0, etag: results[$0]?.etag ?? "") }
            let completed = try await oss.client.completeMultipartUpload(
                bucket: TestBed.bucket, key: key, uploadId: uploadId, parts: parts, expectedCRC64: combined)
            #expect(completed.crc64 == combined)
            #expect(!completed.etag.isEmpty)

            let info = try #require(try await oss.client.headObject(bucket: TestBed.bucket, key: key))
            #expect(info.size == Int64(bytes.count))
            #expect(info.crc64 == combined)
            #expect(info.objectType == "Multipart")
            #expect(info.metadata["mtime"] == "42")
            let (_, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: key)
            #expect(body == bytes)
            #expect(try await oss.client.listMultipartUploads(bucket: TestBed.bucket).isEmpty)
        }
    }

    @Test func completeWithWrongExpectedCRCIsAnError() async throws {
        try await withTestBed { oss in
            let client = oss.client(retry: .none)
            let bytes = testPattern(1000, seed: 1)
            let uploadId = try await client.initiateMultipartUpload(bucket: TestBed.bucket, key: "m")
            let part = try await client.uploadPart(
                bucket: TestBed.bucket, key: "m", uploadId: uploadId, partNumber: 1, body: .bytes(bytes))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await client.completeMultipartUpload(
                    bucket: TestBed.bucket, key: "m", uploadId: uploadId,
                    parts: [OSSCompletedPart(partNumber: 1, etag: part.etag)], expectedCRC64: CRC64.checksum(bytes) ^ 1)
            }
            guard case .crcMismatch(let operation, let local, let remote, _)? = error else {
                Issue.record("expected crcMismatch, got \(String(describing: error))")
                return
            }
            #expect(operation == "CompleteMultipartUpload")
            #expect(local == CRC64.checksum(bytes) ^ 1)
            #expect(remote == CRC64.checksum(bytes))
        }
    }

    @Test func uploadPartCopyAssemblesRanges() async throws {
        try await withTestBed { oss in
            let source = testPattern(Self.partSize * 2 + 500, seed: 9)
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "copy/src ~=.bin", body: .bytes(source))
            let uploadId = try await oss.client.initiateMultipartUpload(bucket: TestBed.bucket, key: "copy/dst")
            let first = try await oss.client.uploadPartCopy(
                sourceBucket: TestBed.bucket, sourceKey: "copy/src ~=.bin", range: 0...Int64(Self.partSize - 1),
                bucket: TestBed.bucket, key: "copy/dst", uploadId: uploadId, partNumber: 1)
            let second = try await oss.client.uploadPartCopy(
                sourceBucket: TestBed.bucket, sourceKey: "copy/src ~=.bin", range: Int64(Self.partSize)...Int64(source.count - 1),
                bucket: TestBed.bucket, key: "copy/dst", uploadId: uploadId, partNumber: 2)
            #expect(!first.etag.isEmpty && !second.etag.isEmpty)
            let listed = try await oss.client.listParts(bucket: TestBed.bucket, key: "copy/dst", uploadId: uploadId)
            #expect(listed.map(\.size) == [Int64(Self.partSize), Int64(source.count - Self.partSize)])
            _ = try await oss.client.completeMultipartUpload(
                bucket: TestBed.bucket, key: "copy/dst", uploadId: uploadId,
                parts: [OSSCompletedPart(partNumber: 1, etag: first.etag), OSSCompletedPart(partNumber: 2, etag: second.etag)],
                expectedCRC64: CRC64.checksum(source))
            let (_, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: "copy/dst")
            #expect(body == source)
        }
    }

    @Test func abortThenNoSuchUpload() async throws {
        try await withTestBed { oss in
            let uploadId = try await oss.client.initiateMultipartUpload(bucket: TestBed.bucket, key: "aborted")
            _ = try await oss.client.uploadPart(
                bucket: TestBed.bucket, key: "aborted", uploadId: uploadId, partNumber: 1, body: .bytes([1, 2, 3]))
            try await oss.client.abortMultipartUpload(bucket: TestBed.bucket, key: "aborted", uploadId: uploadId)
            #expect(try await oss.client.listMultipartUploads(bucket: TestBed.bucket).isEmpty)
            #expect(oss.server.stats().openMultipartUploads == 0)
            // Aborting again counts as done.
            try await oss.client.abortMultipartUpload(bucket: TestBed.bucket, key: "aborted", uploadId: uploadId)

            let partError = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.uploadPart(
                    bucket: TestBed.bucket, key: "aborted", uploadId: uploadId, partNumber: 2, body: .bytes([4]))
            }
            #expect(partError?.serviceCode == "NoSuchUpload")
            #expect(partError?.statusCode == 404)
            #expect(partError?.isRetryable == false)
            #expect(oss.requests("UploadPart") == 2, "NoSuchUpload is not retried")

            let listError = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.listParts(bucket: TestBed.bucket, key: "aborted", uploadId: uploadId)
            }
            #expect(listError?.serviceCode == "NoSuchUpload")
            let completeError = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.completeMultipartUpload(
                    bucket: TestBed.bucket, key: "aborted", uploadId: uploadId, parts: [OSSCompletedPart(partNumber: 1, etag: "x")])
            }
            #expect(completeError?.serviceCode == "NoSuchUpload")
        }
    }

    @Test func listMultipartUploadsWithOddKeysAndPrefix() async throws {
        try await withTestBed { oss in
            let keys = ["up/a b", "up/中文", "up/+ % # ? &", "up/x/../y", "other/z"]
            var ids: [String: String] = [:]
            for key in keys { ids[key] = try await oss.client.initiateMultipartUpload(bucket: TestBed.bucket, key: key) }
            let under = try await oss.client.listMultipartUploads(bucket: TestBed.bucket, prefix: "up/")
            #expect(Set(under.map(\.key)) == Set(keys.filter { $0.hasPrefix("up/") }))
            for upload in under { #expect(ids[upload.key] == upload.uploadId, "\(upload.key)") }
            #expect(under.allSatisfy { $0.initiated != nil })
            let all = try await oss.client.listMultipartUploads(bucket: TestBed.bucket)
            #expect(all.count == keys.count)
        }
    }

    /// OSS completed the upload but the answer was lost: the retry finds no upload. The client reports
    /// NoSuchUpload and the object is whole; callers (MultipartUploader) confirm with HEAD and the combined CRC.
    @Test func completeAnsweredByAResetLeavesAWholeObject() async throws {
        try await withTestBed { oss in
            let bytes = testPattern(2000, seed: 4)
            let uploadId = try await oss.client.initiateMultipartUpload(bucket: TestBed.bucket, key: "lost-answer")
            let part = try await oss.client.uploadPart(
                bucket: TestBed.bucket, key: "lost-answer", uploadId: uploadId, partNumber: 1, body: .bytes(bytes))
            oss.server.addFault(FaultRule(method: "POST", subresource: "uploadId", action: .resetBeforeResponse))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.completeMultipartUpload(
                    bucket: TestBed.bucket, key: "lost-answer", uploadId: uploadId,
                    parts: [OSSCompletedPart(partNumber: 1, etag: part.etag)], expectedCRC64: CRC64.checksum(bytes))
            }
            #expect(error?.serviceCode == "NoSuchUpload")
            #expect(oss.requests("CompleteMultipartUpload") == 2)
            let info = try #require(try await oss.client.headObject(bucket: TestBed.bucket, key: "lost-answer"))
            #expect(info.crc64 == CRC64.checksum(bytes))
            #expect(info.size == Int64(bytes.count))
        }
    }
}
