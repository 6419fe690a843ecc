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
