import Dispatch
import Foundation
import Synchronization

/// Runs blocking system calls (stat, open, fsync, directory reads, big file reads) on a bounded pool of dedicated
/// threads, never on Swift's cooperative pool, and bridges the result back with a continuation.
///
/// The pool (``BlockingThreadPool``) starts threads as work waits, up to ``maxThreads``: enough for every file slot
/// of a job on a NAS, where each `open`/`stat` is a network round trip, with a bound of its own.
public enum BlockingIO {
    /// Threads for blocking work at most: libdispatch's own cap for blocking work on Linux (255), so that
    /// `workerTaskThreadNum` file slots (default 60, up to 1000) reading and hashing large files on a NAS leave
    /// threads for the short state writes (status, checkpoints, the stop record).
    public static let maxThreads = 256
    static let pool = BlockingThreadPool(name: "ossimport-io", maxThreads: maxThreads)

    /// Runs `work` on a pool thread, if the calling task is still not cancelled when a thread takes it (the
    /// `NIOThreadPool.runIfActive` shape): throws `CancellationError` without running it otherwise. A blocking
    /// call that has started is not interrupted.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pool.submit {
                    if cancelled.isSet { return continuation.resume(throwing: CancellationError()) }
                    continuation.resume(with: Result { try work() })
                }
            }
        } onCancel: {
            cancelled.set()
        }
    }

    /// Runs `work` on a pool thread whether or not the calling task is cancelled (state that must be written).
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            pool.submit { continuation.resume(returning: work()) }
        }
    }

    /// Runs long `work` (the scan) on a thread of its own, at the priority of the calling thread.
    ///
    /// Not on the pool: it would hold a pool thread for the whole scan. (Not on a utility-QoS dispatch queue
    /// either: libdispatch on Linux runs those at nice +2, and a scan there starved behind the job's own uploads.)
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

/// A first-in first-out pool of at most `maxThreads` threads for blocking work. Threads are started when work
/// waits and no thread is idle, and then stay (parked on a semaphore) for the life of the process.
final class BlockingThreadPool: Sendable {
    typealias Work = @Sendable () -> Void

    private struct State {
        var waiting: [Work] = []
        var next = 0
        var threads = 0
        var idle = 0

        mutating func take() -> Work? {
            guard next < waiting.count else { return nil }
            let work = waiting[next]
            waiting[next] = {}  // what the work captured is released when it has run, not when the queue moves on
            next += 1
            if next == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                next = 0
            } else if next >= 64 && next * 2 >= waiting.count {
                waiting.removeFirst(next)
                next = 0
            }
            return work
        }
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let name: String
    let maxThreads: Int

    init(name: String, maxThreads: Int) {
        self.name = name
        self.maxThreads = max(1, maxThreads)
    }

    /// Queues `work`; it runs on a pool thread as soon as one is free.
    func submit(_ work: @escaping Work) {
        let start = state.withLock { state -> Bool in
            state.waiting.append(work)
            // Each idle thread takes one piece of work; start another when work outnumbers them.
            guard state.waiting.count - state.next > state.idle, state.threads < maxThreads else { return false }
            state.threads += 1
            return true
        }
        available.signal()
        if start {
            let thread = Thread { [self] in loop() }
            thread.name = name
            thread.start()
        }
    }

    private func loop() {
        while true {
            state.withLock { $0.idle += 1 }
            available.wait()
            let work = state.withLock { state -> Work? in
                state.idle -= 1
                return state.take()
            }
            work?()
        }
    }
}
