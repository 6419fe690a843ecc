import Foundation

/// Scans the source as a stream, cuts it into tasks of at most `taskObjectCountLimit` files or
/// `taskObjectSizeLimit` bytes, writes each task to `pending_tasks`, then checkpoints the scan, so a restart
/// continues after the last task written and never cuts a file into two tasks.
///
/// A value: its state is the checkpoint on disk (``JobStateStore``); the scan runs on a thread of its own.
public struct Master: Sendable {
    let layout: JobLayout
    let settings: JobSettings

    public init(layout: JobLayout, settings: JobSettings) {
        self.layout = layout
        self.settings = settings
    }

    /// Runs the scan to its end (or until the calling task is cancelled). `onTask` is called on the scan thread for
    /// every task written, after its checkpoint, with that checkpoint: it must not block (yield to an
    /// `AsyncStream`). Returns the final checkpoint. Throws what listing the source or writing state throws.
    @discardableResult
    public func run(onTask: @escaping @Sendable (TaskID, ScanCheckpoint) -> Void) async throws -> ScanCheckpoint {
        let layout = self.layout
        let settings = self.settings
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await BlockingIO.runOnOwnThread(name: "ossimport-scan") {
                try Self.scan(layout: layout, settings: settings, isCancelled: { cancelled.isSet }, onTask: onTask)
            }
        } onCancel: {
            cancelled.set()
        }
    }

    static func scan(
        layout: JobLayout, settings: JobSettings, isCancelled: () -> Bool,
        onTask: (TaskID, ScanCheckpoint) -> Void
    ) throws -> ScanCheckpoint {
        let checkpoints = JobStateStore(layout)
        var checkpoint: ScanCheckpoint
        do {
            checkpoint = try checkpoints.checkpointIfValid() ?? ScanCheckpoint()
        } catch is StateFileError {
            // A corrupt checkpoint is not trusted: rebuild it from the tasks on disk.
            checkpoint = ScanCheckpoint()
        }
        if checkpoint.finished { return checkpoint }
        if checkpoint.startedAt == 0 { checkpoint.startedAt = Date().timeIntervalSince1970 }

        // Tasks written after the last checkpoint (crash between the two writes) are adopted, not cut again.
        let lister = try SourceListers.make(settings, spillDirectory: layout.root)
        try TaskStore(layout: layout, host: settings.host).removeStagingLeftovers()
        let existing = try TaskStore(layout: layout, host: settings.host).allTasks()
        try adopt(existing: existing, into: &checkpoint, job: settings.jobName, token: { lister.resumeToken(for: $0) })
        let existingHexes = Set(existing.map(\.id.hex))

        var current: [ScanEntry] = []
        var currentBytes: Int64 = 0
        // A URL list carries no mtimes: `importSince` and `changedSince` cannot filter it at scan time.
        var sinceNanos = settings.importSince * 1_000_000_000
        var changedSinceNanos = settings.changedSinceNanos
        if case .http = settings.source { (sinceNanos, changedSinceNanos) = (0, 0) }

        func flush() throws {
            guard !current.isEmpty else { return }
            let manifest = TaskManifest(job: settings.jobName, sequence: checkpoint.nextSequence, entries: current)
            let id = TaskID(
                job: settings.jobName, sequence: checkpoint.nextSequence,
                createdMillis: Int64(Date().timeIntervalSince1970 * 1000), host: settings.host)
            if !existingHexes.contains(id.hex) {
                try TaskStore(layout: layout, host: settings.host).writePending(id: id, manifest: manifest)
            }
            checkpoint.nextSequence += 1
            checkpoint.lastPath = PathEscaping.escape(lister.resumeToken(for: current[current.count - 1]))
            checkpoint.foundFiles += Int64(manifest.fileCount)
            checkpoint.foundBytes += manifest.totalBytes
            try checkpoints.write(checkpoint)
            onTask(id, checkpoint)
            current.removeAll(keepingCapacity: true)
            currentBytes = 0
        }

        let resumeAfter = checkpoint.lastPath.flatMap { PathEscaping.unescape(Substring($0)) }
        try lister.scan(resumeAfter: resumeAfter, isCancelled: isCancelled) { entry in
            if isCancelled() { return false }
            if entry.isTransferable && sinceNanos > 0 && entry.mtimeNanos <= sinceNanos { return true }
            // Later incremental passes: unchanged files, and empty directories that were there before, are left out.
            if entry.isTransferable || entry.kind == .emptyDirectory,
                changedSinceNanos > 0 && entry.changedNanos <= changedSinceNanos
            {
                return true
            }
            current.append(entry)
            if entry.isTransferable { currentBytes += entry.size }
            if current.count >= settings.taskObjectCountLimit || currentBytes >= settings.taskObjectSizeLimit {
                try flush()
            }
            return true
        }
        if isCancelled() { return checkpoint }
        try flush()
        checkpoint.finished = true
        checkpoint.finishedAt = Date().timeIntervalSince1970
        try checkpoints.write(checkpoint)
        if FileSystem.exists(layout.queueMarker) { try FileSystem.removeTree(layout.queueMarker) }
        return checkpoint
    }

    /// Moves the checkpoint past tasks already on disk whose sequence it does not cover yet.
    static func adopt(
        existing: [StoredTask], into checkpoint: inout ScanCheckpoint, job: String,
        token: (ScanEntry) -> [UInt8] = { $0.relativePath }
    ) throws {
        var later: [TaskManifest] = []
        for task in existing {
            guard let manifest = try? task.manifest(), manifest.sequence >= checkpoint.nextSequence else { continue }
            later.append(manifest)
        }
        for manifest in later.sorted(by: { $0.sequence < $1.sequence }) where manifest.sequence >= checkpoint.nextSequence {
            checkpoint.nextSequence = manifest.sequence + 1
            if let last = manifest.entries.last { checkpoint.lastPath = PathEscaping.escape(token(last)) }
            checkpoint.foundFiles += Int64(manifest.fileCount)
            checkpoint.foundBytes += manifest.totalBytes
        }
    }
}
