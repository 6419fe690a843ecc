/// The outcome of one file of a task.
public struct FileOutcome: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Uploaded and verified (CRC-64 end to end).
        case ok = "OK"
        /// Left out by a rule the user set (`isSkipExistFile`, symlink policy, ...).
        case skipped = "SKIP"
        /// Not uploaded: listed in `error.list` with the reason in `audit.log`.
        case failed = "FAIL"
        /// `jobType=audit`: not uploaded, the object was checked (see `audit`).
        case verified = "VERIFIED"
        /// A directory that could not be listed at scan time and can be listed on `retry`: what it holds was cut
        /// into new tasks. Not a file (not in the file counts).
        case expanded = "EXPANDED"
    }

    public var index: Int
    public var status: Status
    public var bytes: Int64
    /// For failures the reason (e.g. `SIZE_NOT_MATCH ...`), for successes `crc64=...`.
    public var detail: String
    /// What the audit found, when the file was verified (`isAuditAfterImport`, `jobType=audit`).
    public var audit: AuditVerdict?
    /// Failures: why, as `audit.log` labels it (`nil` for other outcomes; `FAILED` when a failure has none).
    public var code: FailureCode?

    public init(index: Int, status: Status, bytes: Int64, detail: String, audit: AuditVerdict? = nil) {
        self.index = index
        self.status = status
        self.bytes = bytes
        self.detail = detail
        self.audit = audit
    }

    /// `index TAB status TAB bytes TAB escaped detail [TAB audit verdict [TAB failure code]]`.
    var line: String {
        var fields = "\(index)\t\(status.rawValue)\t\(bytes)\t\(PathEscaping.escape(Array(detail.utf8)))"
        if audit != nil || code != nil { fields += "\t" + (audit?.rawValue ?? "") }
        if let code { fields += "\t" + code.rawValue }
        return fields + "\n"
    }

    init?(line: Substring) {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard (4...6).contains(parts.count), let index = Int(parts[0]), let status = Status(rawValue: String(parts[1])),
            let bytes = Int64(parts[2]), let detail = PathEscaping.unescape(parts[3])
        else { return nil }
        var audit: AuditVerdict?
        if parts.count >= 5 && !parts[4].isEmpty {
            guard let verdict = AuditVerdict(rawValue: String(parts[4])) else { return nil }
            audit = verdict
        }
        var code: FailureCode?
        if parts.count == 6 {
            guard let parsed = FailureCode(rawValue: String(parts[5])) else { return nil }
            code = parsed
        }
        self.init(index: index, status: status, bytes: bytes, detail: String(decoding: detail, as: UTF8.self), audit: audit)
        self.code = code
    }
}
