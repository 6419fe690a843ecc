import ArgumentParser
import Foundation
import OSSLocalServer

/// `oss-local`: a local OSS-compatible server for tests, first runs and benchmarks.
@main
struct OSSLocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oss-local",
        abstract: "Run a local OSS-compatible server (path-style and virtual-hosted addressing, V1/V4 signatures).",
        discussion: """
            Objects are stored under --root (<bucket>/objects/<sha256(key)> plus a .meta JSON sidecar) and survive restarts.
            Admin API (never signed): POST /_admin/faults (JSON fault rule), DELETE /_admin/faults, GET /_admin/stats,
            POST /_admin/reset-stats.
            Fault rule JSON: {"method":"PUT","keyContains":"x","subresource":"partNumber","nth":1,"times":1,
            "action":{"type":"error","status":503,"code":"ServiceUnavailable","message":"busy"}}; other action types:
            resetAfterBodyBytes (bytes), delay (milliseconds), stall, wrongCRC, resetBeforeResponse.
            """)

    @Option(help: "Directory that holds buckets and objects (created if missing).")
    var root: String

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free port).")
    var port: Int

    @Option(help: "AccessKeyId that requests must be signed with (requires --access-key-secret).")
    var accessKeyId: String?

    @Option(help: "AccessKeySecret that requests must be signed with (requires --access-key-id; or OSS_LOCAL_ACCESS_KEY_SECRET in the environment, which keeps it off the command line).")
    var accessKeySecret: String?

    /// The secret from the option, else from `OSS_LOCAL_ACCESS_KEY_SECRET` (empty counts as unset).
    var secret: String? {
        accessKeySecret ?? ProcessInfo.processInfo.environment["OSS_LOCAL_ACCESS_KEY_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    @Flag(help: "Keep only metadata in memory and throw object data away (benchmarks; GET answers 404).")
    var discard = false

    @Flag(help: "Do not hash bodies with MD5 (benchmarks): ETags derive from CRC-64 and size; Content-MD5 is still checked.")
    var noMD5 = false

    @Option(name: .customLong("fault"), help: "A fault rule as JSON (repeatable).")
    var faults: [String] = []

    @Option(help: "Write the bound port to this file once listening.")
    var portFile: String?

    @Option(help: "Event loop threads (default: number of cores).")
    var threads: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        if (accessKeyId == nil) != (secret == nil) {
            throw ValidationError("--access-key-id and --access-key-secret must be given together.")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        _ = try parsedFaults()
    }

    func parsedFaults() throws -> [FaultRule] {
        try faults.map { text in
            do {
                return try JSONDecoder().decode(FaultRule.self, from: Data(text.utf8))
            } catch {
                throw ValidationError("--fault '\(text)' is not a valid fault rule: \(Self.describe(error))")
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.keyNotFound(let key, _) = error { return "missing \"\(key.stringValue)\"" }
        if case DecodingError.typeMismatch(_, let context) = error { return context.debugDescription }
        return "\(error)"
    }

    func run() async throws {
        var configuration = OSSLocalServerConfiguration(root: root, host: host, port: port, discard: discard, faults: try parsedFaults())
        if let accessKeyId, let secret { configuration.credentials = (accessKeyId, secret) }
        if let threads { configuration.eventLoopThreads = threads }
        configuration.hashMD5 = !noMD5
        let server = OSSLocalServer(configuration: configuration)
        let boundPort: Int
        do {
            boundPort = try await server.start()
        } catch {
            FileHandle.standardError.write(Data("oss-local: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if let portFile {
            do {
                try "\(boundPort)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("oss-local: cannot write --port-file \(portFile): \(error.localizedDescription)\n".utf8))
                try? await server.stop()
                throw ExitCode.failure
            }
        }
        print("oss-local listening on http://\(host):\(boundPort) root=\(root)\(discard ? " (discard)" : "")")
        fflush(nil)
        await SignalWaiter.waitForTermination()
        try? await server.stop()
    }
}
