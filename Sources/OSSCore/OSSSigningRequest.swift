/// What a signer needs from a request: method, bucket, key, query and headers. No body, no URL.
public struct OSSSigningRequest: Sendable {
    /// HTTP method, upper-case (`PUT`, `GET`, ...).
    public var method: String
    /// Bucket name, nil for service-level requests.
    public var bucket: String?
    /// Object key as raw UTF-8 (not percent-encoded); nil or empty for bucket-level requests.
    public var key: String?
    /// Query parameters in order. A nil or empty value is a bare parameter such as `?uploads`.
    public var query: [(name: String, value: String?)]
    /// Request headers; signing adds `Date`, `Authorization` and friends.
    public var headers: OSSHeaders

    /// A request to sign.
    public init(
        method: String,
        bucket: String? = nil,
        key: String? = nil,
        query: [(name: String, value: String?)] = [],
        headers: OSSHeaders = OSSHeaders()
    ) {
        self.method = method
        self.bucket = bucket
        self.key = key
        self.query = query
        self.headers = headers
    }
}
