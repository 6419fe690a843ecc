import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP/1.1 server (127.0.0.1, ephemeral port) for CurlHTTP tests. Routes:
/// - `/echo` (any method): reads the body; responds 200 with `x-echo-method`, `x-echo-length`, `x-echo-crc64`,
///   `x-echo-uri` and every request header as `x-echo-h-<lowercased name>` (duplicates joined with ",").
/// - `/bytes?n=N`: N bytes of `TestPattern` (HEAD: headers only).
/// - `/status?code=C`: status C with a small XML body.
/// - `/delay?ms=M`: waits M ms, then 200 `late`.
/// - `/truncate?n=N`: declares N bytes, sends N/2, closes the connection.
final class TestHTTPServer: Sendable {
    let stats: ServerStats
    private let channel: any Channel
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func url(_ pathAndQuery: String) -> String {
        baseURL + pathAndQuery
    }

    static func start() async throws -> TestHTTPServer {
        let stats = ServerStats()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                stats.connectionAccepted()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(TestHTTPHandler(stats: stats))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            throw TestServerError.noPort
        }
        return TestHTTPServer(channel: channel, port: port, stats: stats)
    }

    private init(channel: any Channel, port: Int, stats: ServerStats) {
        self.channel = channel
        self.port = port
        self.stats = stats
    }

    func shutdown() async throws {
        try await channel.close()
    }
}

enum TestServerError: Error {
    case noPort
}

/// Starts a server, runs `body`, closes the server.
func withTestServer<R>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: (TestHTTPServer) async throws -> R
) async throws -> R {
    let server = try await TestHTTPServer.start()
    do {
        let result = try await body(server)
        try? await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}
