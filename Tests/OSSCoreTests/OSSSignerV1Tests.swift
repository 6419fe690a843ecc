import Foundation
import OSSCore
import Testing

@Suite struct OSSSignerV1Tests {
    @Test func vectorFileLoads() throws {
        let vectors = try FixtureLoader.decode(SignatureVectors.self, from: "oss-signature-v1")
        #expect(vectors.cases.count > 10)
        #expect(SignatureVectors.v1.cases.count == vectors.cases.count)
    }

    @Test(arguments: SignatureVectors.v1.cases)
    func vector(_ c: SignatureVectors.Case) {
        let request = c.request
        #expect(OSSSignerV1.stringToSign(request) == c.stringToSign)
        #expect(OSSSignerV1.authorization(request, credentials: SignatureVectors.v1.credentials) == c.authorization)
    }

    @Test func signSetsDateAndAuthorization() throws {
        let vectors = SignatureVectors.v1
        let c = try #require(vectors.cases.first { $0.name == "put-simple" })
        var request = c.request
        request.headers.remove("Date")
        // Sun, 22 Nov 2026 08:00:00 GMT
        let date = Date(timeIntervalSince1970: 1_795_334_400)
        OSSSignerV1.sign(&request, credentials: vectors.credentials, date: date)
        #expect(request.headers["date"] == "Sun, 22 Nov 2026 08:00:00 GMT")
        #expect(request.headers["authorization"] == c.authorization)
        #expect(!request.headers.contains("x-oss-security-token"))
    }

    @Test func signWithTokenAddsSecurityTokenHeader() throws {
        let vectors = SignatureVectors.v1
        let c = try #require(vectors.cases.first { $0.name == "sts-token" })
        var request = c.request
        request.headers.remove("x-oss-security-token")
        request.headers.remove("Date")
        var credentials = vectors.credentials
        credentials.securityToken = "CAIS+token/with=chars"
        OSSSignerV1.sign(&request, credentials: credentials, date: Date(timeIntervalSince1970: 1_795_334_400))
        #expect(request.headers["x-oss-security-token"] == "CAIS+token/with=chars")
        #expect(request.headers["Authorization"] == c.authorization)
    }

    @Test func goSDKVector() {
        // Go SDK v2 signer_test.go TestV1AuthHeader (spec §7.1).
        var request = OSSSigningRequest(
            method: "PUT", bucket: "examplebucket", key: "nelson",
            headers: [
                "Content-MD5": "eB5eJF1ptWaXm4bijSPyxw==", "Content-Type": "text/html",
                "x-oss-meta-author": "alice", "x-oss-meta-magic": "abracadabra",
                "x-oss-date": "Wed, 28 Dec 2022 10:27:41 GMT",
            ])
        let credentials = OSSCredentials(accessKeyId: "ak", accessKeySecret: "sk")
        #expect(OSSSignerV1.authorization(request, credentials: credentials) == "OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=")
        request.query = [(name: "acl", value: nil)]
        #expect(OSSSignerV1.authorization(request, credentials: credentials) == "OSS ak:/afkugFbmWDQ967j1vr6zygBLQk=")
    }

    @Test func serviceLevelResourceIsSlash() {
        let request = OSSSigningRequest(method: "GET", headers: ["Date": "D"])
        #expect(OSSSignerV1.stringToSign(request) == "GET\n\n\nD\n/")
    }

    @Test func unsignedListParametersAreLeftOut() {
        let request = OSSSigningRequest(
            method: "GET", bucket: "b",
            query: [(name: "prefix", value: "a/"), (name: "uploads", value: nil), (name: "delimiter", value: "/"),
                    (name: "acl", value: "")],
            headers: ["Date": "D"])
        #expect(OSSSignerV1.stringToSign(request) == "GET\n\n\nD\n/b/?acl&uploads")
    }
}
