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
    /// nil when MD5 is skipped (``OSSLocalServerConfiguration/hashMD5`` off and no `Content-MD5` to check).
    private let md5: MD5Context?
    private var crc = CRC64()
    private(set) var size: Int64 = 0

    init(tempPath: String?, hashMD5: Bool = true) throws(OSSLocalError) {
        self.tempPath = tempPath
        md5 = hashMD5 ? MD5Context() : nil
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
            md5?.update(bytes)
            crc.update(bytes)
            if fd >= 0 { try FileIO.writeAll(fd, bytes) }
        }
        size += Int64(buffer.readableBytes)
    }

    /// Closes the file and returns the digests; the temp file stays for the caller to rename. Without MD5 the
    /// "md5" (and so the ETag) is the MD5 of the CRC-64 and size: unique per content, but not the content's MD5.
    func finish() -> (md5: [UInt8], crc64: UInt64, size: Int64) {
        if fd >= 0 { close(fd); fd = -1 }
        if let md5 { return (md5.finalize(), crc.value, size) }
        let standIn = MD5Context()
        withUnsafeBytes(of: (crc.value.littleEndian, size.littleEndian)) { standIn.update($0) }
        return (standIn.finalize(), crc.value, size)
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
