/// The job-level state files of `master/jobs/<job>/`, read and written only through here:
/// - the scan checkpoint `checkpoints/0/<MD5 of the job name>.cpt` (``ScanCheckpoint``), sealed and durable
///   (temp, fsync, rename, fsync dir), written after every task the scan cuts and at the start and end of a pass;
/// - `status.json` (``JobStatus``), sealed, refreshed every second by the running job; not fsynced: it is rebuilt
///   from the durable records (`DONE`, progress logs, checkpoint) when lost.
///
/// Task state (`pending_tasks`, `dispatched/<host>`, `succeed_tasks`, `failed_tasks`) is ``TaskStore``'s.
public struct JobStateStore: Sendable {
    public let layout: JobLayout

    public init(_ layout: JobLayout) {
        self.layout = layout
    }

    /// The scan checkpoint; `nil` when there is none yet or it cannot be trusted (a torn or corrupt file).
    public func checkpoint() -> ScanCheckpoint? {
        (try? checkpointIfValid()) ?? nil
    }

    /// The scan checkpoint; `nil` when there is none yet. Throws ``StateFileError`` when it is corrupt (the scan
    /// then rebuilds it from the tasks on disk) and ``SystemError`` when it cannot be read.
    public func checkpointIfValid() throws -> ScanCheckpoint? {
        try SealedJSON.read(ScanCheckpoint.self, from: ScanCheckpoint.path(for: layout), what: "scan checkpoint")
    }

    /// Writes the scan checkpoint durably. Throws ``SystemError`` (a full disk among them).
    public func write(_ checkpoint: ScanCheckpoint) throws {
        try SealedJSON.write(checkpoint, to: ScanCheckpoint.path(for: layout))
    }

    /// `status.json`; `nil` when absent or unreadable.
    public func status() -> JobStatus? {
        (try? SealedJSON.read(JobStatus.self, from: layout.status, what: "status")) ?? nil
    }

    /// Replaces `status.json` (atomic rename, no fsync). Throws ``SystemError``.
    public func write(_ status: JobStatus) throws {
        try SealedJSON.write(status, to: layout.status, durable: false)
    }
}
