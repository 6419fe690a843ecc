import OSSCore
import Testing

@Suite struct OSSBucketNameTests {
    @Test(arguments: ["abc", "my-bucket-01", "0bucket", String(repeating: "a", count: 63)])
    func valid(_ name: String) {
        #expect(OSSBucketName.validate(name) == nil)
    }

    @Test(arguments: [
        ("", "empty"), ("ab", "3 to 63"), (String(repeating: "a", count: 64), "3 to 63"), ("MyBucket", "lower-case"),
        ("my_bucket", "lower-case"), ("-abc", "start or end"), ("abc-", "start or end"),
        ("b.oss-cn-hangzhou.aliyuncs.com", "'.'"),
    ])
    func invalid(_ name: String, _ reasonFragment: String) throws {
        let reason = try #require(OSSBucketName.validate(name))
        #expect(reason.contains(reasonFragment))
    }
}
