import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Walks a local directory tree depth-first in byte order of names and reports every file (and every empty
/// directory, as ``ScanEntry/Kind/emptyDirectory``) as a ``ScanEntry``.
///
/// The order is total and stable, so a scan can resume after the last path a checkpoint recorded: directories
/// before it are skipped without being listed again, names before it are not stat'ed. Memory is bounded whatever
/// the tree: per level one ``DirectoryListing`` (at most `runLimit` names; larger directories are sorted in runs
/// spilled to an unlinked temporary file in `spillDirectory` and merged) and one ``StatWindow`` batch.
/// Symbolic links are never followed into directories. Runs synchronously: call it from a dedicated thread
/// (``BlockingIO``).
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

    public init(
        root: String, allowSymbolicLinks: Bool, spillDirectory: String? = nil,
        runLimit: Int = DirectoryScanner.defaultRunLimit
    ) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.allowSymbolicLinks = allowSymbolicLinks
        self.spillDirectory = spillDirectory ?? Self.temporaryDirectory
        self.runLimit = runLimit
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
        defer { close(rootFD) }
        let resume = resumeAfter.map { $0.split(separator: UInt8(ascii: "/")).map(Array.init) }
        _ = try walk(directoryFD: rootFD, relative: [], resume: resume.map { ArraySlice($0) }, emit: emit)
    }

    /// Returns `false` when `emit` asked to stop. `changedNanos`: the directory's own later of mtime and ctime (an
    /// empty directory carries it as its ctime, so incremental passes leave out empty directories that did not change).
    private func walk(
        directoryFD: Int32, relative: [UInt8], resume: ArraySlice<[UInt8]>?, changedNanos: Int64 = 0,
        emit: (ScanEntry) throws -> Bool
    ) throws -> Bool {
        var listing: DirectoryListing
        do {
            listing = try DirectoryListing(
                directoryFD: directoryFD, from: resume?.first, runLimit: runLimit, spillDirectory: spillDirectory)
        } catch let error as DirectoryListing.ReadError {
            let path = relative.isEmpty ? Array(".".utf8) : relative
            return try emit(ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                                      reason: "cannot list directory: \(error.system.reason)"))
        }
        if listing.isEmpty && !relative.isEmpty && resume == nil {
            return try emit(ScanEntry(kind: .emptyDirectory, size: 0, mtimeNanos: 0, ctimeNanos: changedNanos, relativePath: relative))
        }
        func path(_ name: [UInt8]) -> [UInt8] { relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name }
        var batch: [DirectoryListing.Entry] = []
        var first = true
        while true {
            batch.removeAll(keepingCapacity: true)
            while batch.count < StatWindow.size, let entry = try listing.next() { batch.append(entry) }
            if batch.isEmpty { return true }
            var start = 0
            // Names before the resume point were left out by the listing; the resume point itself is done, or,
            // when a directory, resumed inside without a stat.
            if first, let resume, let target = resume.first, batch[0].name == target {
                start = 1
                let rest = resume.dropFirst()
                let (name, type) = batch[0]
                if !rest.isEmpty && (type == DT_DIR || type == DT_UNKNOWN), let child = openDirectory(directoryFD, name) {
                    defer { close(child) }
                    if try !walk(directoryFD: child, relative: path(name), resume: rest, emit: emit) { return false }
                }
            }
            first = false
            let statuses = StatWindow.lstat(batch[start...], directoryFD: directoryFD)
            for (offset, status) in statuses.enumerated() {
                let name = batch[start + offset].name
                if try !visit(directoryFD: directoryFD, name: name, path: path(name), status: status, emit: emit) {
                    return false
                }
            }
        }
    }

    private func visit(
        directoryFD: Int32, name: [UInt8], path: [UInt8], status: StatWindow.Status, emit: (ScanEntry) throws -> Bool
    ) throws -> Bool {
        let info = status.info
        if status.error != 0 {
            let code = status.error
            // Deleted between listing and stat: nothing to migrate.
            if code == ENOENT { return true }
            return try emit(ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                                      reason: "cannot stat: \(String(cString: strerror(code)))"))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return try emit(ScanEntry(
                kind: .file, size: Int64(info.st_size), mtimeNanos: info.mtimeNanos, ctimeNanos: info.ctimeNanos, relativePath: path))
        case S_IFDIR:
            guard let child = openDirectory(directoryFD, name) else {
                return try emit(ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                                          reason: "cannot open directory: \(String(cString: strerror(errno)))"))
            }
            defer { close(child) }
            return try walk(
                directoryFD: child, relative: path, resume: nil, changedNanos: max(info.mtimeNanos, info.ctimeNanos), emit: emit)
        case S_IFLNK:
            return try emit(symlinkEntry(directoryFD: directoryFD, name: name, path: path, link: info))
        default:
            return try emit(ScanEntry(kind: .skipped, size: 0, mtimeNanos: 0, relativePath: path,
                                      reason: "not a regular file (device, FIFO or socket)"))
        }
    }

    /// `link`: the link's own `lstat`; a link made or changed after its target still counts as changed then.
    private func symlinkEntry(directoryFD: Int32, name: [UInt8], path: [UInt8], link: stat) -> ScanEntry {
        guard allowSymbolicLinks else {
            return ScanEntry(kind: .skipped, size: 0, mtimeNanos: 0, relativePath: path,
                             reason: "symbolic link skipped (isAllowSymbolicLink=false)")
        }
        var target = stat()
        let result = name.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { fstatat(directoryFD, cString($0), &target, 0) }
        }
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

    private func openDirectory(_ parent: Int32, _ name: [UInt8]) -> Int32? {
        let fd = name.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                openat(parent, cString($0), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
        }
        return fd >= 0 ? fd : nil
    }
}

