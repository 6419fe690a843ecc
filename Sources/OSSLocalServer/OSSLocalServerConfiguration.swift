import NIOCore

/// How to run an ``OSSLocalServer``.
public struct OSSLocalServerConfiguration: Sendable {
    /// Directory holding buckets and objects (created if missing).
    public var root: String
    /// Address to bind.
    public var host: String
    /// Port to bind; 0 picks a free one (``OSSLocalServer/start()`` returns it).
    public var port: Int
    /// When set, every request must carry a valid V1 or V4 signature for these keys;
    /// when nil, requests are accepted signed or not.
    public var credentials: (id: String, secret: String)?
    /// Keep only object metadata (size, ETag, CRC) in memory and throw data away, for benchmarks.
    /// GET of an object then answers 404 NoSuchKey (HEAD works).
    public var discard: Bool
    /// Faults active from the start.
    public var faults: [FaultRule]
    /// Event loop threads.
    public var eventLoopThreads: Int
    /// Hash bodies with MD5 for ETags. Off (benchmarks): the ETag is derived from CRC-64 and size instead, and
    /// MD5 is computed only for requests carrying `Content-MD5`. CRC-64 is always computed.
    public var hashMD5 = true

    public init(
        root: String, host: String = "127.0.0.1", port: Int = 0, credentials: (id: String, secret: String)? = nil,
        discard: Bool = false, faults: [FaultRule] = [], eventLoopThreads: Int = System.coreCount
    ) {
        self.root = root
        self.host = host
        self.port = port
        self.credentials = credentials
        self.discard = discard
        self.faults = faults
        self.eventLoopThreads = eventLoopThreads
    }
}
