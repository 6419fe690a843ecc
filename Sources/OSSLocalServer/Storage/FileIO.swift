#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Small blocking POSIX helpers for the object store. Writes go to the page cache and are not
/// fsync'ed: oss-local is a test and benchmark server, not durable storage.
enum FileIO {
    static func errorText(_ operation: String, _ path: String) -> String {
        "\(operation) \(path): \(String(cString: strerror(errno)))"
    }

    static func makeDirectory(_ path: String) throws(OSSLocalError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .internalError("cannot create directory \(path): \(error.localizedDescription)")
        }
    }

    static func createFile(_ path: String) throws(OSSLocalError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .internalError(errorText("open", path)) }
        return fd
    }

    static func openForReading(_ path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(OSSLocalError) {
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .internalError(errorText("write", "object data"))
            }
            offset += n
        }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(OSSLocalError) {
        let fd = try createFile(path)
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .internalError(errorText("write", path))
            }
            offset += n
        }
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let fd = openForReading(path) else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    static func rename(_ from: String, _ to: String) throws(OSSLocalError) {
        guard Glibc.rename(from, to) == 0 else { throw .internalError(errorText("rename", from)) }
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func listDirectory(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    /// Appends `length` bytes of `source` starting at `offset` to `fd`, feeding `observe` with every chunk.
    static func copyRange(
        from source: Int32, offset: Int64, length: Int64, to fd: Int32,
        observe: (UnsafeRawBufferPointer) -> Void
    ) throws(OSSLocalError) {
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var position = offset
        var left = length
        while left > 0 {
            let n = pread(source, buffer.baseAddress, Int(min(Int64(chunkSize), left)), off_t(position))
            if n < 0 { if errno == EINTR { continue }; throw .internalError(errorText("read", "object data")) }
            if n == 0 { throw .internalError("object data is shorter than recorded") }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            observe(chunk)
            try writeAll(fd, chunk)
            position += Int64(n)
            left -= Int64(n)
        }
    }
}
