import CRC64
import Foundation
import OSSClient
import OSSCore
import TestSupport
import Testing

/// What the engine relies on from its destination, checked against every ``ObjectDestination`` (the real client
/// over oss-local and the in-memory store the engine tests use), so the fake cannot drift from the real thing.
@Suite struct DestinationConformanceTests {
    static let bucket = TestBed.bucket

    @Test(arguments: DestinationKind.allCases)
    func putHeadGetRoundTrip(_ kind: DestinationKind) async throws {
        try await kind.with { d in
            let bytes = testPattern(5000, seed: 1)
            let options = OSSPutOptions(contentType: "text/plain", metadata: ["Mtime": "1700000000.5"], storageClass: "IA")
            let written = try await d.putObject(bucket: Self.bucket, key: "dir/a.txt", body: .bytes(bytes), options: options)
            #expect(written.crc64 == CRC64.checksum(bytes))
            let info = try #require(try await d.headObject(bucket: Self.bucket, key: "dir/a.txt"))
            #expect(info.size == 5000 && info.crc64 == CRC64.checksum(bytes) && info.etag == written.etag)
            #expect(info.contentType == "text/plain" && info.storageClass == "IA")
            #expect(info.metadata == ["mtime": "1700000000.5"], "metadata names are lower-cased")
            #expect(info.lastModified != nil)
            #expect(try await d.bytes("dir/a.txt") == bytes)
            #expect(try await d.bytes("dir/a.txt", range: 10...19) == Array(bytes[10...19]))
            #expect(try await d.bytes("dir/a.txt", range: 4990...9999) == Array(bytes[4990...]), "an end past the object is clamped")
            #expect(try await d.headObject(bucket: Self.bucket, key: "dir/missing.txt") == nil)
            let empty = try await d.putObject(bucket: Self.bucket, key: "empty", body: .empty, options: OSSPutOptions())
            #expect(empty.crc64 == 0)
            #expect(try await d.headObject(bucket: Self.bucket, key: "empty")?.size == 0)
        }
    }

    @Test(arguments: DestinationKind.allCases)
    func aMissingBucketStopsTheJob(_ kind: DestinationKind) async throws {
        try await kind.with { d in
            let head = await clientError { _ = try await d.headObject(bucket: "no-such-bucket", key: "k") }
            #expect(head?.serviceCode == "NoSuchBucket" && head?.disposition == .stopJob, "\(String(describing: head))")
            let probe = await clientError { try await d.probe(bucket: "no-such-bucket", prefix: "", timeout: .seconds(5)) }
            #expect(probe?.serviceCode == "NoSuchBucket" && probe?.disposition == .stopJob, "\(String(describing: probe))")
            try await d.probe(bucket: Self.bucket, prefix: "any/", timeout: .seconds(5))
        }
    }

    @Test(arguments: DestinationKind.allCases)
    func overwriteProtectionAndDigestFailTheFile(_ kind: DestinationKind) async throws {
        try await kind.with { d in
            _ = try await d.putObject(bucket: Self.bucket, key: "k", body: .bytes([1, 2, 3]), options: OSSPutOptions())
            let forbidden = await clientError {
                _ = try await d.putObject(
                    bucket: Self.bucket, key: "k", body: .bytes([4]), options: OSSPutOptions(forbidOverwrite: true))
            }
            #expect(forbidden?.serviceCode == "FileAlreadyExists" && forbidden?.disposition == .failFile)
            let wrongMD5 = Data(Digest.md5([9, 9])).base64EncodedString()
            let digest = await clientError {
                _ = try await d.putObject(
                    bucket: Self.bucket, key: "k", body: .bytes([4]), options: OSSPutOptions(contentMD5: wrongMD5))
            }
            #expect(digest?.serviceCode == "BadDigest" && digest?.disposition == .failFile)
            #expect(try await d.bytes("k") == [1, 2, 3])
        }
    }

    @Test(arguments: DestinationKind.allCases)
    func fileBodiesAreRangesAndAShorterFileIsAChange(_ kind: DestinationKind) async throws {
        let dir = TemporaryDirectory("conformance")
        let bytes = testPattern(64, seed: 2)
        let path = try dir.file("source.bin", bytes)
        try await kind.with { d in
            _ = try await d.putObject(
                bucket: Self.bucket, key: "range", body: .file(path: path, offset: 3, length: 5), options: OSSPutOptions())
            #expect(try await d.bytes("range") == Array(bytes[3..<8]))
            let shorter = await clientError {
                _ = try await d.putObject(
                    bucket: Self.bucket, key: "short", body: .file(path: path, offset: 0, length: 100), options: OSSPutOptions())
            }
            #expect(shorter?.sourceBodyFailure == .changed, "\(String(describing: shorter))")
            let missing = await clientError {
                _ = try await d.putObject(
                    bucket: Self.bucket, key: "gone", body: .file(path: path + ".gone", offset: 0, length: 1), options: OSSPutOptions())
            }
            #expect(missing?.sourceBodyFailure == .unreadable, "\(String(describing: missing))")
            #expect(try await d.headObject(bucket: Self.bucket, key: "short") == nil)
        }
    }

    @Test(arguments: DestinationKind.allCases)
    func cancellationIsCancellationError(_ kind: DestinationKind) async throws {
        try await kind.with { d in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                _ = try await d.headObject(bucket: Self.bucket, key: "k")
            }
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }
}
