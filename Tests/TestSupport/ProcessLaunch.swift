import Foundation

/// Foundation's `Process.run()` on Linux is not safe to call from several threads at once (seen here: a crash in
/// `memcpy` inside `Process.run()` while another suite launched a helper). Every test target launches its child
/// processes through this one lock, since all suites run in one test process.
public enum ProcessLaunch {
    private static let lock = NSLock()

    /// Runs `process.run()` under the process-wide launch lock.
    public static func run(_ process: Process) throws {
        try lock.withLock { try process.run() }
    }
}
