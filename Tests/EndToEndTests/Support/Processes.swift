import Foundation
import TestSupport

/// Runs external programs from tests without blocking the cooperative pool: output goes to temp
/// files and termination is awaited through `terminationHandler`.
enum ProcessRunner {
    /// Foundation's `Process.run()` on Linux is not safe to call from several threads at once (seen here: a crash
    /// in its memcpy while suites ran in parallel). Launches are serialised; the processes still run concurrently.

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct LaunchError: Error, CustomStringConvertible {
        var executable: String
        var reason: String
        var description: String { "cannot run \(executable): \(reason)" }
    }

    /// Runs `executable` (absolute path, or a name looked up in PATH) to completion.
    static func run(
        executable: String, args: [String], env: [String: String]? = nil, cwd: String? = nil, stdin: Data? = nil
    ) async throws -> Output {
        let started = try start(executable: executable, args: args, env: env, cwd: cwd, stdin: stdin)
        let status = await started.waitForExit()
        return Output(status: status, stdout: started.readStdout(), stderr: started.readStderr())
    }

    /// Starts `executable` and returns at once; see ``RunningProcess``.
    static func start(
        executable: String, args: [String], env: [String: String]? = nil, cwd: String? = nil, stdin: Data? = nil
    ) throws -> RunningProcess {
        guard let path = resolve(executable) else { throw LaunchError(executable: executable, reason: "not found in PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        if let env { process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("stdout")
        let err = dir.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let input = Pipe()
        process.standardInput = input
        let running = RunningProcess(process: process, stdoutPath: out.path, stderrPath: err.path)
        process.terminationHandler = { p in running.exited(p.terminationStatus) }
        do {
            try ProcessLaunch.run(process)
        } catch {
            throw LaunchError(executable: path, reason: "\(error)")
        }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        return running
    }

    /// Absolute path of `name`: itself if it contains a slash, else the first match in PATH.
    static func resolve(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A started process: await its exit, read its output, or terminate it.
final class RunningProcess: @unchecked Sendable {
    let process: Process
    let stdoutPath: String
    let stderrPath: String
    private let lock = NSLock()
    private var status: Int32?
    private var waiters: [CheckedContinuation<Int32, Never>] = []

    init(process: Process, stdoutPath: String, stderrPath: String) {
        self.process = process
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    fileprivate func exited(_ code: Int32) {
        lock.lock()
        status = code
        let pending = waiters
        waiters = []
        lock.unlock()
        for waiter in pending { waiter.resume(returning: code) }
    }

    /// The exit status, once the process has ended.
    func waitForExit() async -> Int32 {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let status {
                lock.unlock()
                continuation.resume(returning: status)
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> Int32 {
        if process.isRunning { process.terminate() }
        return await waitForExit()
    }

    func readStdout() -> String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    func readStderr() -> String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}

/// Built products of this package (`.build/<config>/NAME`).
enum BuiltProducts {
    /// Path of an executable built next to the test bundle, or in `.build/debug` of the package.
    static func path(_ name: String) -> String? {
        var candidates: [String] = []
        if let executable = Bundle.main.executablePath {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path)
        }
        let bundleDir = URL(fileURLWithPath: Bundle.main.bundlePath)
        candidates.append(bundleDir.deletingLastPathComponent().appendingPathComponent(name).path)
        candidates.append(bundleDir.appendingPathComponent(name).path)
        candidates.append(packageRoot.appendingPathComponent(".build/debug/\(name)").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The package root, from this file's location (Tests/EndToEndTests/Support/Processes.swift).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// An `oss-local` process started on a free port.
struct OSSLocalProcess {
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    let process: RunningProcess
    let port: Int
    let root: String
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts the built `oss-local` with `--port 0 --port-file` and waits until it listens.
    static func start(root: String, extraArgs: [String] = []) async throws -> OSSLocalProcess {
        guard let binary = BuiltProducts.path("oss-local") else {
            throw StartError(description: "oss-local binary not found (build it with `swift build --product oss-local`)")
        }
        let portFile = root + ".port"
        try? FileManager.default.removeItem(atPath: portFile)
        let process = try ProcessRunner.start(
            executable: binary, args: ["--root", root, "--port", "0", "--port-file", portFile] + extraArgs)
        for _ in 0..<600 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
               let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return OSSLocalProcess(process: process, port: port, root: root)
            }
            if !process.process.isRunning {
                throw StartError(description: "oss-local exited early: \(process.readStderr())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        _ = await process.terminate()
        throw StartError(description: "oss-local did not start listening within 30 s: \(process.readStderr())")
    }

    func stop() async -> Int32 { await process.terminate() }
}

/// A fresh temporary directory for a test.
func makeTemporaryDirectory(_ label: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}
