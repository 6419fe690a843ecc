import Foundation
import Logging

extension JobRunner {
    /// The master scan and the task workers of one job run, plus the status writer.
    struct Workers: Sendable {
        let runner: JobRunner
        let tracker: Tracker
        let store: TaskStore

        /// Runs the scan (when `scanning`) and the workers until every task has run. Throws the first error of any
        /// of them (a scan error as ``ScanFailure``); the others are then cancelled.
        func run(scanning: Bool, scanSettings: JobSettings) async throws {
            let settings = runner.settings
            let layout = runner.layout
            let log = runner.log
            let tracker = self.tracker
            let queue = try await BlockingIO.run { [store] in try TaskQueue(store: store, scanFinished: !scanning) }
            var taskRunner = TaskRunner(
                store: store, tracker: tracker, uploader: FileUploader(client: runner.client, settings: settings),
                slots: AsyncSemaphore(permits: settings.fileConcurrency), log: log)
            if let audit = settings.audit {
                taskRunner.auditor = ObjectAuditor(client: runner.client, bucket: settings.destBucket, settings: audit)
            }
            let taskRunnerValue = taskRunner
            // Task workers: each holds its whole task in memory (manifest, outcomes), and one task can keep every
            // file slot busy. 4 keep the slots fed between tasks; 16 cost 33 MiB more peak RSS for 2,000,000 files
            // in one directory (99.6 → 66.2 MiB) at the same small-file rate (bench/results/results.md).
            let workerCount = max(2, min(settings.fileConcurrency, 4))
            log.service.info(
                "job {job} running: {job.fileSlots} file slots, {job.taskWorkers} task workers",
                metadata: [
                    "job": "\(settings.jobName)", "job.fileSlots": "\(settings.fileConcurrency)",
                    "job.taskWorkers": "\(workerCount)",
                ])

            let statusWriter = Task { [runner, statusInterval = runner.statusInterval] in
                while !Task.isCancelled {
                    try? await runner.writeStatus(tracker)
                    try? await Task.sleep(for: statusInterval)
                }
            }
            defer { statusWriter.cancel() }

            // Tasks the scan writes reach the queue through a stream (the scan thread never waits on it); the
            // checkpoint that comes with each keeps the tracker's found counts current, the final one last.
            let (cutTasks, cutSink) = AsyncStream.makeStream(of: ScanEvent.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                if scanning {
                    group.addTask {
                        defer { cutSink.finish() }
                        do {
                            let master = Master(layout: layout, settings: scanSettings)
                            let final = try await master.run { id, checkpoint in cutSink.yield(.task(id, checkpoint)) }
                            cutSink.yield(.ended(final))
                            if final.finished {
                                log.service.info(
                                    "scan finished: {scan.files} files, {scan.bytes} bytes",
                                    metadata: ["scan.files": "\(final.foundFiles)", "scan.bytes": "\(final.foundBytes)"])
                            }
                        } catch {
                            if error is CancellationError { throw error }
                            if let system = error as? SystemError, system.isNoSpace { throw error }
                            throw ScanFailure(underlying: error)
                        }
                    }
                    group.addTask {
                        for await event in cutTasks {
                            switch event {
                            case .task(let id, let checkpoint):
                                await queue.add(id)
                                await tracker.scanProgress(checkpoint)
                            case .ended(let checkpoint):
                                await tracker.scanProgress(checkpoint)
                            }
                        }
                        await queue.finishScan()
                    }
                }
                for _ in 0..<workerCount {
                    group.addTask {
                        while let task = try await queue.next() {
                            try await taskRunnerValue.run(task)
                        }
                    }
                }
                // The first error ends the group: the remaining children are cancelled and awaited.
                for try await _ in group {}
            }
            try Task.checkCancellation()
        }
    }
}

/// What the scan tells the workers, in order: each task it wrote (with the checkpoint written after it), then its
/// final checkpoint.
enum ScanEvent: Sendable {
    case task(TaskID, ScanCheckpoint)
    case ended(ScanCheckpoint)
}
