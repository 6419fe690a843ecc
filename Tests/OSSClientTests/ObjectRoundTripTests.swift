import CRC64
import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import TestSupport
import Testing

/// PutObject / HeadObject / GetObject / DeleteObject / CopyObject against oss-local, real libcurl.
@Suite struct ObjectRoundTripTests {
    @Test(arguments: [0, 1, 1000, (1 << 20) - 1, (1 << 20) + 17])
    func putBytesThenGetHeadDelete(size: Int) async throws {
        try await withTestBed { oss in
            let bytes = testPattern(size, seed: size)
            let key = "objects/bytes-\(size).bin"
            var options = OSSPutOptions(contentType: "application/x-test", metadata: ["MTime": "1700000000"])
            options.storageClass = "Standard"
            let put = try await oss.client.putObject(bucket: TestBed.bucket, key: key, body: .bytes(bytes), options: options)
            #expect(put.crc64 == CRC64.checksum(bytes))
            #expect(!put.etag.isEmpty)
            #expect(!put.requestId.isEmpty)

            let info = try #require(try await oss.client.headObject(bucket: TestBed.bucket, key: key))
            #expect(info.size == Int64(size))
            #expect(info.crc64 == CRC64.checksum(bytes))
            #expect(info.etag == put.etag)
            #expect(info.contentType == "application/x-test")
            #expect(info.metadata == ["mtime": "1700000000"])
            #expect(info.lastModified != nil)

            let (getInfo, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: key)
            #expect(body == bytes)
            #expect(getInfo.size == Int64(size))
            #expect(getInfo.crc64 == CRC64.checksum(bytes))

            try await oss.client.deleteObject(bucket: TestBed.bucket, key: key)
            #expect(try await oss.client.headObject(bucket: TestBed.bucket, key: key) == nil)
            // Deleting a missing key succeeds, as on OSS.
            try await oss.client.deleteObject(bucket: TestBed.bucket, key: key)
        }
    }

    @Test func putFromFileRanges() async throws {
        try await withTestBed { oss in
            let dir = TemporaryDirectory("client-file-body")
            let bytes = testPattern(3 << 20, seed: 7)
            let path = try dir.file("source.bin", bytes)
            let ranges: [(offset: Int, length: Int)] = [(0, bytes.count), (0, 0), (1, 10), (1 << 20, (1 << 20) + 5), (bytes.count - 3, 3)]
            for (index, range) in ranges.enumerated() {
                let key = "file/range-\(index)"
                let slice = Array(bytes[range.offset..<(range.offset + range.length)])
                let put = try await oss.client.putObject(
                    bucket: TestBed.bucket, key: key,
                    body: .file(path: path, offset: Int64(range.offset), length: Int64(range.length)))
                #expect(put.crc64 == CRC64.checksum(slice), "range \(index)")
                let (_, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: key)
                #expect(body == slice, "range \(index)")
            }
        }
    }

