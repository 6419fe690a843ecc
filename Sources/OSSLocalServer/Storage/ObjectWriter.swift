#if canImport(Glibc)
import OSSCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CRC64
import NIOCore

/// Receives a request body chunk by chunk: writes it to a temp file (unless discarding) while
/// computing MD5 and CRC-64. Owned by one channel handler on one event loop.
final class ObjectWriter {
    /// The temp file path, nil in discard mode.
    private(set) var tempPath: String?
    private var fd: Int32
    private let md5 = MD5Context()
    private var crc = CRC64()
    private(set) var size: Int64 = 0

    init(tempPath: String?) throws(OSSLocalError) {
        self.tempPath = tempPath
        if let tempPath {
            fd = try FileIO.createFile(tempPath)
        } else {
            fd = -1
        }
    }

    deinit {
        abandon()
    }

    func write(_ buffer: ByteBuffer) throws(OSSLocalError) {
        try buffer.withUnsafeReadableBytes { (bytes) throws(OSSLocalError) in
            md5.update(bytes)
            crc.update(bytes)
            if fd >= 0 { try FileIO.writeAll(fd, bytes) }
        }
        size += Int64(buffer.readableBytes)
    }

    /// Closes the file and returns the digests; the temp file stays for the caller to rename.
    func finish() -> (md5: [UInt8], crc64: UInt64, size: Int64) {
        if fd >= 0 { close(fd); fd = -1 }
        return (md5.finalize(), crc.value, size)
    }

    /// Forgets the temp file after the store renamed it into place.
    func disown() {
        tempPath = nil
    }

    /// Closes and deletes the temp file (request failed or connection lost). Safe to call twice.
    func abandon() {
        if fd >= 0 { close(fd); fd = -1 }
        if let tempPath { FileIO.remove(tempPath) }
    }
}
