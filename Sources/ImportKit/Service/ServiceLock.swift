import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One service per working directory: an exclusive `flock` on `master/ossimport.lock`, held for the life of
/// the process (the kernel drops it when the process dies, so a crash never leaves a stale lock), plus a pid
/// file for `stop` and `stat`.
public final class ServiceLock: Sendable {
    private let fd: Int32
    public let pidFile: String

    public enum Failure: Error, CustomStringConvertible {
        case alreadyRunning(pid: Int32?)
        case system(SystemError)

        public var description: String {
            switch self {
            case .alreadyRunning(let pid):
                let who = pid.map { " (pid \($0))" } ?? ""
                return "another ossimport service\(who) is already running on this working directory; stop it first (bash console.sh stop)"
            case .system(let error):
                return "cannot lock the working directory: \(error)"
            }
        }
    }

    /// Takes the lock or fails at once.
    public init(workingDirectory: WorkingDirectory) throws(Failure) {
        do {
            try FileSystem.makeDirectories(workingDirectory.master)
        } catch {
            throw .system(error)
        }
        let path = workingDirectory.lockFile
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(SystemError(errno: errno, operation: "open", path: path)) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw .alreadyRunning(pid: Self.recordedPid(workingDirectory)) }
            throw .system(SystemError(errno: code, operation: "flock", path: path))
        }
        // The pid file is written before `self` is complete: a throw after that would also run `deinit`, which
        // closes the descriptor a second time (and so, perhaps, a descriptor another thread has opened since).
        do {
            try AtomicFile.write("\(getpid())\n", to: workingDirectory.pidFile)
        } catch {
            close(fd)
            throw .system(error)
        }
        self.fd = fd
        pidFile = workingDirectory.pidFile
    }

    deinit {
        unlink(pidFile)
        close(fd)
    }

    /// The pid in the pid file (may be stale).
    public static func recordedPid(_ workingDirectory: WorkingDirectory) -> Int32? {
        guard let bytes = try? AtomicFile.read(workingDirectory.pidFile) else { return nil }
        return Int32(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The pid of the running service, or `nil` when none runs (a pid file left by a crash is recognised as stale
    /// because nobody holds the lock).
    public static func runningPid(_ workingDirectory: WorkingDirectory) -> Int32? {
        let fd = open(workingDirectory.lockFile, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return recordedPid(workingDirectory) ?? -1
    }
}
