/// Hands tasks to workers: first those this host had dispatched before a restart, then pending tasks in
/// the order they were cut. When the queue is empty it waits for the scan to cut more; once the scan has
/// finished it looks at `pending_tasks` on disk again (a `retry` may have put tasks there), then ends.
public actor TaskQueue {
    private let store: TaskStore
    private var resumed: [StoredTask]
    private var pending: [StoredTask]
    private var queued: Set<String>
    private var scanFinished = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(store: TaskStore, scanFinished: Bool) throws {
        self.store = store
        resumed = try store.tasks(in: .dispatched)
        pending = try store.tasks(in: .pending)
        queued = Set(pending.map(\.id.hex))
        self.scanFinished = scanFinished
    }

    /// The scan wrote a task.
    public func add(_ id: TaskID) {
        guard !queued.contains(id.hex) else { return }
        queued.insert(id.hex)
        pending.append(StoredTask(id: id, state: .pending, directory: store.layout.pending + "/" + id.directoryName))
        wakeAll()
    }

    public func finishScan() {
        scanFinished = true
        wakeAll()
    }

    /// The next task, already moved to `dispatched/<host>`; `nil` when there is no more work.
    public func next() async throws -> StoredTask? {
        while true {
            try Task.checkCancellation()
            if !resumed.isEmpty { return resumed.removeFirst() }
            if !pending.isEmpty {
                let task = pending.removeFirst()
                let store = self.store
                do {
                    return try await BlockingIO.run { try store.dispatch(task) }
                } catch let error as SystemError where error.isNotFound {
                    continue  // taken or cleaned meanwhile
                }
            }
            if scanFinished {
                let store = self.store
                let onDisk = try await BlockingIO.run { try store.tasks(in: .pending) }
                if onDisk.isEmpty { return nil }
                pending = onDisk
                continue
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { waiters.append($0) }
            } onCancel: {
                Task { await self.wakeAll() }
            }
        }
    }

    private func wakeAll() {
        let current = waiters
        waiters.removeAll()
        for waiter in current { waiter.resume() }
    }
}
