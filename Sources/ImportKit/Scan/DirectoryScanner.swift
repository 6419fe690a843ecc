import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Walks a local directory tree depth-first in byte order of names and reports every file (and every empty
/// directory, as ``ScanEntry/Kind/emptyDirectory``) as a ``ScanEntry``.
///
/// The order is total and stable, so a scan can resume after the last path a checkpoint recorded: directories
/// before it are skipped without being listed again, names before it are not stat'ed. Directories ahead of the
/// walk are listed and stat'ed concurrently by a ``ScanLookAhead`` (`parallelism`), which changes when the file
/// system is asked, never the order. Memory is bounded whatever the tree: per level one directory of at most
/// ``StatWindow/size`` names, or for a larger one a ``DirectoryListing`` (at most `runLimit` names;
/// larger directories are sorted in runs spilled to an unlinked temporary file in `spillDirectory` and merged) and
/// one ``StatWindow`` batch; plus the look-ahead's bounded window. Symbolic links are never followed into
/// directories. Runs synchronously: call it from a dedicated thread (``BlockingIO``); the look-ahead's threads
/// are its own.
public struct DirectoryScanner: Sendable {
    /// Absolute directory, without a trailing slash (`/` itself is allowed).
    public var root: String
    public var allowSymbolicLinks: Bool
    /// Where the temporary file of a directory with more than `runLimit` names goes (never the source itself).
    public var spillDirectory: String
    /// Names of one directory held in memory at once.
    public var runLimit: Int
    /// Default `runLimit`: about 6 MiB of names.
    public static let defaultRunLimit = 65_536
    /// Threads listing directories ahead of the walk, and how deep.
    public var parallelism: ScanParallelism

    public init(
        root: String, allowSymbolicLinks: Bool, spillDirectory: String? = nil,
        runLimit: Int = DirectoryScanner.defaultRunLimit, parallelism: ScanParallelism = .automatic
    ) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.allowSymbolicLinks = allowSymbolicLinks
        self.spillDirectory = spillDirectory ?? Self.temporaryDirectory
        self.runLimit = runLimit
        self.parallelism = parallelism
    }

    static var temporaryDirectory: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 { return String(cString: value) }
        return "/tmp"
    }

    /// Scans the tree, calling `emit` for each entry after `resumeAfter` (a relative path previously emitted).
    /// `emit` returns `false` to stop early (cancellation).
    /// - Throws: ``SystemError`` when the root cannot be opened or a temporary file cannot be written; what
    ///   `emit` throws. An unreadable directory below the root is an ``ScanEntry/Kind/unreadable`` entry instead.
    public func scan(resumeAfter: [UInt8]?, emit: (ScanEntry) throws -> Bool) throws {
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { throw SystemError(errno: errno, operation: "open directory", path: root) }
        let lookAhead = ScanLookAhead(parallelism, runLimit: runLimit)
        defer { lookAhead.stop() }
        let resume = resumeAfter.map { $0.split(separator: UInt8(ascii: "/")).map(Array.init) }
        let walk = Walk(scanner: self, lookAhead: lookAhead)
        _ = try walk.directory(DirectoryHandle(fd: rootFD), relative: [], depth: 0, resume: resume.map { ArraySlice($0) }, emit: emit)
    }

    /// One scan's walk: the scanner's settings and the look-ahead serving it.
    private struct Walk {
        let scanner: DirectoryScanner
        let lookAhead: ScanLookAhead

        /// Returns `false` when `emit` asked to stop. `changedNanos`: the directory's own later of mtime and ctime
        /// (an empty directory carries it as its ctime, so incremental passes leave out empty directories that did
        /// not change). `movedNanos`: when this directory or one above it was moved in (see ``movedIn(_:inherited:)``),
        /// the latest such ctime; every entry below carries it as its ctime at least. `readAhead`: the directory as
        /// the look-ahead read it (`.listed` or `.large`), `nil` when the walk reads it here.
        func directory(
            _ handle: DirectoryHandle, relative: [UInt8], depth: Int, resume: ArraySlice<[UInt8]>?,
            changedNanos: Int64 = 0, movedNanos: Int64 = 0, readAhead: ListedDirectory? = nil,
            emit: (ScanEntry) throws -> Bool
        ) throws -> Bool {
            // Its names: read ahead with their statuses, read here at once when small, or streamed in sorted runs.
            var small: (names: [DirectoryListing.Entry], statuses: [FileStatus]?)?
            var listing: DirectoryListing?
            do {
                switch readAhead {
                case .listed(_, let names, let statuses)?: small = (names, statuses)
                case .large?: break
                default:
                    small = try DirectoryListing.small(
                        directoryFD: handle.fd, from: resume?.first, limit: lookAhead.directoryLimit
                    ).map { ($0, nil) }
                }
                if small == nil {
                    listing = try DirectoryListing(
                        directoryFD: handle.fd, from: resume?.first, runLimit: scanner.runLimit,
                        spillDirectory: scanner.spillDirectory)
                }
            } catch let error as DirectoryListing.ReadError {
                return try emit(unreadableDirectory(relative.isEmpty ? Array(".".utf8) : relative, error))
            }
            if small?.names.isEmpty ?? listing!.isEmpty, !relative.isEmpty, resume == nil {
                return try emit(ScanEntry(
                    kind: .emptyDirectory, size: 0, mtimeNanos: 0, ctimeNanos: max(changedNanos, movedNanos), relativePath: relative))
            }
            func path(_ name: [UInt8]) -> [UInt8] { relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name }
            var streamed: [DirectoryListing.Entry] = []
            var first = true
            while true {
                // The next batch of names: the whole small directory at once, else up to a stat window.
                let batch: ArraySlice<DirectoryListing.Entry>
                var known: [FileStatus]?
                if let whole = small {
                    guard first else { return true }
                    (batch, known) = (whole.names[...], whole.statuses)
                } else {
                    streamed.removeAll(keepingCapacity: true)
                    while streamed.count < StatWindow.size, let entry = try listing!.next() { streamed.append(entry) }
                    batch = streamed[...]
                }
                if batch.isEmpty { return true }
                var start = batch.startIndex
                // Names before the resume point were left out by the listing; the resume point itself is done, or,
                // when a directory, resumed inside without a stat.
                if first, let resume, let target = resume.first, batch[start].name == target {
                    start += 1
                    let rest = resume.dropFirst()
                    let (name, type) = batch[batch.startIndex]
                    if !rest.isEmpty && (type == DT_DIR || type == DT_UNKNOWN), case .success(let child) = handle.openChild(name) {
                        // Resumed without the listing's stat: the directory's own times come from its descriptor.
                        var info = stat()
                        var own = FileStatus()
                        if fstat(child.fd, &info) == 0 { (own.mtimeNanos, own.ctimeNanos) = (info.mtimeNanos, info.ctimeNanos) }
                        let moved = Self.movedIn(own, inherited: movedNanos)
                        if try !directory(child, relative: path(name), depth: depth + 1, resume: rest, movedNanos: moved, emit: emit) {
                            return false
                        }
                    }
                }
                first = false
                let names = batch[start...]
                let statuses: ArraySlice<FileStatus>
                if let known {
                    statuses = known[(start - batch.startIndex)...]
                } else {
                    statuses = StatWindow.lstat(names, directoryFD: handle.fd)[...]
                    lookAhead.announce(parent: handle, path: relative, depth: depth, names: names, statuses: statuses)
                }
                for ((name, _), status) in zip(names, statuses) {
                    if try !visit(handle, name: name, path: path(name), depth: depth, status: status, movedNanos: movedNanos, emit: emit) {
                        return false
                    }
                }
            }
        }

        /// The "moved in" time passed to a directory's entries: its ctime when that is later than its mtime (a
        /// rename, `mv` into the tree, also chmod/chown: the directory's identity changed, its list of names did not,
        /// so its files keep their old times), else what it inherited. A directory whose names changed has mtime =
        /// ctime and passes nothing on, so adding one file never marks its neighbours as changed.
        static func movedIn(_ status: FileStatus, inherited: Int64) -> Int64 {
            status.ctimeNanos > status.mtimeNanos ? max(inherited, status.ctimeNanos) : inherited
        }

        private func visit(
            _ handle: DirectoryHandle, name: [UInt8], path: [UInt8], depth: Int, status: FileStatus, movedNanos: Int64,
            emit: (ScanEntry) throws -> Bool
        ) throws -> Bool {
            if status.error != 0 {
                let code = status.error
                // Deleted between listing and stat: nothing to migrate.
                if code == ENOENT { return true }
                return try emit(ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                                          reason: "cannot stat: \(String(cString: strerror(code)))"))
            }
            switch status.mode & S_IFMT {
            case S_IFREG:
                return try emit(ScanEntry(
                    kind: .file, size: status.size, mtimeNanos: status.mtimeNanos,
                    ctimeNanos: max(status.ctimeNanos, movedNanos), relativePath: path))
            case S_IFDIR:
                let readAhead = lookAhead.take(path)
                let child: DirectoryHandle
                switch readAhead {
                case .listed(let handle, _, _)?, .large(let handle)?: child = handle
                case .listFailed(let error)?: return try emit(unreadableDirectory(path, error))
                case .openFailed(let error)?: return try emit(unopenableDirectory(path, error))
                case nil:
                    switch handle.openChild(name) {
                    case .success(let handle): child = handle
                    case .failure(let error): return try emit(unopenableDirectory(path, error))
                    }
                }
                return try directory(
                    child, relative: path, depth: depth + 1, resume: nil,
                    changedNanos: max(status.mtimeNanos, status.ctimeNanos),
                    movedNanos: Self.movedIn(status, inherited: movedNanos), readAhead: readAhead, emit: emit)
            case S_IFLNK:
                var entry = try scanner.symlinkEntry(directoryFD: handle.fd, name: name, path: path, link: status)
                entry.ctimeNanos = max(entry.ctimeNanos, movedNanos)
                return try emit(entry)
            default:
                return try emit(ScanEntry(kind: .skipped, size: 0, mtimeNanos: 0, relativePath: path,
                                          reason: "not a regular file (device, FIFO or socket)"))
            }
        }

        private func unreadableDirectory(_ path: [UInt8], _ error: DirectoryListing.ReadError) -> ScanEntry {
            ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                      reason: "cannot list directory: \(error.system.reason)")
        }

        private func unopenableDirectory(_ path: [UInt8], _ error: SystemError) -> ScanEntry {
            ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                      reason: "cannot open directory: \(error.reason)")
        }
    }

    /// `link`: the link's own `lstat`; a link made or changed after its target still counts as changed then.
    private func symlinkEntry(directoryFD: Int32, name: [UInt8], path: [UInt8], link: FileStatus) -> ScanEntry {
        guard allowSymbolicLinks else {
            return ScanEntry(kind: .skipped, size: 0, mtimeNanos: 0, relativePath: path,
                             reason: "symbolic link skipped (isAllowSymbolicLink=false)")
        }
        var target = stat()
        let result = withCString(name) { fstatat(directoryFD, $0, &target, 0) }
        if result != 0 {
            let code = errno
            let what = code == ELOOP ? "symbolic link loop" : "broken symbolic link"
            return ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                             reason: "\(what): \(String(cString: strerror(code)))")
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG:
            return ScanEntry(
                kind: .symlinkedFile, size: Int64(target.st_size), mtimeNanos: target.mtimeNanos,
                ctimeNanos: max(target.ctimeNanos, link.ctimeNanos), relativePath: path)
        case S_IFDIR:
            return ScanEntry(kind: .skipped, size: 0, mtimeNanos: 0, relativePath: path,
                             reason: "symbolic link to a directory is not followed")
        default:
            return ScanEntry(kind: .skipped, size: 0, mtimeNanos: 0, relativePath: path,
                             reason: "symbolic link to something that is not a regular file")
        }
    }
}
