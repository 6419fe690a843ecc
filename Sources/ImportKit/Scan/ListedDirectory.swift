import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// An open directory descriptor, closed when the last reference goes (a directory read ahead keeps its parent's
/// descriptor until its own listing is done, so children are opened with `openat` and symbolic links are never
/// followed on the way).
final class DirectoryHandle: @unchecked Sendable {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    /// Opens `name` below this directory (no symbolic link followed), or returns the `errno`.
    func openChild(_ name: [UInt8]) -> Result<DirectoryHandle, SystemError> {
        let fd = withCString(name) { openat(self.fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { return .failure(SystemError(errno: errno, operation: "open directory", path: "")) }
        return .success(DirectoryHandle(fd: fd))
    }
}

/// What the scan keeps of one `lstat`: 32 bytes instead of `stat`'s 144.
struct FileStatus: Sendable {
    /// `errno` of a failed `lstat` (0 when it succeeded).
    var error: Int32 = 0
    /// `st_mode`.
    var mode: UInt32 = 0
    var size: Int64 = 0
    var mtimeNanos: Int64 = 0
    var ctimeNanos: Int64 = 0

    var isDirectory: Bool { error == 0 && mode & S_IFMT == S_IFDIR }

    /// `lstat` of `name` in the directory open at `directoryFD`.
    init(directoryFD: Int32, name: [UInt8]) {
        var info = stat()
        if withCString(name, { fstatat(directoryFD, $0, &info, AT_SYMLINK_NOFOLLOW) }) != 0 {
            error = errno
            return
        }
        mode = info.st_mode
        size = Int64(info.st_size)
        mtimeNanos = info.mtimeNanos
        ctimeNanos = info.ctimeNanos
    }

    init() {}
}

/// One directory read ahead of the ordered scan by a ``ScanLookAhead`` thread: its names in byte order and their
/// `lstat`s, or why it could not be read.
enum ListedDirectory: @unchecked Sendable {
    /// At most ``ScanLookAhead/directoryLimit`` names, sorted, each with its status.
    case listed(DirectoryHandle, [DirectoryListing.Entry], [FileStatus])
    /// More names than the limit: the ordered scan lists it itself, in runs (``DirectoryListing``).
    case large(DirectoryHandle)
    /// `openat` failed (the parent's listing reports the directory as unreadable).
    case openFailed(SystemError)
    /// `readdir` failed.
    case listFailed(DirectoryListing.ReadError)

    /// Opens `name` below `parent`, lists it and stats every name on the calling thread (a blocking call: a
    /// dedicated thread only).
    static func read(parent: DirectoryHandle, name: [UInt8], limit: Int) -> ListedDirectory {
        switch parent.openChild(name) {
        case .failure(let error): return .openFailed(error)
        case .success(let handle):
            let names: [DirectoryListing.Entry]?
            do {
                names = try DirectoryListing.small(directoryFD: handle.fd, from: nil, limit: limit)
            } catch let error as DirectoryListing.ReadError {
                return .listFailed(error)
            } catch {
                return .listFailed(.init(system: SystemError(errno: EIO, operation: "readdir", path: "")))
            }
            guard let names else { return .large(handle) }
            let statuses = names.map { FileStatus(directoryFD: handle.fd, name: $0.name) }
            return .listed(handle, names, statuses)
        }
    }

    /// Names held by the result (what it counts against the look-ahead's budget).
    var count: Int {
        if case .listed(_, let names, _) = self { return names.count }
        return 0
    }
}

/// `lstat` results of a batch of up to ``size`` names of one directory the ordered scan lists itself, split over
/// the cores: stat is most of a scan's cost (and on a NAS it is a network round trip each), so the scan does not
/// wait for one stat at a time. Memory stays bounded by the batch, whatever the directory size.
enum StatWindow {
    static let size = 2048
    /// Below this many names a batch is stat'ed on the scan thread itself (spreading costs more than it saves).
    static let parallelThreshold = 128
    static let threads = max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// The statuses of `names`, in their order.
    static func lstat(_ names: ArraySlice<DirectoryListing.Entry>, directoryFD: Int32) -> [FileStatus] {
        let count = names.count
        let first = names.startIndex
        var statuses = Array(repeating: FileStatus(), count: count)
        let chunks = count < parallelThreshold ? 1 : min(threads, count / (parallelThreshold / 2))
        if chunks <= 1 {
            for offset in 0..<count { statuses[offset] = FileStatus(directoryFD: directoryFD, name: names[first + offset].name) }
            return statuses
        }
        statuses.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = count * chunk / chunks
                let upper = count * (chunk + 1) / chunks
                for offset in lower..<upper {
                    base.buffer[offset] = FileStatus(directoryFD: directoryFD, name: names[first + offset].name)
                }
            }
        }
        return statuses
    }
}

/// Lets `concurrentPerform`'s workers write disjoint elements of one buffer.
private struct UncheckedBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}

/// Calls `body` with a NUL-terminated copy of `name` (names from readdir contain no NUL).
func withCString<T>(_ name: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
    (name + [0]).withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
    }
}

extension stat {
    var mtimeNanos: Int64 { Int64(st_mtim.tv_sec) * 1_000_000_000 + Int64(st_mtim.tv_nsec) }
    var ctimeNanos: Int64 { Int64(st_ctim.tv_sec) * 1_000_000_000 + Int64(st_ctim.tv_nsec) }
}
