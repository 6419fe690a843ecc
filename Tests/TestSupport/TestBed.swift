import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer

/// oss-local on loopback plus a real libcurl transport and clients, for one test; made and always shut down by
/// ``withTestBed(_:isolation:_:)``.
///
/// Every test makes its own, so fault rules, stats and files never leak between tests running in parallel.
public final class TestBed: Sendable {
    public static let keyID = "test-key-id"
    public static let secret = "test-secret-value"
    /// The bucket ``withTestBed(_:isolation:_:)`` creates (unless ``TestBedOptions/bucket`` says otherwise).
    public static let bucket = "bucket"
    /// Small delays (milliseconds) so retry tests stay fast.
    public static let fastRetry = retry(attempts: 4)

    /// A retry policy of `attempts` with small delays (5 ms base, 10 ms throttled, at most 100 ms).
    public static func retry(attempts: Int) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: attempts, baseDelay: .milliseconds(5), throttleBaseDelay: .milliseconds(10),
            maxDelay: .milliseconds(100))
    }

    public let server: OSSLocalServer
    /// The server's root directory.
    public let serverRoot: String
    public let port: Int
    /// `http://127.0.0.1:<port>`.
    public let endpoint: OSSEndpoint
    public let transport: CurlTransport
    /// `transport` with a hook a test can set to act before each request (fail it, change the source).
    public let hooks: HookedTransport
    /// A V4 client with the bed's keys and ``TestBedOptions/retry``, through `hooks`.
    public let client: OSSClient
    /// A fault-free client for assertions: no hooks, two attempts.
    public let checker: OSSClient
    /// A source tree and a working directory for tests that run jobs; removed with the bed.
    public let source = TemporaryDirectory("src")
    public let work = TemporaryDirectory("work")
    private let ownedRoot: TemporaryDirectory?

    fileprivate init(_ options: TestBedOptions) async throws {
        ownedRoot = options.serverRoot == nil ? TemporaryDirectory("oss-local") : nil
        serverRoot = options.serverRoot ?? ownedRoot!.path
        server = OSSLocalServer(
            configuration: OSSLocalServerConfiguration(
                root: serverRoot, credentials: options.requireSignatures ? (Self.keyID, Self.secret) : nil,
                discard: options.discard, eventLoopThreads: options.eventLoopThreads))
        port = try await server.start()
        endpoint = OSSEndpoint(scheme: "http", host: "127.0.0.1", port: port)
        do {
            transport = try CurlTransport(options: options.transport)
        } catch {
            try? await server.stop()
            throw error
        }
        hooks = HookedTransport(inner: transport)
        client = OSSClient(
            configuration: Self.configuration(endpoint, retry: options.retry), transport: hooks)
        checker = OSSClient(
            configuration: Self.configuration(endpoint, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5))),
            transport: transport)
    }

    /// A client configuration for `endpoint` with the bed's key ID and `secret`.
    public static func configuration(
        _ endpoint: OSSEndpoint, signature: OSSSignatureVersion = .v4(region: "cn-hangzhou"),
        retry: RetryPolicy = TestBed.fastRetry, secret: String = TestBed.secret
    ) -> OSSClientConfiguration {
        OSSClientConfiguration(
            endpoint: endpoint, credentials: OSSCredentials(accessKeyId: keyID, accessKeySecret: secret),
            signatureVersion: signature, retry: retry)
    }

    /// Another client on this server (by default on `transport`, without hooks).
    public func client(
        signature: OSSSignatureVersion = .v4(region: "cn-hangzhou"), retry: RetryPolicy = TestBed.fastRetry,
        secret: String = TestBed.secret, transport: (any HTTPTransport)? = nil,
        onRetry: (@Sendable (String, Int, OSSClientError) -> Void)? = nil
    ) -> OSSClient {
        OSSClient(
            configuration: Self.configuration(endpoint, signature: signature, retry: retry, secret: secret),
            transport: transport ?? self.transport, onRetry: onRetry)
    }

    /// Requests the server counted for `operation` (an OSS API name) since the last `resetStats()`.
    public func requests(_ operation: String) -> Int {
        server.stats().requestsByOperation[operation] ?? 0
    }

    fileprivate func shutdown() async throws {
        await transport.shutdown()
        try await server.stop()
    }
}

/// How ``withTestBed(_:isolation:_:)`` sets up its ``TestBed``.
public struct TestBedOptions: Sendable {
    /// Options of the bed's curl transport.
    public var transport = CurlTransportOptions()
    /// When false the server also accepts unsigned requests.
    public var requireSignatures = true
    /// The retry policy of ``TestBed/client``.
    public var retry = TestBed.fastRetry
    /// The bucket created before the body runs (its request is not in the server's stats); nil creates none.
    public var bucket: String? = TestBed.bucket
    /// The server's root; nil uses a fresh temporary directory removed with the bed.
    public var serverRoot: String?
    /// See ``OSSLocalServerConfiguration/discard``.
    public var discard = false
    public var eventLoopThreads = 2

    public init(
        transport: CurlTransportOptions = CurlTransportOptions(), requireSignatures: Bool = true,
        retry: RetryPolicy = TestBed.fastRetry, bucket: String? = TestBed.bucket, serverRoot: String? = nil,
        discard: Bool = false, eventLoopThreads: Int = 2
    ) {
        self.transport = transport
        self.requireSignatures = requireSignatures
        self.retry = retry
        self.bucket = bucket
        self.serverRoot = serverRoot
        self.discard = discard
        self.eventLoopThreads = eventLoopThreads
    }
}

/// Starts a ``TestBed``, runs `body` with it and shuts it down (transport, then server) whether `body` returns or
/// throws; `body`'s error wins over a shutdown error.
public func withTestBed<Result>(
    _ options: TestBedOptions = TestBedOptions(), isolation: isolated (any Actor)? = #isolation,
    _ body: (TestBed) async throws -> Result
) async throws -> Result {
    let bed = try await TestBed(options)
    let result: Result
    do {
        if let bucket = options.bucket {
            try await bed.checker.createBucket(bucket)
            bed.server.resetStats()
        }
        result = try await body(bed)
    } catch {
        try? await bed.shutdown()
        throw error
    }
    try await bed.shutdown()
    return result
}
