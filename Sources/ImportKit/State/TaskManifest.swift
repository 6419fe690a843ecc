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
        let lines = String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == Substring(magic), lines.count >= 5 else { throw StateFileError.corrupt(TaskFiles.task, "bad header") }
        func field(_ index: Int, _ name: String) throws(StateFileError) -> Substring {
            let parts = lines[index].split(separator: "\t", maxSplits: 1)
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
        for line in lines[5...] where !line.isEmpty {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count >= 4, let kindChar = parts[0].first, let kind = ScanEntry.Kind(rawValue: kindChar),
                let size = Int64(parts[1]), let mtime = Int64(parts[2]), let path = PathEscaping.unescape(parts[3])
            else { throw StateFileError.corrupt(TaskFiles.task, "bad entry line") }
            let reason = parts.count > 4 ? PathEscaping.unescape(parts[4]).map { String(decoding: $0, as: UTF8.self) } ?? "" : ""
            let location = parts.count > 5 ? PathEscaping.unescape(parts[5]).map { String(decoding: $0, as: UTF8.self) } ?? "" : ""
            entries.append(ScanEntry(kind: kind, size: size, mtimeNanos: mtime, relativePath: path, reason: reason, location: location))
        }
        guard entries.count == count else { throw StateFileError.corrupt(TaskFiles.task, "expected \(count) entries, found \(entries.count)") }
        return TaskManifest(job: job, sequence: sequence, entries: entries)
    }
}
