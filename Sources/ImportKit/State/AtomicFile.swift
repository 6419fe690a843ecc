import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Durable, atomic file replacement: a reader sees either the old content or the new, never a mix,
/// and after `write(durable: true)` returns the new content survives a crash or power loss.
///
/// Steps: write a temp file in the same directory, fsync it, rename it over the target, fsync the directory.
enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws(SystemError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temp = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = try syscall("create", temp) { open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        do {
            try writeAll(fd: fd, bytes: bytes, path: temp)
            if durable { try syscall("fsync", temp) { fsync(fd) } }
        } catch {
            _ = close(fd)
            _ = unlink(temp)
            throw error
        }
        // Closed exactly once, whatever close returns: on Linux the descriptor is released even when close fails
        // (EINTR, or EIO/EDQUOT reported by NFS at close), and a second close could hit a descriptor another thread
        // has opened since.
        if close(fd) != 0 {
            let error = SystemError(errno: errno, operation: "close", path: temp)
            _ = unlink(temp)
            throw error
        }
        do {
            try syscall("rename", path) { rename(temp, path) }
        } catch {
            _ = unlink(temp)
            throw error
        }
        if durable { try fsyncDirectory(directory.isEmpty ? "." : directory) }
    }

    public static func write(_ text: String, to path: String, durable: Bool = true) throws(SystemError) {
        try write(Array(text.utf8), to: path, durable: durable)
    }

    /// The whole file, or `nil` when it does not exist.
    public static func read(_ path: String) throws(SystemError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SystemError(errno: errno, operation: "open", path: path)
        }
        defer { close(fd) }
        var result: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let count = try syscall("read", path) { Glibc.read(fd, chunk.baseAddress, chunk.count) }
            if count == 0 { break }
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
        return result
    }

    public static func fsyncDirectory(_ directory: String) throws(SystemError) {
        let fd = try syscall("open", directory) { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try syscall("fsync", directory) { fsync(fd) }
    }

    static func writeAll(fd: Int32, bytes: [UInt8], path: String) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = try syscall("write", path) {
                bytes.withUnsafeBytes { buffer in Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            offset += written
        }
    }
}

/// Directory helpers on raw system calls (no FileManager surprises).
enum FileSystem {
    /// `mkdir -p`.
    public static func makeDirectories(_ path: String) throws(SystemError) {
        var current = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw SystemError(errno: errno, operation: "mkdir", path: current)
            }
        }
    }

    /// Names in a directory (no `.`/`..`), unsorted; empty when it does not exist.
    public static func list(_ path: String) throws(SystemError) -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw SystemError(errno: errno, operation: "opendir", path: path)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || name.contains(".tmp-") { continue }
            names.append(name)
        }
        return names
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Atomic rename, then fsync of both parent directories.
    public static func move(_ from: String, to: String) throws(SystemError) {
        try syscall("rename", from) { rename(from, to) }
        let fromDir = (from as NSString).deletingLastPathComponent
        let toDir = (to as NSString).deletingLastPathComponent
        try AtomicFile.fsyncDirectory(toDir)
        if fromDir != toDir { try AtomicFile.fsyncDirectory(fromDir) }
    }

    /// `rm -rf`; a missing path is fine.
    public static func removeTree(_ path: String) throws(SystemError) {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return }
            throw SystemError(errno: errno, operation: "lstat", path: path)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in try list(path) { try removeTree(path + "/" + name) }
            // Temp files are hidden from `list`; remove whatever is left.
            if let dir = opendir(path) {
                while let entry = readdir(dir) {
                    let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                        pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                    }
                    if name != "." && name != ".." { _ = unlink(path + "/" + name) }
                }
                closedir(dir)
            }
            try syscall("rmdir", path) { rmdir(path) }
        } else {
            try syscall("unlink", path) { unlink(path) }
        }
    }
}
