/// An error response from OSS: HTTP status plus the `<Error>` body fields.
///
/// `description`: `OSS error 403 AccessDenied: <message> (RequestId: X, EC: Y)`.
public struct OSSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP status code.
    public var statusCode: Int
    /// OSS error code (`NoSuchKey`, `AccessDenied`, ...), or an HTTP reason such as `ServiceUnavailable`
    /// when the body was not an OSS error document.
    public var code: String
    /// Human message from OSS (or a short excerpt of a non-XML body).
    public var message: String
    /// `RequestId` from the body or the `x-oss-request-id` header; empty if neither was present.
    public var requestId: String
    /// `HostId` from the body.
    public var hostId: String?
    /// Detailed error code (`EC`, e.g. `0003-00000001`) from the body or the `x-oss-ec` header.
    public var ec: String?
    /// `<Endpoint>` from the body: the endpoint the bucket must be reached through (wrong-endpoint AccessDenied).
    public var endpoint: String?

    public init(
        statusCode: Int, code: String, message: String, requestId: String, hostId: String? = nil, ec: String? = nil,
        endpoint: String? = nil
    ) {
        self.statusCode = statusCode
        self.code = code
        self.message = message
        self.requestId = requestId
        self.hostId = hostId
        self.ec = ec
        self.endpoint = endpoint
    }

    public var description: String {
        var context = ["RequestId: \(requestId.isEmpty ? "none" : requestId)"]
        if let ec, !ec.isEmpty { context.append("EC: \(ec)") }
        if let endpoint, !endpoint.isEmpty { context.append("Endpoint: \(endpoint)") }
        let text = message.isEmpty ? "" : ": \(message)"
        return "OSS error \(statusCode) \(code)\(text) (\(context.joined(separator: ", ")))"
    }

    /// Builds the error from a response body. If the body is an `<Error>` document its fields are used
    /// (body `RequestId` wins over the header); otherwise `code` is the HTTP reason (`NotFound`,
    /// `ServiceUnavailable`, ...) and `message` a printable excerpt of the body.
    public static func parse(status: Int, body: [UInt8], requestId: String?, ec: String? = nil) -> OSSServiceError {
        if let element = try? XMLReader.parse(body), element.name == "Error" {
            return from(element, status: status, requestId: requestId, ec: ec)
        }
        return OSSServiceError(
            statusCode: status, code: reasonCode(status), message: excerpt(body), requestId: requestId ?? "",
            ec: ec.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Builds the error for a HEAD (or other bodiless) response, where OSS puts the error XML base64-encoded
    /// in the `x-oss-err` header. Falls back to the HTTP reason if the header is absent or unreadable.
    public static func fromHeadErrorHeader(status: Int, xOssErr: String?, requestId: String?, ec: String? = nil)
        -> OSSServiceError
    {
        if let xOssErr, let xml = Base64.decode(xOssErr), let element = try? XMLReader.parse(xml), element.name == "Error" {
            return from(element, status: status, requestId: requestId, ec: ec)
        }
        return OSSServiceError(
            statusCode: status, code: reasonCode(status), message: "", requestId: requestId ?? "",
            ec: ec.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The error as an OSS `<Error>` document (what the local server sends).
    public func xmlBody() -> [UInt8] {
        var xml = XMLWriter()
        xml.element("Error") { xml in
            xml.element("Code", code)
            xml.element("Message", message)
            xml.element("RequestId", requestId)
            if let hostId { xml.element("HostId", hostId) }
            if let endpoint { xml.element("Endpoint", endpoint) }
            if let ec { xml.element("EC", ec) }
        }
        return xml.bytes
    }

    private static func from(_ element: XMLElement, status: Int, requestId: String?, ec: String?) -> OSSServiceError {
        let bodyRequestId = element.childText("RequestId").flatMap { $0.isEmpty ? nil : $0 }
        let bodyEC = element.childText("EC").flatMap { $0.isEmpty ? nil : $0 }
        return OSSServiceError(
            statusCode: status,
            code: element.childText("Code").flatMap { $0.isEmpty ? nil : $0 } ?? reasonCode(status),
            message: element.childText("Message") ?? "",
            requestId: bodyRequestId ?? requestId ?? "",
            hostId: element.childText("HostId"),
            ec: bodyEC ?? ec.flatMap { $0.isEmpty ? nil : $0 },
            endpoint: element.childText("Endpoint"))
    }

    /// A code-like HTTP reason for bodies that are not OSS errors.
    static func reasonCode(_ status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 405: "MethodNotAllowed"
        case 408: "RequestTimeout"
        case 409: "Conflict"
        case 411: "LengthRequired"
        case 412: "PreconditionFailed"
        case 416: "InvalidRange"
        case 429: "TooManyRequests"
        case 500: "InternalError"
        case 502: "BadGateway"
        case 503: "ServiceUnavailable"
        case 504: "GatewayTimeout"
        default: "HTTP\(status)"
        }
    }

    /// Up to 200 printable characters of a non-XML body, whitespace collapsed.
    static func excerpt(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        let text = String(decoding: body.prefix(400), as: UTF8.self)
        var out = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isSpace = scalar.properties.isWhitespace || scalar.value < 0x20
            if isSpace {
                if !lastWasSpace && !out.isEmpty { out.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
            if out.count >= 200 { break }
        }
        return out.trimmingASCIISpaces()
    }
}
