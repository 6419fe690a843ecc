import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Walks a local directory tree depth-first in byte order of names, one directory listing in memory per level,
/// and reports every file (and every empty directory, as ``ScanEntry/Kind/emptyDirectory``) as a ``ScanEntry``.
///
/// The order is total and stable, so a scan can resume after the last path a checkpoint recorded: directories
/// before it are skipped without being listed again. Symbolic links are never followed into directories.
/// Runs synchronously: call it from a dedicated thread (``BlockingIO``).
public struct DirectoryScanner: Sendable {
    /// Absolute directory, without a trailing slash (`/` itself is allowed).
    public var root: String
    public var allowSymbolicLinks: Bool

    public init(root: String, allowSymbolicLinks: Bool) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.allowSymbolicLinks = allowSymbolicLinks
    }

    /// Scans the tree, calling `emit` for each entry after `resumeAfter` (a relative path previously emitted).
    /// `emit` returns `false` to stop early (cancellation).
    public func scan(resumeAfter: [UInt8]?, emit: (ScanEntry) throws -> Bool) throws {
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { throw SystemError(errno: errno, operation: "open directory", path: root) }
        defer { close(rootFD) }
        let resume = resumeAfter.map { $0.split(separator: UInt8(ascii: "/")).map(Array.init) }
        _ = try walk(directoryFD: rootFD, relative: [], resume: resume.map { ArraySlice($0) }, emit: emit)
    }

    /// Returns `false` when `emit` asked to stop.
    private func walk(
        directoryFD: Int32, relative: [UInt8], resume: ArraySlice<[UInt8]>?, emit: (ScanEntry) throws -> Bool
    ) throws -> Bool {
        var resume = resume
        var window = StatWindow()
        let names: [(name: [UInt8], type: UInt8)]
        do {
            names = try Self.list(directoryFD: directoryFD)
        } catch let error as SystemError {
            let path = relative.isEmpty ? Array(".".utf8) : relative
            return try emit(ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                                      reason: "cannot list directory: \(error.reason)"))
        }
        if names.isEmpty && !relative.isEmpty && resume == nil {
            return try emit(ScanEntry(kind: .emptyDirectory, size: 0, mtimeNanos: 0, relativePath: relative))
        }
        for (index, (name, type)) in names.enumerated() {
            let path = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
            if let target = resume?.first {
                if name.lexicographicallyPrecedes(target) { continue }
                if name == target {
                    let rest = resume!.dropFirst()
                    resume = nil
                    // The last emitted path itself is done; a directory on its way is resumed inside.
                    if rest.isEmpty { continue }
                    if type == DT_DIR || type == DT_UNKNOWN, let child = openDirectory(directoryFD, name) {
                        defer { close(child) }
                        if try !walk(directoryFD: child, relative: path, resume: rest, emit: emit) { return false }
                    }
                    continue
                }
                resume = nil
            }
            let status = window.status(at: index, names: names, directoryFD: directoryFD)
            if try !visit(directoryFD: directoryFD, name: name, path: path, status: status, emit: emit) { return false }
        }
        return true
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
            return try emit(ScanEntry(kind: .file, size: Int64(info.st_size), mtimeNanos: info.mtimeNanos, relativePath: path))
        case S_IFDIR:
            guard let child = openDirectory(directoryFD, name) else {
                return try emit(ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: path,
                                          reason: "cannot open directory: \(String(cString: strerror(errno)))"))
            }
            defer { close(child) }
            return try walk(directoryFD: child, relative: path, resume: nil, emit: emit)
        case S_IFLNK:
            return try emit(symlinkEntry(directoryFD: directoryFD, name: name, path: path))
        default:
            return try emit(ScanEntry(kind: .skipped, size: 0, mtimeNanos: 0, relativePath: path,
                                      reason: "not a regular file (device, FIFO or socket)"))
        }
    }

    private func symlinkEntry(directoryFD: Int32, name: [UInt8], path: [UInt8]) -> ScanEntry {
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
            return ScanEntry(kind: .symlinkedFile, size: Int64(target.st_size), mtimeNanos: target.mtimeNanos, relativePath: path)
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

    /// The names in a directory, sorted by bytes, with their `d_type`.
    static func list(directoryFD: Int32) throws -> [(name: [UInt8], type: UInt8)] {
        let dupFD = dup(directoryFD)
        guard dupFD >= 0, let dir = fdopendir(dupFD) else {
            let code = errno
            throw SystemError(errno: code, operation: "opendir", path: "")
        }
        defer { closedir(dir) }
        var names: [(name: [UInt8], type: UInt8)] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw SystemError(errno: errno, operation: "readdir", path: "") }
                break
            }
            let type = entry.pointee.d_type
            let name: [UInt8] = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: 256) { start in
                    Array(UnsafeBufferPointer(start: start, count: strlen(UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self))))
                }
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append((name, type))
        }
        names.sort { $0.name.lexicographicallyPrecedes($1.name) }
        return names
    }
}

/// A NUL-terminated copy of `bytes` for C calls (names from readdir contain no NUL).
private func cString(_ bytes: UnsafeBufferPointer<CChar>) -> [CChar] {
    Array(bytes) + [0]
}

extension stat {
    var mtimeNanos: Int64 { Int64(st_mtim.tv_sec) * 1_000_000_000 + Int64(st_mtim.tv_nsec) }
}

/// `lstat` results of the next names of one directory, fetched ahead in windows of up to ``size`` entries,
/// split over the cores: stat is most of a scan's cost (and on a NAS it is a network round trip each), so the
/// scan no longer waits for one stat at a time. Memory stays bounded by the window, whatever the directory size.
struct StatWindow {
    struct Status {
        var error: Int32
        var info: stat
    }

    static let size = 2048
    /// Below this many names a window is stat'ed on the scan thread itself (spreading costs more than it saves).
    static let parallelThreshold = 128
    static let threads = max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    private var start = 0
    private var statuses: [Status] = []

    /// The status of `names[index]`; indexes are asked for in increasing order.
    mutating func status(at index: Int, names: [(name: [UInt8], type: UInt8)], directoryFD: Int32) -> Status {
        if index < start || index >= start + statuses.count {
            fill(from: index, names: names, directoryFD: directoryFD)
        }
        return statuses[index - start]
    }

    private mutating func fill(from first: Int, names: [(name: [UInt8], type: UInt8)], directoryFD: Int32) {
        let count = min(Self.size, names.count - first)
        start = first
        statuses = Array(repeating: Status(error: 0, info: stat()), count: count)
        let chunks = count < Self.parallelThreshold ? 1 : min(Self.threads, count / (Self.parallelThreshold / 2))
        if chunks <= 1 {
            for offset in 0..<count { statuses[offset] = Self.lstat(directoryFD, names[first + offset].name) }
            return
        }
        statuses.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = count * chunk / chunks
                let upper = count * (chunk + 1) / chunks
                for offset in lower..<upper { base.buffer[offset] = Self.lstat(directoryFD, names[first + offset].name) }
            }
        }
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