    @Test func fileShorterThanRangeIsSourceChangedNotRetried() async throws {
        try await withTestBed { oss in
            let dir = TemporaryDirectory("client-short-file")
            let path = try dir.file("short.bin", testPattern(100))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.putObject(
                    bucket: TestBed.bucket, key: "short", body: .file(path: path, offset: 50, length: 100))
            }
            guard case .transport(let transportError)? = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(transportError.kind == .sourceChanged)
            #expect(error?.isRetryable == false)
            #expect(oss.requests("PutObject") == 0)
        }
    }

    @Test(arguments: [
        (Int64(0), Int64(0)), (Int64(0), Int64(99)), (Int64(1), Int64(1)), (Int64(500), Int64(999)),
        (Int64(999), Int64(999)), (Int64(10), Int64(5000)),
    ])
    func rangedGet(lower: Int64, upper: Int64) async throws {
        try await withTestBed { oss in
            let bytes = testPattern(1000, seed: 3)
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "ranged", body: .bytes(bytes))
            let (info, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: "ranged", range: lower...upper)
            let end = min(Int(upper), bytes.count - 1)
            #expect(body == Array(bytes[Int(lower)...end]), "an end past the object is clamped, never the whole object")
            #expect(info.size == 1000, "size is the whole object's, from Content-Range")

            let streamed = Locked<[UInt8]>([])
            _ = try await oss.client.getObject(bucket: TestBed.bucket, key: "ranged", range: lower...upper) { chunk in
                streamed.withLock { $0.append(contentsOf: chunk) }
            }
            #expect(streamed.withLock { $0 } == Array(bytes[Int(lower)...end]))
        }
    }

    @Test func rangeStartingPastTheEndIsInvalidRange() async throws {
        try await withTestBed { oss in
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "small", body: .bytes([1, 2, 3]))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.getObject(bucket: TestBed.bucket, key: "small", range: 10...20)
            }
            #expect(error?.statusCode == 416)
            #expect(error?.serviceCode == "InvalidRange")
            // A range from 0 past the end of a small object is the whole object.
            let (_, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: "small", range: 0...1000)
            #expect(body == [1, 2, 3])
        }
    }

    @Test func streamedGetIntoSink() async throws {
        try await withTestBed { oss in
            let bytes = testPattern((2 << 20) + 123, seed: 11)
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "stream/big", body: .bytes(bytes))
            let received = Locked<[UInt8]>([])
            let info = try await oss.client.getObject(bucket: TestBed.bucket, key: "stream/big") { chunk in
                received.withLock { $0.append(contentsOf: chunk) }
            }
            #expect(received.withLock { $0 } == bytes)
            #expect(info.crc64 == CRC64.checksum(bytes))

            let ranged = Locked<[UInt8]>([])
            _ = try await oss.client.getObject(bucket: TestBed.bucket, key: "stream/big", range: 100...199) { chunk in
                ranged.withLock { $0.append(contentsOf: chunk) }
            }
            #expect(ranged.withLock { $0 } == Array(bytes[100...199]))
        }
    }

    @Test func getLargerThanMaxBytesFails() async throws {
        try await withTestBed { oss in
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "big", body: .bytes(testPattern(4096)))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.getObject(bucket: TestBed.bucket, key: "big", maxBytes: 1000)
            }
            guard case .transport(let transportError)? = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(transportError.kind == .responseTooLarge)
            #expect(oss.requests("GetObject") == 1, "not retried")
        }
    }

    @Test func copyObjectKeepsOrReplacesMetadata() async throws {
        try await withTestBed { oss in
            let bytes = testPattern(5000, seed: 5)
            _ = try await oss.client.putObject(
                bucket: TestBed.bucket, key: "src/a b+c.txt", body: .bytes(bytes),
                options: OSSPutOptions(contentType: "text/plain", metadata: ["origin": "one"]))
            let copied = try await oss.client.copyObject(
                sourceBucket: TestBed.bucket, sourceKey: "src/a b+c.txt", bucket: TestBed.bucket, key: "dst/kept")
            #expect(!copied.etag.isEmpty)
            let kept = try #require(try await oss.client.headObject(bucket: TestBed.bucket, key: "dst/kept"))
            #expect(kept.metadata == ["origin": "one"])
            #expect(kept.crc64 == CRC64.checksum(bytes))

            _ = try await oss.client.copyObject(
                sourceBucket: TestBed.bucket, sourceKey: "src/a b+c.txt", bucket: TestBed.bucket, key: "dst/replaced",
                options: OSSPutOptions(metadata: ["origin": "two"]))
            let replaced = try #require(try await oss.client.headObject(bucket: TestBed.bucket, key: "dst/replaced"))
            #expect(replaced.metadata == ["origin": "two"])
            let (_, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: "dst/replaced")
            #expect(body == bytes)
        }
    }

    @Test func forbidOverwriteRejectsExistingKey() async throws {
        try await withTestBed { oss in
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "once", body: .bytes([1]))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.putObject(
                    bucket: TestBed.bucket, key: "once", body: .bytes([2]), options: OSSPutOptions(forbidOverwrite: true))
            }
            #expect(error?.serviceCode == "FileAlreadyExists")
            #expect(error?.statusCode == 409)
            #expect(error?.isRetryable == false)
        }
    }

    @Test func createBucketThenUseIt() async throws {
        try await withTestBed { oss in
            try await oss.client.createBucket("second-bucket")
            _ = try await oss.client.putObject(bucket: "second-bucket", key: "k", body: .bytes([1, 2, 3]))
            let (_, body) = try await oss.client.getObject(bucket: "second-bucket", key: "k")
            #expect(body == [1, 2, 3])
        }
    }
}
