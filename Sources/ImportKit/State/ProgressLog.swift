import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Append-only log of file outcomes of one running task (`worker/jobs/<job>/tasks/<task>/progress`).
///
/// Appends are ordered on a private serial queue and are not fsynced one by one: a killed process loses
/// nothing already written, and the log is fsynced when the task completes. A torn last line is ignored.
public final class ProgressLog: Sendable {
    private let fd: Int32
    private let path: String
    private let queue = DispatchQueue(label: "ossimport.progress-log")
    /// Lines not written yet, whether a flush is queued, and the first write error.
    private let pending = Mutex<(buffer: [UInt8], flushQueued: Bool, error: SystemError?)>(([], false, nil))

    /// Opens the log for appending. A torn last line (a crash or a full disk mid-write) is cut off first, so the
    /// next line starts on a line of its own and no later outcome is lost with it.
    public init(path: String) throws(SystemError) {
        let fd = try syscall("open", path) { open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
        // Before `self` is complete: a throw after that would run `deinit`, closing the descriptor twice.
        do {
            try Self.cutTornTail(fd: fd, path: path)
        } catch {
            close(fd)
            throw error
        }
        self.fd = fd
        self.path = path
    }

    private static func cutTornTail(fd: Int32, path: String) throws(SystemError) {
        var info = stat()
        try syscall("fstat", path) { fstat(fd, &info) }
        var end = Int64(info.st_size)
        guard end > 0 else { return }
        var byte: UInt8 = 0
        guard pread(fd, &byte, 1, off_t(end - 1)) == 1, byte != UInt8(ascii: "\n") else { return }
        // Walk back to the last newline in chunks.
        var chunk = [UInt8](repeating: 0, count: 4096)
        while end > 0 {
            let start = max(0, end - Int64(chunk.count))
            let count = Int(end - start)
            let read = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(start)) }
            guard read == count else { throw SystemError(errno: errno, operation: "read", path: path) }
            if let last = chunk[0..<count].lastIndex(of: UInt8(ascii: "\n")) {
                end = start + Int64(last) + 1
                break
            }
            end = start
        }
        try syscall("ftruncate", path) { ftruncate(fd, off_t(end)) }
    }

    deinit { close(fd) }

    /// Outcomes already recorded, by file index (a later line for the same index wins). A torn last line (no
    /// newline) is ignored.
    public static func load(path: String) throws(SystemError) -> [Int: FileOutcome] {
        guard let bytes = try AtomicFile.read(path) else { return [:] }
        var outcomes: [Int: FileOutcome] = [:]
        FileOutcome.forEachLine(in: bytes) { outcome in outcomes[outcome.index] = outcome }
        return outcomes
    }

    /// Queues the outcome for writing and returns at once. Outcomes that arrive while a write is queued go out
    /// in the same write (one thread wake-up for many small files).
    public func append(_ outcome: FileOutcome) {
        let scheduleFlush = pending.withLock { state -> Bool in
            outcome.appendLine(to: &state.buffer)
            if state.flushQueued { return false }
            state.flushQueued = true
            return true
        }
        if scheduleFlush { queue.async { self.flush() } }
    }

    /// Writes what is buffered; runs on `queue`.
    private func flush() {
        let bytes = pending.withLock { state -> [UInt8] in
            let bytes = state.buffer
            state.buffer.removeAll(keepingCapacity: true)
            state.flushQueued = false
            return bytes
        }
        guard !bytes.isEmpty else { return }
        do {
            try AtomicFile.writeAll(fd: fd, bytes: bytes, path: path)
        } catch {
            pending.withLock { if $0.error == nil { $0.error = error } }
        }
    }

    /// Waits for queued appends and makes them durable; throws the first write error (a full disk, say), so a task
    /// is never finished on outcomes that did not reach the disk.
    public func sync() async throws {
        let result: SystemError? = await withCheckedContinuation { continuation in
            queue.async {
                self.flush()
                if fsync(self.fd) != 0 {
                    let error = SystemError(errno: errno, operation: "fsync", path: self.path)
                    self.pending.withLock { if $0.error == nil { $0.error = error } }
                }
                continuation.resume(returning: self.pending.withLock { $0.error })
            }
        }
        if let result { throw result }
    }
}
