/// What verifying one file found (`isAuditAfterImport`, `jobType=audit`).
public enum AuditVerdict: String, Sendable, Codable, Equatable {
    /// The object matches the source as far as the audit mode can see.
    case verified = "V"
    /// The object differs from the source (size, mtime, header or content).
    case mismatched = "M"
    /// There is no object for the source file.
    case missing = "X"
    /// Not checked: the source was modified after `lastModify`.
    case excluded = "E"
}

/// Audit counters of a task or a job, as `stat` prints them:
/// `Audit: N verified, M mismatched, K missing, L excluded`.
public struct AuditCounts: Sendable, Codable, Equatable {
    public var verified: Int64 = 0
    public var mismatched: Int64 = 0
    public var missing: Int64 = 0
    public var excluded: Int64 = 0

    public init(verified: Int64 = 0, mismatched: Int64 = 0, missing: Int64 = 0, excluded: Int64 = 0) {
        self.verified = verified
        self.mismatched = mismatched
        self.missing = missing
        self.excluded = excluded
    }

    /// Files that went through the audit in any way.
    public var total: Int64 { verified + mismatched + missing + excluded }

    public mutating func add(_ verdict: AuditVerdict) {
        switch verdict {
        case .verified: verified += 1
        case .mismatched: mismatched += 1
        case .missing: missing += 1
        case .excluded: excluded += 1
        }
    }

    public mutating func add(_ other: AuditCounts) {
        verified += other.verified
        mismatched += other.mismatched
        missing += other.missing
        excluded += other.excluded
    }

    /// The `stat` line.
    public var line: String {
        "Audit: \(verified) verified, \(mismatched) mismatched, \(missing) missing, \(excluded) excluded"
    }
}

/// How a job verifies: the mode, whether it uploads at all, and the `lastModify` cut-off.
public struct AuditSettings: Sendable, Codable, Equatable {
    public var mode: AuditMode
    /// `jobType=audit`: verify only, never upload.
    public var auditOnly: Bool
    /// Unix seconds; sources modified after it are excluded from verification (0 = verify all).
    public var lastModify: Int64

    public init(mode: AuditMode, auditOnly: Bool = false, lastModify: Int64 = 0) {
        self.mode = mode
        self.auditOnly = auditOnly
        self.lastModify = lastModify
    }
}

extension AuditCounts {
    func adding(_ other: AuditCounts) -> AuditCounts {
        var sum = self
        sum.add(other)
        return sum
    }
}
