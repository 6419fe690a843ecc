/// Why a file failed, as its `audit.log` line is labelled: the label is the raw value (users and scripts grep it),
/// decided where the failure happens and never parsed back out of a message.
public enum FailureCode: String, Sendable, CaseIterable {
    /// Any failure without a label of its own (the reason is in the detail).
    case failed = "FAILED"
    /// The source changed while it was transferred (size, mtime, ETag, or the bytes received), every attempt.
    case sizeNotMatch = "SIZE_NOT_MATCH"
    case auditMissing = "AUDIT_MISSING"
    case auditSizeMismatch = "AUDIT_SIZE_MISMATCH"
    case auditMtimeMismatch = "AUDIT_MTIME_MISMATCH"
    case auditHeaderMismatch = "AUDIT_HEADER_MISMATCH"
    case auditCRCMismatch = "AUDIT_CRC_MISMATCH"
    case auditSourceUnreadable = "AUDIT_SOURCE_UNREADABLE"
    case auditError = "AUDIT_ERROR"

    /// The detail as `audit.log` has always written it: the label, then the human words (`SIZE_NOT_MATCH: …`,
    /// `AUDIT_MISSING source=… oss=none`); a plain `FAILED` detail is the words alone.
    public func detail(_ words: String) -> String {
        switch self {
        case .failed: return words
        case .sizeNotMatch: return "\(rawValue): \(words)"
        default: return "\(rawValue) \(words)"
        }
    }
}

extension FileOutcome {
    /// A failed outcome with its code; `words` is the human detail without the label.
    static func failure(_ code: FailureCode, index: Int, _ words: String, audit: AuditVerdict? = nil) -> FileOutcome {
        var outcome = FileOutcome(index: index, status: .failed, bytes: 0, detail: code.detail(words), audit: audit)
        outcome.code = code
        return outcome
    }
}
