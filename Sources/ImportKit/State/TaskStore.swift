import Foundation

/// Where a task is in its life: the directory it sits in.
public enum TaskState: String, Sendable, CaseIterable {
    case pending, dispatched, succeeded, failed
}

/// A task directory on disk.
public struct StoredTask: Sendable, Equatable {
    public var id: TaskID
    public var state: TaskState
    public var directory: String

    public var taskFile: String { directory + "/" + TaskFiles.task }

    public func manifest() throws -> TaskManifest {
        guard let bytes = try AtomicFile.read(taskFile) else {
            throw StateFileError.corrupt("TASK of \(id)", "missing")
        }
        return try TaskManifest.decode(bytes)
    }
}

/// Moves task directories through `pending_tasks` → `dispatched/<host>` → `succeed_tasks` | `failed_tasks`.
/// Every move is one atomic rename followed by fsync of the directories involved.
public struct TaskStore: Sendable {
    public let layout: JobLayout
    public let host: String

    public init(layout: JobLayout, host: String) {
        self.layout = layout
        self.host = host
    }

    public func directory(for state: TaskState) -> String {
        switch state {
        case .pending: return layout.pending
        case .dispatched: return layout.dispatched(host: host)
        case .succeeded: return layout.succeeded
        case .failed: return layout.failed
        }
    }

    public func tasks(in state: TaskState) throws(SystemError) -> [StoredTask] {
        let directory = directory(for: state)
        return try FileSystem.list(directory).compactMap { name in
            TaskID(directoryName: name).map { StoredTask(id: $0, state: state, directory: directory + "/" + name) }
        }.sorted { $0.id < $1.id }
    }

    public func allTasks() throws(SystemError) -> [StoredTask] {
        var all: [StoredTask] = []
        for state in TaskState.allCases { all += try tasks(in: state) }
        return all
    }

    /// Writes `pending_tasks/<id>/TASK` atomically: the directory appears complete or not at all.
    public func writePending(id: TaskID, manifest: TaskManifest) throws {
        try FileSystem.makeDirectories(layout.pending)
        let staging = layout.pending + "/.staging-" + id.directoryName
        try FileSystem.removeTree(staging)
        try FileSystem.makeDirectories(staging)
        try AtomicFile.write(manifest.encoded(), to: staging + "/TASK")
        try FileSystem.move(staging, to: layout.pending + "/" + id.directoryName)
    }

    /// Removes half-written task directories a crash left in `pending_tasks` (their task is cut again, possibly
    /// under a new creation time, so they would otherwise stay forever).
    public func removeStagingLeftovers() throws(SystemError) {
        for name in try FileSystem.list(layout.pending) where name.hasPrefix(".staging-") {
            try FileSystem.removeTree(layout.pending + "/" + name)
        }
    }

    /// Hands a pending task to this host's worker.
    public func dispatch(_ task: StoredTask) throws -> StoredTask {
        let target = layout.dispatched(host: host)
        try FileSystem.makeDirectories(target)
        let destination = target + "/" + task.id.directoryName
        try FileSystem.move(task.directory, to: destination)
        return StoredTask(id: task.id, state: .dispatched, directory: destination)
    }

    /// Writes STATUS, DONE, error.list, audit.log and OUTCOMES into the dispatched directory, then moves it to
    /// `succeed_tasks` or `failed_tasks`.
    public func finish(
        _ task: StoredTask, summary: TaskSummary, errorList: String, auditLog: String, outcomes: [FileOutcome]
    ) throws -> StoredTask {
        let succeeded = summary.failed == 0 && summary.emptyDirsFailed == 0
        try AtomicFile.write(succeeded ? "Completed\n" : "Failed\n", to: task.directory + "/" + TaskFiles.status)
        try AtomicFile.write(summary.line, to: task.directory + "/" + TaskFiles.done)
        try AtomicFile.write(errorList, to: task.directory + "/" + TaskFiles.errorList)
        try AtomicFile.write(auditLog, to: task.directory + "/" + TaskFiles.auditLog)
        if !outcomes.isEmpty { try TaskOutcomes.write(outcomes, in: task.directory) }
        let state: TaskState = succeeded ? .succeeded : .failed
        let destination = directory(for: state) + "/" + task.id.directoryName
        try FileSystem.makeDirectories(directory(for: state))
        try FileSystem.move(task.directory, to: destination)
        return StoredTask(id: task.id, state: state, directory: destination)
    }

    /// `retry`: moves failed tasks back to `pending_tasks`. Their `OUTCOMES` stay: the next run restores the
    /// outcomes of the files that did not fail and runs the failed ones again (looking at each afresh).
    /// Returns how many tasks were moved.
    public func retryFailed() throws -> Int {
        var moved = 0
        for task in try tasks(in: .failed) {
            if !FileSystem.exists(task.directory + "/" + TaskFiles.outcomes) {
                // Finished by an older version: fall back to the list of failed paths.
                let errorList = (try AtomicFile.read(task.directory + "/" + TaskFiles.errorList)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                try AtomicFile.write(errorList, to: task.directory + "/" + TaskFiles.retry)
            } else {
                try FileSystem.removeTree(task.directory + "/" + TaskFiles.retry)
            }
            for name in [TaskFiles.status, TaskFiles.done, TaskFiles.errorList] {
                try FileSystem.removeTree(task.directory + "/" + name)
            }
            try FileSystem.move(task.directory, to: layout.pending + "/" + task.id.directoryName)
            moved += 1
        }
        return moved
    }

    /// The summary in a finished task's DONE file.
    public func summary(of task: StoredTask) -> TaskSummary? {
        guard let bytes = try? AtomicFile.read(task.directory + "/DONE") else { return nil }
        return TaskSummary(line: String(decoding: bytes, as: UTF8.self))
    }
}
