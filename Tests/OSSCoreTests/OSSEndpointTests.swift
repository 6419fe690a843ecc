import OSSCore
import Testing

@Suite struct OSSEndpointTests {
    @Test func parsesSchemeHostPort() throws {
        let plain = try OSSEndpoint(parsing: "oss-cn-hangzhou.aliyuncs.com")
        #expect(plain.scheme == "https")
        #expect(plain.host == "oss-cn-hangzhou.aliyuncs.com")
        #expect(plain.port == nil)

        let http = try OSSEndpoint(parsing: " http://OSS-cn-hangzhou.aliyuncs.com/ ")
        #expect(http.scheme == "http")
        #expect(http.host == "oss-cn-hangzhou.aliyuncs.com")

        let local = try OSSEndpoint(parsing: "http://127.0.0.1:9000")
        #expect(local.host == "127.0.0.1")
        #expect(local.port == 9000)

        let v6 = try OSSEndpoint(parsing: "http://[::1]:9000")
        #expect(v6.host == "::1")
        #expect(v6.port == 9000)
        #expect(v6.usesPathStyle)
        #expect(v6.url(bucket: "b", key: "k") == "http://[::1]:9000/b/k")
    }

    @Test(arguments: [
        ("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou"),
        ("oss-cn-hangzhou-internal.aliyuncs.com", "cn-hangzhou"),
        ("oss-ap-southeast-1.aliyuncs.com", "ap-southeast-1"),
        ("cn-beijing.oss.aliyuncs.com", "cn-beijing"),
    ])
    func region(_ host: String, _ expected: String) throws {
        #expect(try OSSEndpoint(parsing: host).region == expected)
    }

    @Test(arguments: ["oss-accelerate.aliyuncs.com", "127.0.0.1:9000", "localhost", "files.example.com"])
    func noRegion(_ host: String) throws {
        #expect(try OSSEndpoint(parsing: host).region == nil)
    }

    @Test func detectsBucketInEndpoint() throws {
        #expect(try OSSEndpoint(parsing: "mybucket.oss-cn-hangzhou.aliyuncs.com").likelyBucketPrefix == "mybucket")
        #expect(try OSSEndpoint(parsing: "oss-cn-hangzhou.aliyuncs.com").likelyBucketPrefix == nil)
        #expect(try OSSEndpoint(parsing: "cn-hangzhou.oss.aliyuncs.com").likelyBucketPrefix == nil)
    }

    @Test func pathStyle() throws {
        #expect(try OSSEndpoint(parsing: "http://127.0.0.1:9000").usesPathStyle)
        #expect(try OSSEndpoint(parsing: "http://localhost:9000").usesPathStyle)
        #expect(try !OSSEndpoint(parsing: "oss-cn-hangzhou.aliyuncs.com").usesPathStyle)
        #expect(try !OSSEndpoint(parsing: "1.2.3.example.com").usesPathStyle)
        #expect(OSSEndpoint(scheme: "http", host: "10.0.255.1").usesPathStyle)
        for notIPv4 in ["256.1.1.1", "1.2.3", "1.2.3.4.", ".1.2.3", "1..2.3", "1.2.3.4.5", "1.2.3.a"] {
            #expect(!OSSEndpoint(scheme: "http", host: notIPv4).usesPathStyle, "\(notIPv4)")
        }
    }

    @Test func virtualHostedURL() throws {
        let endpoint = try OSSEndpoint(parsing: "https://oss-cn-hangzhou.aliyuncs.com")
        #expect(endpoint.url(bucket: "b", key: "dir/a b+c%d#e?f&g.txt")
            == "https://b.oss-cn-hangzhou.aliyuncs.com/dir/a%20b%2Bc%25d%23e%3Ff%26g.txt")
        #expect(endpoint.url(bucket: "b", key: "目录/文件.txt")
            == "https://b.oss-cn-hangzhou.aliyuncs.com/%E7%9B%AE%E5%BD%95/%E6%96%87%E4%BB%B6.txt")
        #expect(endpoint.url(bucket: "b", key: nil, query: [(name: "list-type", value: "2"), (name: "prefix", value: "a/b c")])
            == "https://b.oss-cn-hangzhou.aliyuncs.com/?list-type=2&prefix=a%2Fb%20c")
        #expect(endpoint.url(bucket: "b", key: "k", query: [(name: "uploads", value: nil)])
            == "https://b.oss-cn-hangzhou.aliyuncs.com/k?uploads")
        #expect(endpoint.url(bucket: nil, key: nil) == "https://oss-cn-hangzhou.aliyuncs.com/")
        #expect(endpoint.hostHeader(bucket: "b") == "b.oss-cn-hangzhou.aliyuncs.com")
    }

    @Test func dotSegmentsAreEscaped() throws {
        let endpoint = try OSSEndpoint(parsing: "http://127.0.0.1:9000")
        #expect(endpoint.url(bucket: "b", key: "a/../b/./c..d/.e/..") == "http://127.0.0.1:9000/b/a/%2E%2E/b/%2E/c..d/.e/%2E%2E")
        #expect(endpoint.url(bucket: "b", key: "file.txt") == "http://127.0.0.1:9000/b/file.txt")
    }

    @Test func pathStyleURL() throws {
        let endpoint = try OSSEndpoint(parsing: "http://127.0.0.1:9000")
        #expect(endpoint.url(bucket: "b", key: "a b/c", query: [(name: "partNumber", value: "1"), (name: "uploadId", value: "x/y")])
            == "http://127.0.0.1:9000/b/a%20b/c?partNumber=1&uploadId=x%2Fy")
        #expect(endpoint.url(bucket: "b", key: nil) == "http://127.0.0.1:9000/b/")
        #expect(endpoint.hostHeader(bucket: "b") == "127.0.0.1:9000")
        #expect(endpoint.description == "http://127.0.0.1:9000")
    }

    @Test(arguments: [
        ("", EndpointError.Reason.empty),
        ("ftp://host", .unsupportedScheme("ftp")),
        ("http://", .emptyHost),
        ("http://:9000", .emptyHost),
        ("http://host/bucket", .hasPath("/bucket")),
        ("http://host?x=1", .hasPath("host?x=1")),
        ("http://user@host", .hasUserInfo),
        ("http://host:0", .invalidPort("0")),
        ("http://host:99999", .invalidPort("99999")),
        ("http://host:abc", .invalidPort("abc")),
        ("http://bad host", .invalidHost("bad host")),
    ])
    func rejects(_ input: String, _ reason: EndpointError.Reason) {
        #expect(throws: EndpointError(input: input, reason: reason)) {
            try OSSEndpoint(parsing: input)
        }
    }

    @Test func errorMessageNamesInputAndFix() {
        let error = EndpointError(input: "http://host/bucket", reason: .hasPath("/bucket"))
        #expect(error.description.contains("http://host/bucket"))
        #expect(error.description.contains("scheme://host[:port]"))
    }
}
