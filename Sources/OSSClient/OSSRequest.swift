import CurlHTTP
import OSSCore

/// One OSS API call before signing: the operation name is used in errors and logs.
struct OSSRequest: Sendable {
    var operation: String
    var method: String
    var bucket: String?
    var key: String?
    var query: [(name: String, value: String?)] = []
    var headers = OSSHeaders()
    var body: HTTPBody = .empty
    var timeouts: HTTPTimeouts?
    /// Overrides the client's retry policy for this request.
    var retry: RetryPolicy?
    var maxResponseBodyInMemory = 16 << 20
    /// See ``HTTPRequest/recheckBodyFile``.
    var recheckBodyFile: BodyFileRecheck?

    init(_ operation: String, _ method: String, bucket: String?, key: String? = nil) {
        self.operation = operation
        self.method = method
        self.bucket = bucket
        self.key = key
    }
}
