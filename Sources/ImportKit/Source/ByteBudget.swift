/// Bounds the bytes of remote source bodies held in memory at once (all files, all parts).
///
/// `acquire(n)` suspends until `n` bytes fit; a request larger than the whole budget is granted alone.
public actor ByteBudget {
    public let capacity: Int64
    private var inUse: Int64 = 0
    private var waiters: [(id: UInt64, bytes: Int64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    public init(capacity: Int64) {
        self.capacity = max(1, capacity)
    }

    private func fits(_ bytes: Int64) -> Bool { inUse == 0 || inUse + bytes <= capacity }

    public func acquire(_ bytes: Int64) async throws {
        if waiters.isEmpty && fits(bytes) {
            inUse += bytes
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, bytes, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    public func release(_ bytes: Int64) {
        inUse = max(0, inUse - bytes)
        // FIFO: the oldest waiter first, so big parts are not starved by small files.
        while let first = waiters.first, fits(first.bytes) {
            waiters.removeFirst()
            inUse += first.bytes
            first.continuation.resume()
        }
    }

    /// Runs `work` holding `bytes` of the budget.
    nonisolated public func with<T: Sendable>(_ bytes: Int64, _ work: @Sendable () async throws -> T) async throws -> T {
        try await acquire(bytes)
        do {
            let result = try await work()
            await release(bytes)
            return result
        } catch {
            await release(bytes)
            throw error
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        if let index = waiters.firstIndex(where: { $0.id == id }) {
            waiters.remove(at: index).continuation.resume(throwing: CancellationError())
        }
    }
}
