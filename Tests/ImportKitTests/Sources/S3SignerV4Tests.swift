import Foundation
import OSSCore
import S3Compatible
import TestSupport
import Testing

@testable import ImportKit

/// AWS's published SigV4 example for S3 ("GET Object" with `Range: bytes=0-9`).
@Suite struct S3SignerV4Tests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    @Test func getObjectWithRangeMatchesAWSExample() {
        let request = S3SignerV4.Request(method: "GET", path: "/test.txt", headers: [
            ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("x-amz-date", "20130524T000000Z"),
        ])
        let signer = S3SignerV4(region: "us-east-1")
        #expect(S3SignerV4.signedHeaders(request) == "host;range;x-amz-content-sha256;x-amz-date")
        #expect(signer.signature(request, secret: Self.secret, amzDate: "20130524T000000Z")
            == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func signAddsUnsignedPayloadAndAuthorization() throws {
        var request = S3SignerV4.Request(method: "GET", path: "/bucket/a b", query: [("list-type", "2")], headers: [("host", "127.0.0.1:9000")])
        S3SignerV4(region: "us-east-1").sign(&request, accessKeyId: "AKID", secret: "s", date: Date(timeIntervalSince1970: 1_369_353_600))
        let auth = try #require(request.headers.first { $0.name == "Authorization" }?.value)
        #expect(auth.hasPrefix("AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="))
        #expect(!auth.contains("s3cr"))
        #expect(request.headers.contains { $0.name == "x-amz-content-sha256" && $0.value == "UNSIGNED-PAYLOAD" })
        #expect(S3SignerV4(region: "x").canonicalRequest(request).contains("/bucket/a%20b\nlist-type=2\n"))
    }

    @Test(arguments: [
        ("s3.us-west-2.amazonaws.com", "us-west-2"), ("s3.dualstack.eu-west-1.amazonaws.com", "eu-west-1"),
        ("s3-ap-south-1.amazonaws.com", "ap-south-1"), ("cos.ap-guangzhou.myqcloud.com", nil), ("s3.amazonaws.com", nil),
    ] as [(String, String?)])
    func regionFromHost(host: String, region: String?) {
        #expect(S3Client.region(fromHost: host) == region)
    }

    @Test func pathStyleForIPsAndLocalhost() {
        #expect(S3Client.isPathStyleHost("127.0.0.1"))
        #expect(S3Client.isPathStyleHost("localhost"))
        #expect(S3Client.isPathStyleHost("::1"))
        #expect(!S3Client.isPathStyleHost("s3.us-east-1.amazonaws.com"))
    }
}
