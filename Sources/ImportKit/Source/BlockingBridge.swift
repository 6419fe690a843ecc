import Dispatch
import Synchronization

/// Waits on the calling (dedicated, non-pool) thread for async work: how the scan thread calls async clients.
enum BlockingBridge {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        // The task stored its result before signalling.
        guard let result = box.withLock({ $0 }) else { throw CancellationError() }
        return try result.get()
    }
}
