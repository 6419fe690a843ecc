/// What one pass of an incremental job did (`stat`: `Last pass: ...`).
public struct PassSummary: Sendable, Codable, Equatable {
    /// 1 = the first full pass.
    public var pass: Int
    public var startedAt: Double
    public var finishedAt: Double
    /// Files the pass's scan found (new or changed since the previous pass; all files in pass 1).
    public var found: Int64
    public var uploaded: Int64
    public var skipped: Int64
    public var failed: Int64

    public init(pass: Int, startedAt: Double, finishedAt: Double, found: Int64, uploaded: Int64, skipped: Int64, failed: Int64) {
        self.pass = pass
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.found = found
        self.uploaded = uploaded
        self.skipped = skipped
        self.failed = failed
    }

    /// One `stat` line.
    public var line: String {
        "Last pass: #\(pass): \(found) files found, \(uploaded) uploaded, \(skipped) skipped, \(failed) failed"
    }
}

/// Totals of finished tasks (for the difference a pass made).
public struct PassCounts: Sendable, Codable, Equatable {
    public var uploaded: Int64 = 0
    public var skipped: Int64 = 0
    public var failed: Int64 = 0

    public init(uploaded: Int64 = 0, skipped: Int64 = 0, failed: Int64 = 0) {
        self.uploaded = uploaded
        self.skipped = skipped
        self.failed = failed
    }

    /// Sums the summaries of finished tasks.
    public init(_ summaries: [TaskSummary]) {
        for summary in summaries {
            uploaded += Int64(summary.uploaded)
            skipped += Int64(summary.skipped)
            failed += Int64(summary.failed)
        }
    }
}
