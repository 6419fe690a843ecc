/// A weighted semaphore for tasks: `acquire(n)` suspends (never blocks a thread) until `n` units fit, in FIFO
/// order so large requests are not starved by small ones, and honours cancellation. A request larger than the
/// whole capacity is granted alone. Used as file slots (units of 1) and as the memory budget of remote bodies (bytes).
actor AsyncSemaphore {
    public let capacity: Int64
    private var inUse: Int64 = 0
    private var waiters: [(id: UInt64, units: Int64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    public init(capacity: Int64) {
        self.capacity = max(1, capacity)
    }

    /// `permits` units of one.
    public init(permits: Int) {
        self.init(capacity: Int64(permits))
    }

    private func fits(_ units: Int64) -> Bool { inUse == 0 || inUse + units <= capacity }

    public func acquire(_ units: Int64 = 1) async throws {
        if waiters.isEmpty && fits(units) {
            inUse += units
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, units, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    public func release(_ units: Int64 = 1) {
        inUse = max(0, inUse - units)
        while let first = waiters.first, fits(first.units) {
            waiters.removeFirst()
            inUse += first.units
            first.continuation.resume()
        }
    }

    /// Runs `work` holding `units`.
    nonisolated public func with<T: Sendable>(_ units: Int64, _ work: @Sendable () async throws -> T) async throws -> T {
        try await acquire(units)
        do {
            let result = try await work()
            await release(units)
            return result
        } catch {
            await release(units)
            throw error
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        if let index = waiters.firstIndex(where: { $0.id == id }) {
            waiters.remove(at: index).continuation.resume(throwing: CancellationError())
        }
    }
}
