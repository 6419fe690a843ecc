import Dispatch
import Foundation

/// Runs blocking system calls (stat, open, fsync, directory reads, big file reads) on dedicated threads,
/// never on Swift's cooperative pool, and bridges the result back with a continuation.
public enum BlockingIO {
    private static let queue = DispatchQueue(label: "ossimport.blocking-io", qos: .utility, attributes: .concurrent)

    /// Runs `work` on an I/O thread. Cancellation is checked before the work starts; blocking calls are not interrupted.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Non-throwing variant.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    /// Runs long `work` (the scan) on a thread of its own, at the priority of the calling thread.
    ///
    /// Not on ``run(_:)``'s queue: libdispatch on Linux runs utility-QoS threads at nice +2, so a scan there
    /// starves behind the job's own uploads (nice 0) and, on a 2-core machine, took 3-6 times longer than alone.
    public static func runOnOwnThread<T: Sendable>(
        name: String, _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = name
            thread.start()
        }
    }
}
