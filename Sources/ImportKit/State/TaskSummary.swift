import Foundation

/// The summary a finished task leaves in its `DONE` file (one line of `key=value`).
public struct TaskSummary: Sendable, Equatable {
    public var files = 0
    public var uploaded = 0
    public var skipped = 0
    public var failed = 0
    public var bytes: Int64 = 0
    public var uploadedBytes: Int64 = 0
    /// What the audit found (all zero when the job does not verify).
    public var audit = AuditCounts()
    /// Empty source directories (not files: not in `files`), and those whose `dir/` marker could not be created.
    public var emptyDirs = 0
    public var emptyDirsFailed = 0

    public init() {}

    public var line: String {
        var line = "files=\(files) uploaded=\(uploaded) skipped=\(skipped) failed=\(failed) bytes=\(bytes) uploadedBytes=\(uploadedBytes)"
        if audit.total > 0 {
            line += " auditVerified=\(audit.verified) auditMismatched=\(audit.mismatched) auditMissing=\(audit.missing)"
                + " auditExcluded=\(audit.excluded)"
        }
        if emptyDirs > 0 { line += " emptyDirs=\(emptyDirs)" }
        if emptyDirsFailed > 0 { line += " emptyDirsFailed=\(emptyDirsFailed)" }
        return line + "\n"
    }

    public init?(line: String) {
        var values: [String: Int64] = [:]
        for pair in line.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int64(parts[1]) { values[String(parts[0])] = value }
        }
        guard let files = values["files"] else { return nil }
        self.files = Int(files)
        uploaded = Int(values["uploaded"] ?? 0)
        skipped = Int(values["skipped"] ?? 0)
        failed = Int(values["failed"] ?? 0)
        bytes = values["bytes"] ?? 0
        uploadedBytes = values["uploadedBytes"] ?? 0
        audit = AuditCounts(
            verified: values["auditVerified"] ?? 0, mismatched: values["auditMismatched"] ?? 0,
            missing: values["auditMissing"] ?? 0, excluded: values["auditExcluded"] ?? 0)
        emptyDirs = Int(values["emptyDirs"] ?? 0)
        emptyDirsFailed = Int(values["emptyDirsFailed"] ?? 0)
    }
}
