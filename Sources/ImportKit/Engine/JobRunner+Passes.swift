import Foundation
import Logging

/// Incremental mode (`isIncremental=true`).
///
/// Each call of ``JobRunner/run()`` runs at most one pass. The first pass is the full scan. When a pass has
/// finished (scan finished, no pending or dispatched task), the job stays `Running`; the next pass is due
/// `incrementalModeInterval` seconds after the previous pass's scan started. A new pass:
/// - re-queues the failed tasks of earlier passes (only their failed files run again, as with `retry`);
/// - rescans the whole source and cuts tasks only of files whose mtime or ctime is after the previous pass's scan
///   start (less `changeMargin`, 2 seconds, for coarse or skewed file-system clocks): new, modified and touched files, and files
///   moved or copied in with an older, preserved mtime (`mv`, `cp -p`, `rsync -a`: their ctime is new), or whose
///   mode changed. Unchanged files are filtered at scan time: no task, no request. (ossimport looks at the mtime
///   only and misses those.) Remote sources have no ctime: their LastModified changes on every write anyway.
///   `importSince` (an mtime rule) applies to the first pass only;
/// - continues the task sequence numbers, so task ids never collide with earlier passes.
/// Nothing is ever deleted in OSS.
extension JobRunner {
    /// Whether the checkpoint's pass has ended: scan finished and no task left pending or dispatched here.
    func passEnded(_ checkpoint: ScanCheckpoint, store: TaskStore) async throws -> Bool {
        guard checkpoint.finished else { return false }
        return try await BlockingIO.run { try store.tasks(in: .pending).isEmpty && store.tasks(in: .dispatched).isEmpty }
    }

    /// When the pass after `checkpoint` is due, or `nil` when the pass limit is reached.
    func nextPassAt(after checkpoint: ScanCheckpoint) -> Double? {
        guard let interval = settings.incrementalInterval else { return nil }
        if let limit = settings.passLimit, checkpoint.passNumber >= limit { return nil }
        return checkpoint.startedAt + interval
    }

    /// Starts the next pass: a fresh scan checkpoint continuing the sequence numbers, failed tasks re-queued.
    func startPass(after previous: ScanCheckpoint, store: TaskStore) async throws -> ScanCheckpoint {
        let checkpoints = JobStateStore(layout)
        let next = try await BlockingIO.run { () throws -> ScanCheckpoint in
            var next = ScanCheckpoint()
            next.nextSequence = previous.nextSequence
            next.foundFiles = previous.foundFiles
            next.foundBytes = previous.foundBytes
            next.pass = previous.passNumber + 1
            next.incremental = true
            next.previousPassStartedAt = previous.startedAt
            next.startedAt = Date().timeIntervalSince1970
            next.lastPass = previous.lastPass
            next.foundAtPassStart = previous.foundFiles
            // Failed tasks are re-queued below and run again with only their failed files; the others count as
            // uploaded again in the new summary, so they belong to the baseline. Their failures do not: they are retried.
            var baseline = PassCounts(try (store.tasks(in: .succeeded) + store.tasks(in: .failed)).compactMap { store.summary(of: $0) })
            baseline.failed = 0
            next.passBaseline = baseline
            try checkpoints.write(next)
            _ = try store.retryFailed()
            return next
        }
        log.service.info(
            "job {job}: pass {job.pass} started (files changed since the previous pass: mtime or ctime)",
            metadata: ["job": "\(settings.jobName)", "job.pass": "\(next.passNumber)"])
        return next
    }

    /// The settings the scan of this checkpoint's pass uses: later passes take only files changed (mtime or
    /// ctime) since the previous pass's scan started; `importSince` is the first pass's rule.
    func scanSettings(for checkpoint: ScanCheckpoint?) -> JobSettings {
        var settings = self.settings
        if let checkpoint, let since = checkpoint.previousPassStartedAt {
            settings.importSince = 0
            settings.changedSinceNanos = max(1, Int64((since - settings.changeMargin) * 1e9))
        }
        return settings
    }

    /// Records what the pass did in the checkpoint and the status; the job stays `Running`.
    func endPass(store: TaskStore, tracker: Tracker) async throws -> JobState {
        let checkpoints = JobStateStore(layout)
        let ended = try await BlockingIO.run { () throws -> ScanCheckpoint? in
            guard var checkpoint = try checkpoints.checkpointIfValid() else { return nil }
            let totals = PassCounts(try (store.tasks(in: .succeeded) + store.tasks(in: .failed)).compactMap { store.summary(of: $0) })
            let baseline = checkpoint.passBaseline ?? PassCounts()
            checkpoint.incremental = true
            checkpoint.lastPass = PassSummary(
                pass: checkpoint.passNumber, startedAt: checkpoint.startedAt, finishedAt: Date().timeIntervalSince1970,
                found: checkpoint.foundFiles - (checkpoint.foundAtPassStart ?? 0), uploaded: totals.uploaded - baseline.uploaded,
                skipped: totals.skipped - baseline.skipped, failed: totals.failed - baseline.failed)
            try checkpoints.write(checkpoint)
            return checkpoint
        }
        if let ended {
            await tracker.scanProgress(ended)
            await tracker.passes(current: ended.passNumber, nextPassAt: nextPassAt(after: ended), lastPass: ended.lastPass)
            if let last = ended.lastPass {
                log.service.info("job {job}: {job.passSummary}", metadata: ["job": "\(settings.jobName)", "job.passSummary": "\(last.line)"])
            }
        }
        await tracker.finish(JobVerdict(.running))
        try await writeStatus(tracker)
        return .running
    }
}
