import CRC64

/// The `TASK` file: which files a task covers. Text, one entry per line, sealed with a CRC-64 so a torn or
/// corrupt file is detected instead of trusted.
public struct TaskManifest: Sendable, Equatable {
    public var job: String
    public var sequence: Int
    public var entries: [ScanEntry]

    public init(job: String, sequence: Int, entries: [ScanEntry]) {
        self.job = job
        self.sequence = sequence
        self.entries = entries
    }

    /// Entries that are files (empty directories are not).
    public var fileCount: Int { entries.reduce(0) { $0 + ($1.kind == .emptyDirectory ? 0 : 1) } }
    /// Empty directories in this task.
    public var emptyDirectoryCount: Int { entries.count - fileCount }
    public var totalBytes: Int64 { entries.reduce(0) { $0 + ($1.isTransferable ? $1.size : 0) } }

    static let magic = "ossimport-task 1"

    public func encoded() -> [UInt8] {
        var text = "\(Self.magic)\njob\t\(job)\nsequence\t\(sequence)\ncount\t\(entries.count)\nbytes\t\(totalBytes)\n"
        for entry in entries {
            text += "\(entry.kind.rawValue)\t\(entry.size)\t\(entry.mtimeNanos)\t\(PathEscaping.escape(entry.relativePath))"
            if !entry.reason.isEmpty || !entry.location.isEmpty { text += "\t" + PathEscaping.escape(Array(entry.reason.utf8)) }
            if !entry.location.isEmpty { text += "\t" + PathEscaping.escape(Array(entry.location.utf8)) }
            text += "\n"
        }
        return Sealed.seal(Array(text.utf8))
    }

    public static func decode(_ bytes: [UInt8]) throws(StateFileError) -> TaskManifest {
        let body = try Sealed.open(bytes, what: TaskFiles.task)
        // The five header lines as text; the entry lines (tens of thousands) parsed as bytes.
        var lineEnds: [Int] = []
        var position = body.startIndex
        while lineEnds.count < 5, let end = body[position...].firstIndex(of: 0x0A) {
            lineEnds.append(end)
            position = end + 1
        }
        var header: [Substring] = []
        var start = body.startIndex
        for end in lineEnds {
            header.append(Substring(String(decoding: body[start..<end], as: UTF8.self)))
            start = end + 1
        }
        guard header.first == Substring(magic), header.count == 5 else { throw StateFileError.corrupt(TaskFiles.task, "bad header") }
        func field(_ index: Int, _ name: String) throws(StateFileError) -> Substring {
            let parts = header[index].split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, parts[0] == Substring(name) else {
                throw StateFileError.corrupt(TaskFiles.task, "expected \(name) on line \(index + 1)")
            }
            return parts[1]
        }
        let job = String(try field(1, "job"))
        guard let sequence = Int(try field(2, "sequence")), let count = Int(try field(3, "count")) else {
            throw StateFileError.corrupt(TaskFiles.task, "bad numbers")
        }
        var entries: [ScanEntry] = []
        entries.reserveCapacity(count)
        let parsed = body[start...].withUnsafeBytes { rest -> Bool in
            var lineStart = 0
            for index in 0...rest.count where index == rest.count || rest[index] == 0x0A {
                defer { lineStart = index + 1 }
                guard index > lineStart else { continue }
                guard let entry = ScanEntry(taskLine: UnsafeRawBufferPointer(rebasing: rest[lineStart..<index])) else { return false }
                entries.append(entry)
            }
            return true
        }
        guard parsed else { throw StateFileError.corrupt(TaskFiles.task, "bad entry line") }
        guard entries.count == count else { throw StateFileError.corrupt(TaskFiles.task, "expected \(count) entries, found \(entries.count)") }
        return TaskManifest(job: job, sequence: sequence, entries: entries)
    }
}

extension ScanEntry {
    /// One entry line of a `TASK` file: `kind TAB size TAB mtime TAB path [TAB reason [TAB location]]`, escaped.
    init?(taskLine line: UnsafeRawBufferPointer) {
        guard let fields = PathEscaping.tabSeparatedFields(line, atMost: .max) else { return nil }
        func text(_ field: Int) -> Substring { Substring(String(decoding: UnsafeRawBufferPointer(rebasing: line[fields[field]]), as: UTF8.self)) }
        func unescaped(_ field: Int) -> [UInt8]? { PathEscaping.unescape(UnsafeRawBufferPointer(rebasing: line[fields[field]])) }
        guard fields.count >= 4, let kindChar = text(0).first, let kind = ScanEntry.Kind(rawValue: kindChar),
            let size = Int64(text(1)), let mtime = Int64(text(2)), let path = unescaped(3)
        else { return nil }
        let reason = fields.count > 4 ? unescaped(4).map { String(decoding: $0, as: UTF8.self) } ?? "" : ""
        let location = fields.count > 5 ? unescaped(5).map { String(decoding: $0, as: UTF8.self) } ?? "" : ""
        self.init(kind: kind, size: size, mtimeNanos: mtime, relativePath: path, reason: reason, location: location)
    }
}
