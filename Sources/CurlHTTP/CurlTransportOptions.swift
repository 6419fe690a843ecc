/// Settings of a `CurlTransport`.
public struct CurlTransportOptions: Sendable {
    /// Default time limits; `HTTPRequest.timeouts` overrides them per request.
    public var timeouts = HTTPTimeouts()
    /// Number of dedicated threads, each running its own curl multi handle (and connection cache).
    public var eventLoops = 2
    /// Connections to one host per event loop; 0 = unlimited (transfers beyond the limit queue inside curl).
    public var maxConnectionsPerHost = 0
    /// Connections in total per event loop; 0 = unlimited.
    public var maxTotalConnections = 0
    /// Idle connections each event loop keeps open for reuse (`CURLMOPT_MAXCONNECTS`).
    public var connectionCacheSize = 1000
    /// Verify the server certificate and host name. Turn off only for tests.
    public var verifyTLS = true
    /// CA bundle file; nil = libcurl's default.
    public var caInfo: String? = nil
    /// CA certificate directory; nil = libcurl's default.
    public var caPath: String? = nil
    /// Shared upload bandwidth limit; nil = unlimited.
    public var rateLimiter: RateLimiter? = nil
    /// `User-Agent` sent unless a request sets its own.
    public var userAgent = "ossimport-swift/0.1"

    public init() {}

    public init(
        timeouts: HTTPTimeouts = HTTPTimeouts(),
        eventLoops: Int = 2,
        maxConnectionsPerHost: Int = 0,
        maxTotalConnections: Int = 0,
        connectionCacheSize: Int = 1000,
        verifyTLS: Bool = true,
        caInfo: String? = nil,
        caPath: String? = nil,
        rateLimiter: RateLimiter? = nil,
        userAgent: String = "ossimport-swift/0.1"
    ) {
        self.timeouts = timeouts
        self.eventLoops = eventLoops
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxTotalConnections = maxTotalConnections
        self.connectionCacheSize = connectionCacheSize
        self.verifyTLS = verifyTLS
        self.caInfo = caInfo
        self.caPath = caPath
        self.rateLimiter = rateLimiter
        self.userAgent = userAgent
    }
}
