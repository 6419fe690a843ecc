#if canImport(Glibc)
    import Glibc
#endif

/// What `stat` says about a source file: its fingerprint for change detection.
public struct SourceFingerprint: Sendable, Equatable, CustomStringConvertible {
    public var size: Int64
    public var mtimeNanos: Int64
    public var inode: UInt64
    public var isRegularFile: Bool
    /// Remote sources: the ETag that pins this version of the object (`nil` for local files).
    public var version: String? = nil

    /// `stat` (following links when `follow`), on the calling thread: use from ``BlockingIO``.
    public static func read(_ path: String, follow: Bool) throws(SystemError) -> SourceFingerprint {
        var info = stat()
        let result = follow ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { throw SystemError(errno: errno, operation: "stat", path: path) }
        return SourceFingerprint(
            size: Int64(info.st_size), mtimeNanos: info.mtimeNanos, inode: UInt64(info.st_ino),
            isRegularFile: (info.st_mode & S_IFMT) == S_IFREG)
    }

    /// Checks that the file can be opened for reading (permissions), on the calling thread.
    public static func checkReadable(_ path: String) throws(SystemError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError(errno: errno, operation: "open", path: path) }
        close(fd)
    }

    /// Same size, mtime and kind, and the same inode when both are known (a scan's fingerprint has none).
    public func isSameVersion(as other: SourceFingerprint) -> Bool {
        size == other.size && mtimeNanos == other.mtimeNanos && isRegularFile == other.isRegularFile
            && (inode == 0 || other.inode == 0 || inode == other.inode)
            && (version == nil || other.version == nil || version == other.version)
    }

    public var description: String {
        let text = "size=\(size) mtime=\(mtimeNanos / 1_000_000_000).\(nineDigits(mtimeNanos % 1_000_000_000))"
        return version.map { text + " etag=\($0)" } ?? text
    }
}

/// Nanoseconds as nine digits.
func nineDigits(_ value: Int64) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 9 - digits.count)) + digits
}

/// Reads a file range in chunks on the calling thread (for CRC/MD5 of parts and `workerRecordMd5`).
enum FileReader {
    static func forEachChunk(
        path: String, offset: Int64, length: Int64, chunkSize: Int = 1 << 20,
        _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(SystemError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError(errno: errno, operation: "open", path: path) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var position = offset
        let end = offset + length
        while position < end {
            let want = Int(min(Int64(chunkSize), end - position))
            let got = pread(fd, buffer.baseAddress, want, off_t(position))
            if got < 0 {
                if errno == EINTR { continue }
                throw SystemError(errno: errno, operation: "read", path: path)
            }
            if got == 0 { throw SystemError(errno: EIO, operation: "read (file shorter than expected)", path: path) }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            position += Int64(got)
        }
    }
}
