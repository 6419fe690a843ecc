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
