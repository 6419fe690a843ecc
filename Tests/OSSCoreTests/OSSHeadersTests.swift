import OSSCore
import Testing

@Suite struct OSSHeadersTests {
    @Test func caseInsensitiveAccess() {
        var headers = OSSHeaders()
        headers["Content-Type"] = "text/plain"
        headers.add("x-oss-meta-a", "1")
        headers.add("X-OSS-META-A", "2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.values("x-oss-meta-a") == ["1", "2"])
        #expect(headers.contains("CONTENT-TYPE"))
        headers["x-oss-meta-a"] = "3"
        #expect(headers.values("X-Oss-Meta-A") == ["3"])
        headers["content-type"] = nil
        #expect(!headers.contains("Content-Type"))
        #expect(headers.count == 1)
        headers.remove("x-oss-meta-a")
        #expect(headers.count == 0)
    }

    @Test func keepsOrderAndRedactsSecrets() {
        let headers: OSSHeaders = ["B": "1", "A": "2", "Authorization": "OSS ak:SIGVALUE", "x-oss-security-token": "STSVALUE"]
        #expect(headers.map(\.name) == ["B", "A", "Authorization", "x-oss-security-token"])
        #expect(!headers.description.contains("SIGVALUE"))
        #expect(!headers.description.contains("STSVALUE"))
    }
}
