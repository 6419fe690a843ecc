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
}

// The progress-log line, written and read as bytes: a task's log is read back in full when the task ends (tens of
// thousands of lines), so no `String` splitting or `Substring` indexing on that path.
extension FileOutcome {
    /// `index TAB status TAB bytes TAB escaped detail [TAB audit verdict [TAB failure code]]` and a newline.
    var line: String { String(decoding: lineBytes, as: UTF8.self) }

    var lineBytes: [UInt8] {
        var bytes: [UInt8] = []
        appendLine(to: &bytes)
        return bytes
    }

    /// Appends ``line`` to `buffer`.
    func appendLine(to buffer: inout [UInt8]) {
        Self.appendDecimal(Int64(index), to: &buffer)
        buffer.append(0x09)
        buffer.append(contentsOf: status.rawValue.utf8)
        buffer.append(0x09)
        Self.appendDecimal(bytes, to: &buffer)
        buffer.append(0x09)
        var detail = detail
        detail.withUTF8 { PathEscaping.escape($0, into: &buffer) }
        if audit != nil || code != nil {
            buffer.append(0x09)
            if let audit { buffer.append(contentsOf: audit.rawValue.utf8) }
        }
        if let code {
            buffer.append(0x09)
            buffer.append(contentsOf: code.rawValue.utf8)
        }
        buffer.append(0x0A)
    }

    init?(line: Substring) {
        var text = String(line)
        guard let parsed = text.withUTF8({ FileOutcome(lineBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// Parses one line without its newline; `nil` when it is not an outcome line.
    init?(lineBytes line: UnsafeRawBufferPointer) {
        guard let fields = PathEscaping.tabSeparatedFields(line, atMost: 6), fields.count >= 4,
            let index = Self.parseDecimal(line, fields[0]), let status = Status(rawValue: Self.text(line, fields[1])),
            let bytes = Self.parseDecimal(line, fields[2]),
            let detail = PathEscaping.unescape(UnsafeRawBufferPointer(rebasing: line[fields[3]]))
        else { return nil }
        var audit: AuditVerdict?
        if fields.count >= 5 && !fields[4].isEmpty {
            guard let verdict = AuditVerdict(rawValue: Self.text(line, fields[4])) else { return nil }
            audit = verdict
        }
        var code: FailureCode?
        if fields.count == 6 {
            guard let parsed = FailureCode(rawValue: Self.text(line, fields[5])) else { return nil }
            code = parsed
        }
        self.init(index: Int(index), status: status, bytes: bytes, detail: String(decoding: detail, as: UTF8.self), audit: audit)
        self.code = code
    }

    /// Calls `body` with each complete line's outcome, in order; lines that do not parse and a torn last line
    /// (no newline) are skipped.
    static func forEachLine(in bytes: [UInt8], _ body: (FileOutcome) -> Void) {
        bytes.withUnsafeBytes { all in
            var start = 0
            for position in 0..<all.count where all[position] == 0x0A {
                if position > start, let outcome = FileOutcome(lineBytes: UnsafeRawBufferPointer(rebasing: all[start..<position])) {
                    body(outcome)
                }
                start = position + 1
            }
        }
    }

    private static func text(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self)
    }

    /// A decimal of at most 18 digits, with an optional `-` (what ``appendDecimal(_:to:)`` writes).
    private static func parseDecimal(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        if !range.isEmpty, line[range.lowerBound] == UInt8(ascii: "-") {
            return parseDecimal(line, (range.lowerBound + 1)..<range.upperBound).map { -$0 }
        }
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value: Int64 = 0
        for position in range {
            let digit = line[position] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    private static func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
        guard value > 0 else {
            if value == 0 { buffer.append(0x30) } else { buffer.append(contentsOf: String(value).utf8) }
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 digits, written backwards
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            while rest > 0 {
                scratch[23 - count] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
                rest /= 10
                count += 1
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
        }
    }
}
