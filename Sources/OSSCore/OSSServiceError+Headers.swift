extension OSSServiceError {
    /// Like `parse(status:body:requestId:ec:)`, taking `x-oss-request-id` and `x-oss-ec` from `headers`;
    /// for bodiless responses it reads the base64 `x-oss-err` header instead.
    public static func parse(status: Int, body: [UInt8], headers: OSSHeaders) -> OSSServiceError {
        let requestId = headers["x-oss-request-id"]
        let ec = headers["x-oss-ec"]
        if body.isEmpty, let xOssErr = headers["x-oss-err"] {
            return fromHeadErrorHeader(status: status, xOssErr: xOssErr, requestId: requestId, ec: ec)
        }
        return parse(status: status, body: body, requestId: requestId, ec: ec)
    }

    /// Same as `parse(status:body:requestId:)`, spelled as in the original contract (`headers` = the
    /// `x-oss-request-id` header value).
    public static func parse(status: Int, body: [UInt8], headers requestId: String?) -> OSSServiceError {
        parse(status: status, body: body, requestId: requestId, ec: nil)
    }
}
