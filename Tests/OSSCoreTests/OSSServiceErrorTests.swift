import OSSCore
import Testing

@Suite struct OSSServiceErrorTests {
    static let accessDenied = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Error>
          <Code>AccessDenied</Code>
          <Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message>
          <RequestId>5C3D9175B6FC201293AD4890</RequestId>
          <HostId>b.oss-cn-beijing.aliyuncs.com</HostId>
          <Bucket>b</Bucket>
          <Endpoint>oss-cn-hangzhou.aliyuncs.com</Endpoint>
          <EC>0003-00001403</EC>
        </Error>
        """

    @Test func parsesErrorBody() {
        let error = OSSServiceError.parse(status: 403, body: Array(Self.accessDenied.utf8), requestId: "header-id")
        #expect(error.statusCode == 403)
        #expect(error.code == "AccessDenied")
        #expect(error.requestId == "5C3D9175B6FC201293AD4890")
        #expect(error.hostId == "b.oss-cn-beijing.aliyuncs.com")
        #expect(error.ec == "0003-00001403")
        #expect(error.endpoint == "oss-cn-hangzhou.aliyuncs.com")
        #expect(error.description == "OSS error 403 AccessDenied: The bucket you are attempting to access must be "
            + "addressed using the specified endpoint. (RequestId: 5C3D9175B6FC201293AD4890, EC: 0003-00001403, "
            + "Endpoint: oss-cn-hangzhou.aliyuncs.com)")
    }

    @Test func fallsBackForNonXMLBody() {
        let error = OSSServiceError.parse(status: 503, body: Array("<html>\n  upstream   down\n</html".utf8), requestId: "rid")
        #expect(error.code == "ServiceUnavailable")
        #expect(error.message == "<html> upstream down </html")
        #expect(error.requestId == "rid")
        #expect(error.description == "OSS error 503 ServiceUnavailable: <html> upstream down </html (RequestId: rid)")

        let empty = OSSServiceError.parse(status: 404, body: [], requestId: nil)
        #expect(empty.code == "NotFound")
        #expect(empty.description == "OSS error 404 NotFound (RequestId: none)")
    }

    @Test func requestIdFromHeaderWhenBodyHasNone() {
        let body = Array("<Error><Code>InternalError</Code><Message>m</Message></Error>".utf8)
        let error = OSSServiceError.parse(status: 500, body: body, requestId: "hdr")
        #expect(error.requestId == "hdr")
        #expect(error.code == "InternalError")
    }

    @Test func headErrorHeader() {
        let xml = "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
            + "<RequestId>R1</RequestId><EC>0026-00000001</EC></Error>"
        let encoded = Base64.encode(Array(xml.utf8))
        let error = OSSServiceError.fromHeadErrorHeader(status: 404, xOssErr: encoded, requestId: "R0")
        #expect(error.code == "NoSuchKey")
        #expect(error.requestId == "R1")
        #expect(error.ec == "0026-00000001")

        let missing = OSSServiceError.fromHeadErrorHeader(status: 404, xOssErr: nil, requestId: "R0")
        #expect(missing.code == "NotFound")
        #expect(missing.requestId == "R0")

        let garbage = OSSServiceError.fromHeadErrorHeader(status: 403, xOssErr: "!!!", requestId: nil)
        #expect(garbage.code == "Forbidden")
    }

    @Test func parseFromHeaders() {
        let xml = "<Error><Code>NoSuchKey</Code><Message>m</Message></Error>"
        let headers: OSSHeaders = ["X-Oss-Request-Id": "RID", "x-oss-err": Base64.encode(Array(xml.utf8)), "x-oss-ec": "0026-1"]
        let error = OSSServiceError.parse(status: 404, body: [], headers: headers)
        #expect(error.code == "NoSuchKey")
        #expect(error.requestId == "RID")
        #expect(error.ec == "0026-1")
    }

    @Test func xmlBodyRoundTrips() {
        let original = OSSServiceError(
            statusCode: 409, code: "FileAlreadyExists", message: "The object <a&b> already exists.", requestId: "R",
            hostId: "h", ec: "0026-00000003", endpoint: nil)
        let parsed = OSSServiceError.parse(status: 409, body: original.xmlBody(), requestId: nil)
        #expect(parsed == original)
    }
}
