import CRC64
import CurlHTTP
import OSSClient
import OSSCore
import TestSupport
import Testing

/// ListObjectsV2 paging, prefixes, delimiters and keys that need escaping, end to end through the URL.
@Suite struct ListingTests {
    /// Keys every layer must carry unchanged: URL path, signature, XML (with `encoding-type=url`), listing order.
    static let oddKeys: [String] = [
        "odd/a b c.txt",
        "odd/中文/文件.txt",
        "odd/+ % # ? &.bin",
        "odd/a=b&c=d",
        "odd/~tilde~",
        "odd/dots/./single",
        "odd/dots/../double",
        "odd/dots/.../triple",
        "odd/./lead",
        "odd/trailing/.",
        "odd/trailing/..",
        "odd/%2E%2E/literal-escaped",
        "odd/plus+and%20percent",
        "odd/quote\"apos'<lt>&amp;",
        "odd/" + String(repeating: "k", count: 1023 - 4),
    ]

    @Test func oddKeysRoundTripAndListExactly() async throws {
        try await withTestBed { oss in
            #expect(Self.oddKeys.last?.utf8.count == 1023)
            for (index, key) in Self.oddKeys.enumerated() {
                _ = try await oss.client.putObject(bucket: TestBed.bucket, key: key, body: .bytes(Array("#\(index)".utf8)))
            }
            for (index, key) in Self.oddKeys.enumerated() {
                let (info, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: key)
                #expect(body == Array("#\(index)".utf8), "\(key)")
                #expect(info.size == Int64(body.count), "\(key)")
                #expect(try await oss.client.headObject(bucket: TestBed.bucket, key: key) != nil, "\(key)")
            }

            var listed: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try await oss.client.listObjectsV2(
                    bucket: TestBed.bucket, prefix: "odd/", continuationToken: token, maxKeys: 2)
                #expect(page.objects.count <= 2)
                listed += page.objects.map(\.key)
                token = page.nextContinuationToken
                #expect(page.isTruncated == (token != nil))
                pages += 1
            } while token != nil && pages < 100
            let expected = Self.oddKeys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(listed == expected, "every key once, in byte order")
            #expect(pages == (Self.oddKeys.count + 1) / 2)

            var streamed: [String] = []
            for try await object in oss.client.listAllObjects(bucket: TestBed.bucket, prefix: "odd/", pageSize: 3) {
                streamed.append(object.key)
            }
            #expect(streamed == expected)

            for key in Self.oddKeys { try await oss.client.deleteObject(bucket: TestBed.bucket, key: key) }
            let after = try await oss.client.listObjectsV2(bucket: TestBed.bucket, prefix: "odd/")
            #expect(after.objects.isEmpty)
        }
    }

    @Test func prefixDelimiterAndCommonPrefixes() async throws {
        try await withTestBed { oss in
            let keys = ["root.txt", "a/1", "a/2", "a/b/3", "b 中/4", "b 中/5", "c+/6", "c+d", "zz"]
            for key in keys { _ = try await oss.client.putObject(bucket: TestBed.bucket, key: key, body: .bytes([0x41])) }

            let top = try await oss.client.listObjectsV2(bucket: TestBed.bucket, delimiter: "/")
            #expect(top.objects.map(\.key) == ["c+d", "root.txt", "zz"])
            #expect(top.commonPrefixes == ["a/", "b 中/", "c+/"])
            #expect(!top.isTruncated)

            let underA = try await oss.client.listObjectsV2(bucket: TestBed.bucket, prefix: "a/", delimiter: "/")
            #expect(underA.objects.map(\.key) == ["a/1", "a/2"])
            #expect(underA.commonPrefixes == ["a/b/"])

            let chinese = try await oss.client.listObjectsV2(bucket: TestBed.bucket, prefix: "b 中/")
            #expect(chinese.objects.map(\.key) == ["b 中/4", "b 中/5"])
            #expect(chinese.objects.allSatisfy { $0.size == 1 && !$0.etag.isEmpty && $0.lastModified != nil })

            let plus = try await oss.client.listObjectsV2(bucket: TestBed.bucket, prefix: "c+")
            #expect(plus.objects.map(\.key) == ["c+/6", "c+d"])

            let after = try await oss.client.listObjectsV2(bucket: TestBed.bucket, startAfter: "b 中/4")
            #expect(after.objects.map(\.key) == ["b 中/5", "c+/6", "c+d", "root.txt", "zz"])
        }
    }

    @Test func pagingWithDelimiterCountsPrefixesAsEntries() async throws {
        try await withTestBed { oss in
            var keys: [String] = []
            for i in 0..<5 { keys.append("d\(i)/x") }
            for i in 0..<4 { keys.append("f\(i)") }
            for key in keys { _ = try await oss.client.putObject(bucket: TestBed.bucket, key: key, body: .empty) }
            var objects: [String] = []
            var prefixes: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try await oss.client.listObjectsV2(
                    bucket: TestBed.bucket, delimiter: "/", continuationToken: token, maxKeys: 2)
                #expect(page.objects.count + page.commonPrefixes.count <= 2)
                objects += page.objects.map(\.key)
                prefixes += page.commonPrefixes
                token = page.nextContinuationToken
                pages += 1
            } while token != nil && pages < 50
            #expect(prefixes == (0..<5).map { "d\($0)/" })
            #expect(objects == (0..<4).map { "f\($0)" })
            #expect(pages == 5)
        }
    }

    @Test func emptyBucketListsNothing() async throws {
        try await withTestBed { oss in
            let page = try await oss.client.listObjectsV2(bucket: TestBed.bucket, maxKeys: 1)
            #expect(page.objects.isEmpty && page.commonPrefixes.isEmpty && !page.isTruncated)
            #expect(page.nextContinuationToken == nil)
            var count = 0
            for try await _ in oss.client.listAllObjects(bucket: TestBed.bucket) { count += 1 }
            #expect(count == 0)
        }
    }
}
