import CurlHTTP
import Testing

@Suite struct HTTPHeadersTests {
    @Test func caseInsensitiveLookupKeepsOrderAndDuplicates() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "x-oss-meta-a": "1"]
        headers.add(name: "X-OSS-META-A", value: "2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.values(name: "x-oss-meta-a") == ["1", "2"])
        #expect(headers.map(\.name) == ["Content-Type", "x-oss-meta-a", "X-OSS-META-A"])
    }

    @Test func subscriptSetReplacesAllAndNilRemoves() {
        var headers: HTTPHeaders = ["A": "1", "b": "2", "a": "3"]
        headers["a"] = "9"
        #expect(headers.values(name: "A") == ["9"])
        #expect(headers.count == 2)
        headers["B"] = nil
        #expect(headers.first(name: "b") == nil)
        headers["New"] = "x"
        #expect(headers.map(\.name) == ["A", "New"])
    }

    @Test func descriptionRedactsCredentials() {
        let headers: HTTPHeaders = ["Authorization": "OSS ak:secret-signature", "x-oss-security-token": "tok", "Date": "now"]
        #expect(!headers.description.contains("secret-signature"))
        #expect(!headers.description.contains("tok\n"))
        #expect(headers.description.contains("Date: now"))
    }
}
