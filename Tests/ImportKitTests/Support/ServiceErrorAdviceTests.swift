import OSSClient
import OSSCore
import Testing

@testable import ImportKit

/// Service errors that mean "the configuration is wrong" name the job-file keys of the side that failed.
@Suite struct ServiceErrorAdviceTests {
    static func advice(_ code: String, status: Int = 403, endpoint: String? = nil, side: ConfigSide = .destination) -> String? {
        ServiceErrorAdvice.message(
            for: .init(status: status, code: code, message: "msg", requestId: "RID1", endpoint: endpoint),
            side: side, bucket: "photos", domain: "http://oss-cn-hangzhou.aliyuncs.com")
    }

    @Test(arguments: [
        ("InvalidAccessKeyId", ConfigSide.destination, ["destAccessKey", "OSS_ACCESS_KEY_ID"]),
        ("SignatureDoesNotMatch", .destination, ["destSecretKey", "destAccessKey", "OSS_ACCESS_KEY_SECRET"]),
        ("InvalidAccessKeyId", .source, ["srcAccessKey"]),
        ("SignatureDoesNotMatch", .source, ["srcSecretKey", "srcAccessKey"]),
        ("NoSuchBucket", .destination, ["\"photos\"", "destBucket", "destDomain"]),
        ("NoSuchBucket", .source, ["\"photos\"", "srcBucket"]),
        ("InvalidBucketName", .destination, ["destBucket"]),
        ("AccessDenied", .destination, ["destAccessKey", "\"photos\""]),
        ("SecurityTokenExpired", .destination, ["destSecurityToken"]),
        ("UserDisable", .source, ["srcAccessKey"]),
    ])
    func namesTheKeysToFix(code: String, side: ConfigSide, words: [String]) throws {
        let text = try #require(Self.advice(code, side: side))
        for word in words { #expect(text.contains(word), "\(text)") }
        #expect(text.contains(code) && text.contains("RequestId: RID1"), "\(text)")
        let other = side == .destination ? "srcAccessKey" : "destAccessKey"
        #expect(!text.contains(other))
    }

    @Test func accessDeniedWithTheBucketsEndpointSuggestsIt() throws {
        let text = try #require(Self.advice("AccessDenied", endpoint: "oss-cn-shanghai.aliyuncs.com"))
        #expect(text.contains("write destDomain=http://oss-cn-shanghai.aliyuncs.com"), "\(text)")
        let s3 = try #require(Self.advice("PermanentRedirect", status: 301, endpoint: "photos.s3.eu-west-1.amazonaws.com", side: .source))
        #expect(s3.contains("write srcDomain=http://photos.s3.eu-west-1.amazonaws.com"), "\(s3)")
    }

    @Test func otherErrorsAreNotAboutTheConfiguration() {
        #expect(Self.advice("NoSuchKey", status: 404) == nil)
        #expect(Self.advice("InternalError", status: 500) == nil)
    }

    @Test func parsesTheEndpointOfAnOSSErrorBody() throws {
        let body = Array("<Error><Code>AccessDenied</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><RequestId>R</RequestId><Endpoint>oss-cn-beijing.aliyuncs.com</Endpoint></Error>".utf8)
        let error = OSSClientError.service(OSSServiceError.parse(status: 403, body: body, requestId: nil))
        let text = try #require(ServiceErrorAdvice.message(for: error, side: .destination, bucket: "b", domain: "https://oss-cn-hangzhou.aliyuncs.com"))
        #expect(text.contains("write destDomain=https://oss-cn-beijing.aliyuncs.com"), "\(text)")
    }
}
