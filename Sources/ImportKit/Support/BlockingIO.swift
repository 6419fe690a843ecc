import Dispatch

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
}
