import CRC64
import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer
import Synchronization
import TestSupport
import Testing

@testable import ImportKit

/// The engine against oss-local with fault rules, for the fault suite: a source tree, a working directory, the real
/// client over libcurl (optionally behind a ``HookedTransport``) and helpers that assert the bytes on the server.
struct FaultHarness {
    static let keyID = "fault-key-id"
    static let secret = "fault-secret-value"
    static let bucket = "bucket"

    let server: OSSLocalServer
    let serverRoot: TemporaryDirectory
    let source: TemporaryDirectory
    let work: TemporaryDirectory
    let curl: CurlTransport
    let hooks: HookedTransport
    /// The client the engine uses (through `hooks`).
    let client: OSSClient
    /// A fault-free client for assertions (same transport, no hooks).
    let checker: OSSClient

    static func make(timeouts: HTTPTimeouts = HTTPTimeouts(), maxAttempts: Int = 4) async throws -> FaultHarness {
        let serverRoot = TemporaryDirectory("oss-local")
        let server = OSSLocalServer(configuration: OSSLocalServerConfiguration(
            root: serverRoot.path, credentials: (keyID, secret)))
        let port = try await server.start()
        var options = CurlTransportOptions()
        options.timeouts = timeouts
        let curl = try CurlTransport(options: options)
        let hooks = HookedTransport(inner: curl)
        let endpoint = try OSSEndpoint(parsing: "http://127.0.0.1:\(port)")
        let client = OSSClient(configuration: configuration(endpoint, maxAttempts: maxAttempts), transport: hooks)
        let checker = OSSClient(configuration: configuration(endpoint, maxAttempts: 2), transport: curl)
        try await checker.createBucket(bucket)
        return FaultHarness(
            server: server, serverRoot: serverRoot, source: TemporaryDirectory("src"), work: TemporaryDirectory("work"),
            curl: curl, hooks: hooks, client: client, checker: checker)
    }

    static func configuration(_ endpoint: OSSEndpoint, maxAttempts: Int) -> OSSClientConfiguration {
        OSSClientConfiguration(
            endpoint: endpoint, credentials: OSSCredentials(accessKeyId: keyID, accessKeySecret: secret),
            signatureVersion: .v4(region: "cn-hangzhou"),
            retry: RetryPolicy(
                maxAttempts: maxAttempts, baseDelay: .milliseconds(5), throttleBaseDelay: .milliseconds(10),
                maxDelay: .milliseconds(100)))
    }

    /// Small parts so a 1 MiB file is four parts.
    func settings(_ adjust: (inout JobSettings) -> Void = { _ in }) -> JobSettings {
        var settings = JobSettings(jobName: "fault_job", srcPrefix: source.path + "/", destBucket: Self.bucket, destPrefix: "")
        Self.smallTasksAndParts(&settings)
        // A loaded CI machine (every suite at once on 2 cores) can keep an in-process server from answering the
        // start-up probe within its 10 s default; the probe's own tests set it short where they need to.
        settings.probeTimeoutSeconds = 60
        adjust(&settings)
        return settings
    }

    /// 5 files a task, 512 KiB multipart threshold, 256 KiB parts two at a time, 4 files at a time.
    static func smallTasksAndParts(_ settings: inout JobSettings) {
        settings.taskObjectCountLimit = 5
        settings.multipartThreshold = 512 * 1024
        settings.partSize = 256 * 1024
        settings.partConcurrency = 2
        settings.fileConcurrency = 4
    }

    /// Runs the job to its end with `client` (default: the hooked client).
    func run(_ settings: JobSettings, client: OSSClient? = nil) async throws -> (JobState, JobLayout) {
        let layout = WorkingDirectory(work.path).job(settings.jobName)
        try layout.createDirectories()
        let runner = JobRunner(layout: layout, settings: settings, client: client ?? self.client, log: EventLog())
        return (try await runner.run(), layout)
    }

    /// Writes the files into the source tree.
    func write(_ files: [String: [UInt8]]) throws {
        for (path, bytes) in files { try source.file(path, bytes) }
    }

    /// Every file of `files` is on the server with exactly these bytes and a matching CRC-64.
    func expectUploaded(_ files: [String: [UInt8]], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let (info, body) = try await checker.getObject(bucket: Self.bucket, key: path)
            #expect(body == bytes, "\(path): \(body.count) bytes on the server, \(bytes.count) in the source", sourceLocation: sourceLocation)
            #expect(info.crc64 == CRC64.checksum(bytes), "\(path)", sourceLocation: sourceLocation)
        }
    }

    /// No multipart upload is left open on the server.
    func expectNoOpenUploads(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(server.stats().openMultipartUploads == 0, sourceLocation: sourceLocation)
        #expect(try await checker.listMultipartUploads(bucket: Self.bucket).isEmpty, sourceLocation: sourceLocation)
    }

    /// `error.list` lines and `audit.log` of every failed task, joined.
    func failures(_ layout: JobLayout) throws -> (errorList: [String], audit: String) { try Self.failures(layout) }

    /// `error.list` lines and `audit.log` of every failed task, joined.
    static func failures(_ layout: JobLayout) throws -> (errorList: [String], audit: String) {
        let failed = try TaskStore(layout: layout, host: "localhost").tasks(in: .failed)
        var lines: [String] = []
        var audit = ""
        for task in failed {
            let list = try String(contentsOfFile: task.directory + "/error.list", encoding: .utf8)
            lines += list.split(separator: "\n").map(String.init)
            audit += try String(contentsOfFile: task.directory + "/audit.log", encoding: .utf8)
        }
        return (lines.sorted(), audit)
    }

    /// The failed tasks' audit logs, for failure messages.
    func audit(_ layout: JobLayout) -> String { Self.audit(layout) }

    /// Why the job stopped (when it did) and the failed tasks' audit logs, for failure messages.
    static func audit(_ layout: JobLayout) -> String {
        let stop = JobStopRecord.read(layout).map { "job stopped: \($0.reason)\n" } ?? ""
        return stop + ((try? failures(layout).audit) ?? "no audit log")
    }

    func shutdown() async throws {
        await curl.shutdown()
        try await server.stop()
    }

    /// Deterministic content.
    static func pattern(_ count: Int, seed: Int) -> [UInt8] {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// A mix of small files and two multipart files (4 and 3 parts).
    static func mixedTree() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for i in 0..<8 { files["small/f\(i).txt"] = pattern(2000 + i * 37, seed: i) }
        files["large/four-parts.bin"] = pattern(1 << 20, seed: 100)
        files["large/three-parts.bin"] = pattern(600 * 1024, seed: 101)
        return files
    }
}

/// Wraps the real transport and lets a test act before a request goes out (modify the source, fail the request
/// as a dead endpoint would).
final class HookedTransport: HTTPTransport {
    typealias Hook = @Sendable (HTTPRequest) throws -> Void
    let inner: CurlTransport
    private let hook = Mutex<Hook?>(nil)

    init(inner: CurlTransport) { self.inner = inner }

    /// Runs `body` before every request; throwing fails the request with that error.
    func setHook(_ body: Hook?) { hook.withLock { $0 = body } }

    func execute(_ request: HTTPRequest, responseBody sink: HTTPResponseBodySink?) async throws -> HTTPResponse {
        if let hook = hook.withLock({ $0 }) { try hook(request) }
        return try await inner.execute(request, responseBody: sink)
    }
}

/// A counter shared with hooks.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    /// Adds one and returns the new value.
    @discardableResult func next() -> Int { value.add(1, ordering: .relaxed).newValue }
    var current: Int { value.load(ordering: .relaxed) }
}
