/// An OSS error response produced by oss-local: HTTP status, OSS `Code`, message and `EC`.
struct OSSLocalError: Error, Sendable {
    var status: Int
    var code: String
    var message: String
    var ec: String
    /// Extra elements rendered inside `<Error>` (e.g. `Key`, `BucketName`, `UploadId`).
    var extra: [(String, String)] = []

    init(status: Int, code: String, message: String, ec: String = "0000-00000000", extra: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.ec = ec
        self.extra = extra
    }

    static func noSuchBucket(_ bucket: String) -> OSSLocalError {
        OSSLocalError(status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist.",
                      ec: "0015-00000101", extra: [("BucketName", bucket)])
    }
    static func noSuchKey(_ key: String) -> OSSLocalError {
        OSSLocalError(status: 404, code: "NoSuchKey", message: "The specified key does not exist.",
                      ec: "0026-00000001", extra: [("Key", key)])
    }
    static func noSuchUpload(_ uploadId: String) -> OSSLocalError {
        OSSLocalError(status: 404, code: "NoSuchUpload",
                      message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
                      ec: "0042-00000002", extra: [("UploadId", uploadId)])
    }
    static func invalidArgument(_ message: String, name: String? = nil, value: String? = nil) -> OSSLocalError {
        var extra: [(String, String)] = []
        if let name { extra.append(("ArgumentName", name)) }
        if let value { extra.append(("ArgumentValue", value)) }
        return OSSLocalError(status: 400, code: "InvalidArgument", message: message, ec: "0017-00000001", extra: extra)
    }
    static func invalidObjectName(_ reason: String) -> OSSLocalError {
        OSSLocalError(status: 400, code: "InvalidObjectName", message: "The specified object is not valid: \(reason)",
                      ec: "0016-00000005")
    }
    static func invalidBucketName(_ bucket: String) -> OSSLocalError {
        OSSLocalError(status: 400, code: "InvalidBucketName", message: "The specified bucket is not valid.",
                      ec: "0015-00000001", extra: [("BucketName", bucket)])
    }
    static func internalError(_ message: String) -> OSSLocalError {
        OSSLocalError(status: 500, code: "InternalError", message: message, ec: "0000-00000001")
    }
    static func notImplemented(_ what: String) -> OSSLocalError {
        OSSLocalError(status: 501, code: "NotImplemented", message: "oss-local does not implement \(what).",
                      ec: "0000-00000002")
    }
    static func methodNotAllowed() -> OSSLocalError {
        OSSLocalError(status: 405, code: "MethodNotAllowed", message: "The specified method is not allowed against this resource.",
                      ec: "0000-00000003")
    }
    static func accessDenied(_ message: String) -> OSSLocalError {
        OSSLocalError(status: 403, code: "AccessDenied", message: message, ec: "0003-00000001")
    }
}