/// A NUL-terminated copy of `bytes` for C calls (names from readdir contain no NUL).
private func cString(_ bytes: UnsafeBufferPointer<CChar>) -> [CChar] {
    Array(bytes) + [0]
}

extension stat {
    var mtimeNanos: Int64 { Int64(st_mtim.tv_sec) * 1_000_000_000 + Int64(st_mtim.tv_nsec) }
    var ctimeNanos: Int64 { Int64(st_ctim.tv_sec) * 1_000_000_000 + Int64(st_ctim.tv_nsec) }
}

/// `lstat` results of a batch of up to ``size`` names of one directory, split over the cores: stat is most of a
/// scan's cost (and on a NAS it is a network round trip each), so the scan does not wait for one stat at a time.
/// Memory stays bounded by the batch, whatever the directory size.
enum StatWindow {
    struct Status {
        var error: Int32
        var info: stat
    }

    static let size = 2048
    /// Below this many names a batch is stat'ed on the scan thread itself (spreading costs more than it saves).
    static let parallelThreshold = 128
    static let threads = max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// The statuses of `names`, in their order.
    static func lstat(_ names: ArraySlice<DirectoryListing.Entry>, directoryFD: Int32) -> [Status] {
        let count = names.count
        let first = names.startIndex
        var statuses = Array(repeating: Status(error: 0, info: stat()), count: count)
        let chunks = count < parallelThreshold ? 1 : min(threads, count / (parallelThreshold / 2))
        if chunks <= 1 {
            for offset in 0..<count { statuses[offset] = lstat(directoryFD, names[first + offset].name) }
            return statuses
        }
        statuses.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = count * chunk / chunks
                let upper = count * (chunk + 1) / chunks
                for offset in lower..<upper { base.buffer[offset] = lstat(directoryFD, names[first + offset].name) }
            }
        }
        return statuses
    }

    private static func lstat(_ directoryFD: Int32, _ name: [UInt8]) -> Status {
        var status = Status(error: 0, info: stat())
        let result = name.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { fstatat(directoryFD, cString($0), &status.info, AT_SYMLINK_NOFOLLOW) }
        }
        if result != 0 { status.error = errno }
        return status
    }
}

/// Lets `concurrentPerform`'s workers write disjoint elements of one buffer.
private struct UncheckedBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
