/// The final response to an `HTTPRequest` (after any `100 Continue`).
public struct HTTPResponse: Sendable {
    /// HTTP status code, e.g. 200.
    public var status: Int
    /// Header fields of the final response, in order.
    public var headers: HTTPHeaders
    /// The response body when kept in memory; empty when a sink consumed it (2xx responses with a sink).
    public var body: [UInt8]
    /// CRC-64/XZ of the request body bytes handed to the connection (restarted when curl rewinds the body).
    public var sentBodyCRC64: UInt64
    /// CRC-64/XZ of the response body bytes received (whether kept in memory or passed to a sink).
    public var receivedBodyCRC64: UInt64
    /// Request body bytes sent.
    public var bytesSent: Int64
    /// Response body bytes received.
    public var bytesReceived: Int64
    /// The request's body file looked at again after the response (``HTTPRequest/recheckBodyFile``); `nil` when not
    /// asked for, not a 2xx response, or the path could not be stat'ed (deleted, say).
    public var bodyFileAfter: BodyFileStatus? = nil

    public init(
        status: Int,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        sentBodyCRC64: UInt64 = 0,
        receivedBodyCRC64: UInt64 = 0,
        bytesSent: Int64 = 0,
        bytesReceived: Int64 = 0
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.sentBodyCRC64 = sentBodyCRC64
        self.receivedBodyCRC64 = receivedBodyCRC64
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
    }

    /// True for 2xx statuses.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
