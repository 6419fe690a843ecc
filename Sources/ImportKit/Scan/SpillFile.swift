#if canImport(Glibc)
    import Glibc
#endif

/// An anonymous temporary file holding sorted runs of directory entries for ``DirectoryListing``.
///
/// Created with `O_TMPFILE` (or created and unlinked at once where the file system lacks it), so it has no name:
/// the kernel frees it when the descriptor closes, also after a crash or `kill -9`. Each entry is stored as its
/// `d_type` byte, its name's length (2 bytes, little-endian) and the name's bytes.
final class SpillFile {
    let fd: Int32
    /// The directory the file lives in (for error messages).
    let directory: String
    private var buffer: [UInt8] = []
    /// Bytes written to the file so far (not counting `buffer`).
    private var written: Int64 = 0
    private static let writeChunk = 1 << 20

    /// - Throws: ``SystemError`` naming `directory` when no temporary file can be created there.
    init(directory: String) throws {
        self.directory = directory
        // O_TMPFILE is `__O_TMPFILE | O_DIRECTORY` (Linux; not imported into Swift).
        var fd = open(directory, 0o20000000 | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)
        if fd < 0 {
            var template = Array((directory + "/.scan-spill-XXXXXX").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else {
                throw SystemError(errno: errno, operation: "create the scan's temporary file in", path: directory)
            }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        self.fd = fd
        buffer.reserveCapacity(Self.writeChunk)
    }

    deinit { close(fd) }

    /// Appends one sorted run and returns its byte range in the file (buffered: call ``flush()`` before reading).
    func append(_ run: [DirectoryListing.Entry]) throws -> Range<Int64> {
        let start = written + Int64(buffer.count)
        for (name, type) in run {
            buffer.append(type)
            buffer.append(UInt8(truncatingIfNeeded: name.count))
            buffer.append(UInt8(truncatingIfNeeded: name.count >> 8))
            buffer.append(contentsOf: name)
            if buffer.count >= Self.writeChunk { try flush() }
        }
        return start..<(written + Int64(buffer.count))
    }

    /// Writes the buffered bytes.
    func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let count = buffer[offset...].withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(written)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(errno: errno, operation: "write the scan's temporary file in", path: directory)
            }
            offset += count
            written += Int64(count)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads the entries of one run back, through a small buffer.
    struct Reader {
        let file: SpillFile
        private var offset: Int64
        private let end: Int64
        private var buffer: [UInt8] = []
        private var position = 0
        static let chunk = 16 << 10

        init(file: SpillFile, range: Range<Int64>) {
            self.file = file
            self.offset = range.lowerBound
            self.end = range.upperBound
        }

        /// The run's next entry, or `nil` at its end.
        mutating func next() throws -> DirectoryListing.Entry? {
            guard try available(3) else {
                if position < buffer.count {
                    throw SystemError(errno: EIO, operation: "read the scan's temporary file (truncated run) in", path: file.directory)
                }
                return nil
            }
            let type = buffer[position]
            let length = Int(buffer[position + 1]) | Int(buffer[position + 2]) << 8
            guard try available(3 + length) else {
                throw SystemError(errno: EIO, operation: "read the scan's temporary file (truncated run) in", path: file.directory)
            }
            let name = Array(buffer[(position + 3)..<(position + 3 + length)])
            position += 3 + length
            return (name, type)
        }

        /// Whether `count` bytes are buffered after `position`, reading more when needed; `false` at the run's end.
        private mutating func available(_ count: Int) throws -> Bool {
            if buffer.count - position >= count { return true }
            buffer.removeSubrange(0..<position)
            position = 0
            while buffer.count < count && offset < end {
                let want = Int(min(Int64(max(Self.chunk, count) - buffer.count), end - offset))
                let old = buffer.count
                buffer.append(contentsOf: repeatElement(0, count: want))
                let got = buffer[old...].withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, want, off_t(offset)) }
                if got < 0 {
                    buffer.removeSubrange(old...)
                    if errno == EINTR { continue }
                    throw SystemError(errno: errno, operation: "read the scan's temporary file in", path: file.directory)
                }
                buffer.removeSubrange((old + got)...)
                if got == 0 {
                    throw SystemError(errno: EIO, operation: "read the scan's temporary file (shorter than written) in", path: file.directory)
                }
                offset += Int64(got)
            }
            return buffer.count >= count
        }
    }
}
