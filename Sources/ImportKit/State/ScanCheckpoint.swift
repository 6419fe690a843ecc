import Foundation
import OSSCore

/// Where the scan of a job stands: written after every task is cut, so a restart continues from there.
public struct ScanCheckpoint: Codable, Sendable, Equatable {
    public var version = 1
    /// Sequence number of the next task to cut.
    public var nextSequence = 0
    /// Escaped relative path of the last file placed in a written task; `nil` before the first task.
    public var lastPath: String?
    public var foundFiles: Int64 = 0
    public var foundBytes: Int64 = 0
    public var finished = false
    public var startedAt: Double = 0
    public var finishedAt: Double?
    // Incremental mode (`isIncremental`); all `nil` in checkpoints of one-pass jobs and of older versions.
    /// The pass this scan belongs to; `nil` = 1 (the first full pass).
    public var pass: Int?
    /// Set once an incremental job finished its first pass: `stat` then keeps `ScanFinished:false`.
    public var incremental: Bool?
    /// Start of the previous pass's scan: this pass only takes files modified after it (minus a small margin).
    public var previousPassStartedAt: Double?
    /// Totals of the finished tasks when this pass started, to tell what the pass itself did.
    public var passBaseline: PassCounts?
    /// `foundFiles` when this pass started (found files are counted over all passes).
    public var foundAtPassStart: Int64?
    /// What the last finished pass did.
    public var lastPass: PassSummary?

    public init() {}

    /// The pass number (1 for checkpoints without one).
    public var passNumber: Int { pass ?? 1 }

    /// `checkpoints/0/<MD5(job) hex>.cpt`, as ossimport names its checkpoint files.
    public static func path(for layout: JobLayout) -> String {
        let hex = Hex.encode(Digest.md5(Array(layout.name.utf8)), uppercase: true)
        return layout.checkpoints + "/" + hex + ".cpt"
    }
}
