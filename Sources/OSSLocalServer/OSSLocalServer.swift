import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OSSCore

/// A local OSS-compatible HTTP server (SwiftNIO) for tests, first runs and benchmarks.
///
/// ```swift
/// let server = OSSLocalServer(configuration: .init(root: dir, credentials: ("id", "secret")))
/// let port = try await server.start()
/// defer { try? await server.stop() }
/// ```
public final class OSSLocalServer: Sendable {
    public let configuration: OSSLocalServerConfiguration
    private let faults: FaultBook
    private let recorder = StatsRecorder()
    private let running = Locked<Running?>(nil)

    private struct Running: @unchecked Sendable {
        let group: MultiThreadedEventLoopGroup
        let threadPool: NIOThreadPool
        let channel: any Channel
        let core: ServerCore
        let port: Int
    }

    public init(configuration: OSSLocalServerConfiguration) {
        self.configuration = configuration
        self.faults = FaultBook(configuration.faults)
    }

    /// Opens the store and binds; returns the bound port.
    public func start() async throws -> Int {
        if let port = running.withLock({ $0?.port }) { return port }
        let store: ObjectStore
        do {
            store = try ObjectStore(root: configuration.root, discard: configuration.discard, hashMD5: configuration.hashMD5)
        } catch {
            throw OSSLocalServerError.unusableRoot(path: configuration.root, reason: error.message)
        }
        let credentials = configuration.credentials.map { OSSCredentials(accessKeyId: $0.id, accessKeySecret: $0.secret) }
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        let core = ServerCore(service: OSSService(store: store), faults: faults, stats: recorder,
                              authenticator: RequestAuthenticator(credentials: credentials), threadPool: threadPool)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.eventLoopThreads))
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [recorder] channel in
                recorder.connectionAccepted()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(OSSHTTPHandler(core: core))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            try? await group.shutdownGracefully()
            try? await threadPool.shutdownGracefully()
            throw OSSLocalServerError.cannotBind(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
        let port = channel.localAddress?.port ?? configuration.port
        running.withLock { $0 = Running(group: group, threadPool: threadPool, channel: channel, core: core, port: port) }
        return port
    }

    /// Closes the listener and all connections and stops the threads.
    public func stop() async throws {
        guard let current = running.withLock({ state -> Running? in defer { state = nil }; return state }) else { return }
        try? await current.channel.close()
        try await current.group.shutdownGracefully()
        try await current.threadPool.shutdownGracefully()
    }

    /// The bound port (0 before ``start()``).
    public var port: Int { running.withLock { $0?.port ?? 0 } }

    /// `http://HOST:PORT` (path-style addressing).
    public var endpoint: String {
        let host = configuration.host == "0.0.0.0" || configuration.host == "::" ? "127.0.0.1" : configuration.host
        return "http://\(host):\(port)"
    }

    public func addFault(_ rule: FaultRule) { faults.add(rule) }
    public func clearFaults() { faults.clear() }

    /// Request counters plus current object and upload counts.
    public func stats() -> OSSLocalStats {
        if let core = running.withLock({ $0?.core }) { return core.statsSnapshot() }
        return recorder.snapshot(objects: 0, openUploads: 0)
    }

    public func resetStats() { recorder.reset() }
}

/// Why an ``OSSLocalServer`` could not start.
public enum OSSLocalServerError: Error, Sendable, CustomStringConvertible {
    case unusableRoot(path: String, reason: String)
    case cannotBind(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .unusableRoot(let path, let reason): return "cannot use root directory \(path): \(reason)"
        case .cannotBind(let host, let port, let reason): return "cannot listen on \(host):\(port): \(reason)"
        }
    }
}
