import Foundation
import OSSCore
import Testing

@Suite struct OSSSignerV4Tests {
    @Test func vectorFileLoads() throws {
        let vectors = try FixtureLoader.decode(SignatureVectors.self, from: "oss-signature-v4")
        #expect(vectors.cases.count > 10)
        #expect(vectors.cases.contains { !($0.additionalHeaders ?? []).isEmpty })
    }

    @Test(arguments: SignatureVectors.v4.cases)
    func vector(_ c: SignatureVectors.Case) throws {
        let vectors = SignatureVectors.v4
        let signer = OSSSignerV4(region: try #require(c.region ?? vectors.region))
        let dateTime = try #require(vectors.dateTime)
        let additional = c.additionalHeaders ?? []
        let request = c.request
        #expect(signer.canonicalRequest(request, additionalHeaders: additional) == c.canonicalRequest)
        #expect(signer.stringToSign(request, dateTime: dateTime, additionalHeaders: additional) == c.stringToSign)
        #expect(
            signer.authorization(request, credentials: vectors.credentials, dateTime: dateTime, additionalHeaders: additional)
                == c.authorization)
    }

    @Test func signSetsAllHeaders() throws {
        let vectors = SignatureVectors.v4
        let c = try #require(vectors.cases.first { $0.name == "v4-additional-host" })
        var request = c.request
        request.headers.remove("x-oss-date")
        request.headers.remove("x-oss-content-sha256")
        let signer = OSSSignerV4(region: "cn-hangzhou")
        signer.sign(&request, credentials: vectors.credentials, date: Date(timeIntervalSince1970: 1_795_334_400),
                    additionalHeaders: ["Host"])
        #expect(request.headers["x-oss-date"] == "20261122T080000Z")
        #expect(request.headers["x-oss-content-sha256"] == "UNSIGNED-PAYLOAD")
        #expect(request.headers["Date"] == "Sun, 22 Nov 2026 08:00:00 GMT")
        #expect(request.headers["Authorization"] == c.authorization)
        #expect(!request.headers.contains("x-oss-security-token"))
    }

    @Test func signWithTokenMatchesStsVector() throws {
        let vectors = SignatureVectors.v4
        let c = try #require(vectors.cases.first { $0.name == "sts-token" })
        var request = c.request
        request.headers.remove("x-oss-security-token")
        var credentials = vectors.credentials
        credentials.securityToken = "CAIS+token/with=chars"
        OSSSignerV4(region: "cn-hangzhou").sign(&request, credentials: credentials, date: Date(timeIntervalSince1970: 1_795_334_400))
        #expect(request.headers["x-oss-security-token"] == "CAIS+token/with=chars")
        #expect(request.headers["Authorization"] == c.authorization)
    }

    @Test func goSDKVector() {
        // Go SDK v2 TestV4AuthHeader (spec §7.2): canonical URI/query and signature.
        let request = OSSSigningRequest(
            method: "PUT", bucket: "bucket", key: "1234+-/123/1.txt",
            query: [(name: "param1", value: "value1"), (name: "+param1", value: "value3"),
                    (name: "|param1", value: "value4"), (name: "+param2", value: nil), (name: "|param2", value: nil),
                    (name: "param2", value: nil)],
            headers: ["x-oss-head1": "value", "abc": "value", "ZAbc": "value", "XYZ": "value",
                      "content-type": "text/plain", "x-oss-content-sha256": "UNSIGNED-PAYLOAD",
                      "x-oss-date": "20231216T162057Z"])
        let signer = OSSSignerV4(region: "cn-hangzhou")
        let canonical = signer.canonicalRequest(request, additionalHeaders: [])
        let lines = canonical.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/bucket/1234%2B-/123/1.txt")
        #expect(lines[2] == "%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2")
        let auth = signer.authorization(
            request, credentials: OSSCredentials(accessKeyId: "ak", accessKeySecret: "sk"),
            dateTime: "20231216T162057Z", additionalHeaders: [])
        #expect(auth.hasSuffix("Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe"))
    }

    @Test func additionalHeadersAbsentOrDefaultAreIgnored() {
        let request = OSSSigningRequest(method: "GET", bucket: "b", key: "k",
                                        headers: ["x-oss-date": "20261122T080000Z", "Content-Type": "a/b"])
        let signer = OSSSignerV4(region: "cn-hangzhou")
        let auth = signer.authorization(
            request, credentials: OSSCredentials(accessKeyId: "ak", accessKeySecret: "sk"),
            dateTime: "20261122T080000Z", additionalHeaders: ["host", "content-type", "x-oss-meta-a"])
        #expect(!auth.contains("AdditionalHeaders"))
    }

    @Test func serviceLevelCanonicalURI() {
        let request = OSSSigningRequest(method: "GET", headers: ["x-oss-content-sha256": "UNSIGNED-PAYLOAD"])
        let canonical = OSSSignerV4(region: "cn-hangzhou").canonicalRequest(request, additionalHeaders: [])
        #expect(canonical == "GET\n/\n\nx-oss-content-sha256:UNSIGNED-PAYLOAD\n\n\nUNSIGNED-PAYLOAD")
    }
}
