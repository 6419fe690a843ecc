/// One HTTP request to execute with an `HTTPTransport`.
public struct HTTPRequest: Sendable {
    /// `GET`, `PUT`, `POST`, `HEAD`, `DELETE` or any other token.
    public var method: String
    /// Absolute `http://` or `https://` URL, already percent-encoded.
    public var url: String
    /// Header fields sent as given. The transport adds `Host`, `Content-Length`, `User-Agent` (unless set) and
    /// `Expect: 100-continue` for bodies of 1 MiB or more; it never adds `Content-Type` or `Accept-Encoding`.
    public var headers: HTTPHeaders
    public var body: HTTPBody
    /// A response body kept in memory larger than this fails with `.responseTooLarge`.
    public var maxResponseBodyInMemory: Int = 16 << 20
    /// Overrides the transport's timeouts for this request.
    public var timeouts: HTTPTimeouts? = nil
    /// For a `.file` body: stat its path again on the transport's thread once a 2xx response has arrived and return
    /// it as ``HTTPResponse/bodyFileAfter``, so a caller checking that the file did not change while it was sent
    /// needs no thread of its own for that (`nil`: not looked at). The path is opened on that thread already.
    public var recheckBodyFile: BodyFileRecheck? = nil

    public init(method: String, url: String, headers: HTTPHeaders = HTTPHeaders(), body: HTTPBody = .empty) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// `scheme://host/path` without the query (which may carry a presigned signature) or user info: safe for messages.
    var redactedURL: String {
        var text = Substring(url)
        if let queryStart = text.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            text = text[..<queryStart]
        }
        let utf8 = Array(text.utf8)
        guard let schemeEnd = (0..<max(0, utf8.count - 2)).first(where: { utf8[$0] == 0x3A && utf8[$0 + 1] == 0x2F && utf8[$0 + 2] == 0x2F })
        else { return String(text) }
        let authorityStart = schemeEnd + 3
        let authorityEnd = utf8[authorityStart...].firstIndex(of: 0x2F) ?? utf8.count
        guard let at = utf8[authorityStart..<authorityEnd].lastIndex(of: 0x40) else { return String(text) }
        return String(decoding: utf8[..<authorityStart] + utf8[(at + 1)...], as: UTF8.self)
    }
}
