import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport

/// oss-local on loopback (with credentials) plus a real libcurl transport, for one test.
///
/// Every test makes its own, so fault rules and stats never leak between tests running in parallel.
final class LocalOSS: Sendable {
    static let keyID = "client-test-key-id"
    static let secret = "client-test-secret"
    static let bucket = "bucket"
    /// Small delays so retry tests stay fast.
    static let fastRetry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), throttleBaseDelay: .milliseconds(10))

    let server: OSSLocalServer
    let root: TemporaryDirectory
    let port: Int
    let transport: CurlTransport
    /// A V4 client with the right keys and `fastRetry`; the bucket exists.
    let client: OSSClient

    private init(server: OSSLocalServer, root: TemporaryDirectory, port: Int, transport: CurlTransport, client: OSSClient) {
        self.server = server
        self.root = root
        self.port = port
        self.transport = transport
        self.client = client
    }

    /// Starts a server, a transport (with `transportOptions`) and a client, and creates ``bucket``.
    /// With `requireSignatures: false` the server also accepts unsigned requests.
    static func start(
        transportOptions: CurlTransportOptions = CurlTransportOptions(), requireSignatures: Bool = true
    ) async throws -> LocalOSS {
        let root = TemporaryDirectory("oss-client-tests")
        let server = OSSLocalServer(configuration: OSSLocalServerConfiguration(
            root: root.path, credentials: requireSignatures ? (keyID, secret) : nil, eventLoopThreads: 2))
        let port = try await server.start()
        let transport = try CurlTransport(options: transportOptions)
        let client = OSSClient(
            configuration: Self.configuration(port: port, signature: .v4(region: "cn-hangzhou"), retry: fastRetry),
            transport: transport)
        let local = LocalOSS(server: server, root: root, port: port, transport: transport, client: client)
        try await client.createBucket(bucket)
        server.resetStats()
        return local
    }

    static func configuration(
        port: Int, signature: OSSSignatureVersion, retry: RetryPolicy, secret: String = LocalOSS.secret
    ) -> OSSClientConfiguration {
        OSSClientConfiguration(
            endpoint: OSSEndpoint(scheme: "http", host: "127.0.0.1", port: port),
            credentials: OSSCredentials(accessKeyId: keyID, accessKeySecret: secret),
            signatureVersion: signature,
            retry: retry)
    }

    /// Another client on the same transport and server.
    func client(
        signature: OSSSignatureVersion = .v4(region: "cn-hangzhou"), retry: RetryPolicy = LocalOSS.fastRetry,
        secret: String = LocalOSS.secret, transport: (any HTTPTransport)? = nil,
        onRetry: (@Sendable (String, Int, OSSClientError) -> Void)? = nil
    ) -> OSSClient {
        OSSClient(
            configuration: Self.configuration(port: port, signature: signature, retry: retry, secret: secret),
            transport: transport ?? self.transport, onRetry: onRetry)
    }

    /// Requests the server counted for `operation` since the last `resetStats()`.
    func requests(_ operation: String) -> Int {
        server.stats().requestsByOperation[operation] ?? 0
    }

    func shutdown() async throws {
        await transport.shutdown()
        try await server.stop()
    }

    /// Deterministic test bytes.
    static func pattern(_ count: Int, seed: Int = 0) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        for i in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out[i] = UInt8(truncatingIfNeeded: state >> 56)
        }
        return out
    }
}

/// Records the retries a client reports.
final class RetryLog: Sendable {
    struct Entry: Sendable {
        var operation: String
        var attempt: Int
        var error: OSSClientError
    }

    private let entries = Locked<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    var callback: @Sendable (String, Int, OSSClientError) -> Void {
        { [entries] operation, attempt, error in
            entries.withLock { $0.append(Entry(operation: operation, attempt: attempt, error: error)) }
        }
    }
}

/// A tiny lock (the tests cannot see CurlHTTP's internal one).
final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
