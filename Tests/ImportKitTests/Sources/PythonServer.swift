import Foundation
import TestSupport
#if canImport(Glibc)
    import Glibc
#endif

@testable import ImportKit

/// A Python helper process (HTTP file server, moto) started by a test; it prints its port on the first line.
final class PythonServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// The helper exits when this pipe closes (the test process ended, even by a crash).
    private let lifeline = Pipe()

    /// Runs `python3 -c script args…` and waits for the port line.
    init(script: String, arguments: [String]) async throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", Self.watchdog + script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        try ProcessLaunch.run(process)
        let handle = output.fileHandleForReading
        let line = try await BlockingIO.run { () -> String in
            var bytes: [UInt8] = []
            while !bytes.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes += chunk
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let port = Int(line.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "") else {
            process.terminate()
            throw PythonServerError(message: "python helper did not print a port (output: \(line.prefix(500)))")
        }
        self.port = port
    }

    /// Lets the helper exit when its stdin closes.
    static let watchdog = "import os as _o, sys as _s, threading as _t\n"
        + "_t.Thread(target=lambda: (_s.stdin.read(), _o._exit(0)), daemon=True).start()\n"

    /// Closes the lifeline (the helper exits by itself) and sends SIGKILL (SIGTERM may be blocked in children).
    func stop() {
        try? lifeline.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit { stop() }

    /// Whether `python3 -c "import <module>"` works.
    static func hasModules(_ modules: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")]
        process.standardError = FileHandle.nullDevice
        guard (try? ProcessLaunch.run(process)) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

struct PythonServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
