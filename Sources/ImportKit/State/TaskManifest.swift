import CRC64

/// One file found by the scan.
public struct ScanEntry: Sendable, Equatable {
    public enum Kind: Character, Sendable {
        /// A regular file.
        case file = "F"
        /// A symbolic link to a regular file, uploaded because `isAllowSymbolicLink=true`.
        case symlinkedFile = "L"
        /// Found but unusable at scan time (unlistable directory, broken link, loop): fails with `reason`.
        case unreadable = "E"
        /// Left out by a rule the user set (symlinks not allowed, symlinked directory): counted as skipped.
        case skipped = "S"
        /// A local directory with no entries at all: not a file; listed as `EMPTY_DIR` in `audit.log`, and a
        /// `dir/` marker object when `createEmptyDirMarker=true`.
        case emptyDirectory = "D"
    }

    public var kind: Kind
    public var size: Int64
    /// Modification time in nanoseconds since the epoch.
    public var mtimeNanos: Int64
    /// Status-change time (`ctime`) in nanoseconds since the epoch: local sources only (0 elsewhere). It moves
    /// whenever the file's inode changes (write, `mv`, `cp -p`, `rsync -a`, `chmod`, `touch -d`) and cannot be set
    /// back, so an incremental pass detects by it what an old, preserved mtime hides. Used by the scan's filter
    /// only: not written to the TASK file (0 when read back from one).
    public var ctimeNanos: Int64
    /// Path relative to `srcPrefix`, raw bytes.
    public var relativePath: [UInt8]
    public var reason: String
    /// Where a remote source keeps the entry besides its relative path (`srcType=http`: the URL prefix and the
    /// list line, as ``HTTPListLister`` writes it); empty for local and object-store sources.
    public var location: String

    public init(
        kind: Kind, size: Int64, mtimeNanos: Int64, ctimeNanos: Int64 = 0, relativePath: [UInt8], reason: String = "",
        location: String = ""
    ) {
        self.kind = kind
        self.size = size
        self.mtimeNanos = mtimeNanos
        self.ctimeNanos = ctimeNanos
        self.relativePath = relativePath
        self.reason = reason
        self.location = location
    }

    /// The later of mtime and ctime: the last time the file's content or identity changed, as far as is known.
    public var changedNanos: Int64 { max(mtimeNanos, ctimeNanos) }

    /// Whether a worker transfers this entry.
    public var isTransferable: Bool { kind == .file || kind == .symlinkedFile }

    /// Equal when everything a TASK file holds is equal: `ctimeNanos` is the scan's filter input only, so an entry
    /// read back from its TASK file equals the entry the scan wrote.
    public static func == (lhs: ScanEntry, rhs: ScanEntry) -> Bool {
        lhs.kind == rhs.kind && lhs.size == rhs.size && lhs.mtimeNanos == rhs.mtimeNanos
            && lhs.relativePath == rhs.relativePath && lhs.reason == rhs.reason && lhs.location == rhs.location
    }
}

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
        let body = try Sealed.open(bytes, what: "TASK")
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
        guard header.first == Substring(magic), header.count == 5 else { throw StateFileError.corrupt("TASK", "bad header") }
        func field(_ index: Int, _ name: String) throws(StateFileError) -> Substring {
            let parts = header[index].split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, parts[0] == Substring(name) else {
                throw StateFileError.corrupt("TASK", "expected \(name) on line \(index + 1)")
            }
            return parts[1]
        }
        let job = String(try field(1, "job"))
        guard let sequence = Int(try field(2, "sequence")), let count = Int(try field(3, "count")) else {
            throw StateFileError.corrupt("TASK", "bad numbers")
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
        guard parsed else { throw StateFileError.corrupt("TASK", "bad entry line") }
        guard entries.count == count else { throw StateFileError.corrupt("TASK", "expected \(count) entries, found \(entries.count)") }
        return TaskManifest(job: job, sequence: sequence, entries: entries)
    }
}

extension ScanEntry {
    /// One entry line of a `TASK` file: `kind TAB size TAB mtime TAB path [TAB reason [TAB location]]`, escaped.
    init?(taskLine line: UnsafeRawBufferPointer) {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(6)
        var start = 0
        for index in 0..<line.count where line[index] == 0x09 {
            fields.append(start..<index)
            start = index + 1
        }
        fields.append(start..<line.count)
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

/// A state file that cannot be trusted.
public enum StateFileError: Error, Sendable, CustomStringConvertible, Equatable {
    case corrupt(String, String)

    public var description: String {
        switch self {
        case .corrupt(let what, let detail): return "\(what) is corrupt (\(detail))"
        }
    }
}

/// Appends `#crc64 <value>` to a text file and checks it on read.
enum Sealed {
    static func seal(_ body: [UInt8]) -> [UInt8] {
        body + Array("#crc64 \(CRC64.checksum(body))\n".utf8)
    }

    static func open(_ bytes: [UInt8], what: String) throws(StateFileError) -> ArraySlice<UInt8> {
        // The seal is the last line.
        guard bytes.last == UInt8(ascii: "\n") else { throw .corrupt(what, "truncated") }
        var start = bytes.count - 1
        while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        let sealLine = String(decoding: bytes[start..<(bytes.count - 1)], as: UTF8.self)
        guard sealLine.hasPrefix("#crc64 "), let expected = UInt64(sealLine.dropFirst(7)) else {
            throw .corrupt(what, "no checksum")
        }
        let body = bytes[0..<start]
        let actual = body.withUnsafeBytes { CRC64.checksum($0) }
        guard actual == expected else { throw .corrupt(what, "checksum mismatch") }
        return body
    }
}
