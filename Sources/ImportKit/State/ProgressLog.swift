import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
    }

    public var index: Int
    public var status: Status
    public var bytes: Int64
    /// For failures the reason (e.g. `SIZE_NOT_MATCH ...`), for successes `crc64=...`.
    public var detail: String
    /// What the audit found, when the file was verified (`isAuditAfterImport`, `jobType=audit`).
    public var audit: AuditVerdict?

    public init(index: Int, status: Status, bytes: Int64, detail: String, audit: AuditVerdict? = nil) {
        self.index = index
        self.status = status
        self.bytes = bytes
        self.detail = detail
        self.audit = audit
    }

    var line: String {
        let auditField = audit.map { "\t" + $0.rawValue } ?? ""
        return "\(index)\t\(status.rawValue)\t\(bytes)\t\(PathEscaping.escape(Array(detail.utf8)))\(auditField)\n"
    }

    init?(line: Substring) {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard parts.count == 4 || parts.count == 5, let index = Int(parts[0]), let status = Status(rawValue: String(parts[1])),
            let bytes = Int64(parts[2]), let detail = PathEscaping.unescape(parts[3])
        else { return nil }
        var audit: AuditVerdict?
        if parts.count == 5 {
            guard let verdict = AuditVerdict(rawValue: String(parts[4])) else { return nil }
            audit = verdict
        }
        self.init(index: index, status: status, bytes: bytes, detail: String(decoding: detail, as: UTF8.self), audit: audit)
    }
}

/// Append-only log of file outcomes of one running task (`worker/jobs/<job>/tasks/<task>/progress`).
///
/// Appends are ordered on a private serial queue and are not fsynced one by one: a killed process loses
/// nothing already written, and the log is fsynced when the task completes. A torn last line is ignored.
public final class ProgressLog: @unchecked Sendable {
    // Safe: `fd` is written once in init and only used on `queue`.
    private let fd: Int32
    private let path: String
    private let queue = DispatchQueue(label: "ossimport.progress-log")

    public init(path: String) throws(SystemError) {
        self.path = path
        fd = try syscall("open", path) { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
    }

    deinit { close(fd) }

    /// Outcomes already recorded, by file index (a later line for the same index wins).
    public static func load(path: String) throws(SystemError) -> [Int: FileOutcome] {
        guard let bytes = try AtomicFile.read(path) else { return [:] }
        var outcomes: [Int: FileOutcome] = [:]
        let text = String(decoding: bytes, as: UTF8.self)
        let complete = text.hasSuffix("\n") ? Substring(text) : text[..<(text.lastIndex(of: "\n") ?? text.startIndex)]
        for line in complete.split(separator: "\n") {
            if let outcome = FileOutcome(line: line) { outcomes[outcome.index] = outcome }
        }
        return outcomes
    }

    /// Queues the outcome for writing and returns at once.
    public func append(_ outcome: FileOutcome) {
        let bytes = Array(outcome.line.utf8)
        let fd = self.fd
        let path = self.path
        queue.async {
            try? AtomicFile.writeAll(fd: fd, bytes: bytes, path: path)
        }
    }

    /// Waits for queued appends and makes them durable.
    public func sync() async {
        let fd = self.fd
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                _ = fsync(fd)
                continuation.resume()
            }
        }
    }
}
