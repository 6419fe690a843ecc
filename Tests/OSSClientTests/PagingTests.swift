import CRC64
import CurlHTTP
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

/// ListParts and ListMultipartUploads fetch every page (OSS returns at most 1,000 entries per page).
@Suite struct PagingTests {
    /// Runs `body(i)` for `0..<count`, `width` at a time.
    static func concurrently(_ count: Int, width: Int = 16, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            while next < min(width, count) {
                let i = next
                group.addTask { try await body(i) }
                next += 1
            }
            while try await group.next() != nil {
                if next < count {
                    let i = next
                    group.addTask { try await body(i) }
                    next += 1
                }
            }
        }
    }

    @Test func listPartsReadsEveryPage() async throws {
        try await withTestBed { oss in
            let client = oss.client
            let uploadId = try await client.initiateMultipartUpload(bucket: TestBed.bucket, key: "many-parts")
            let count = 1003
            try await Self.concurrently(count) { i in
                _ = try await client.uploadPart(
                    bucket: TestBed.bucket, key: "many-parts", uploadId: uploadId, partNumber: i + 1,
                    body: .bytes([UInt8(truncatingIfNeeded: i)]))
            }
            oss.server.resetStats()
            let parts = try await client.listParts(bucket: TestBed.bucket, key: "many-parts", uploadId: uploadId)
            #expect(parts.map(\.partNumber) == Array(1...count))
            #expect(parts.allSatisfy { $0.size == 1 && $0.crc64 != nil })
            #expect(parts[1002].crc64 == CRC64.checksum([UInt8(truncatingIfNeeded: 1002)]))
            #expect(oss.requests("ListParts") == 2)
            try await client.abortMultipartUpload(bucket: TestBed.bucket, key: "many-parts", uploadId: uploadId)
        }
    }

    @Test func listMultipartUploadsReadsEveryPage() async throws {
        try await withTestBed { oss in
            let client = oss.client
            let count = 1002
            let ids = Locked<Set<String>>([])
            try await Self.concurrently(count) { i in
                // Two uploads share each key, so paging must continue by upload id within a key.
                let id = try await client.initiateMultipartUpload(bucket: TestBed.bucket, key: "up/中 \(i / 2)")
                ids.withLock { _ = $0.insert(id) }
            }
            oss.server.resetStats()
            let uploads = try await client.listMultipartUploads(bucket: TestBed.bucket, prefix: "up/")
            #expect(uploads.count == count)
            #expect(Set(uploads.map(\.uploadId)) == ids.withLock { $0 })
            #expect(Set(uploads.map(\.key)).count == count / 2)
            #expect(oss.requests("ListMultipartUploads") == 2)
        }
    }
}
