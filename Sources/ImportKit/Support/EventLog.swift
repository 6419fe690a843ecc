import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The service's log files: `logs/ossimport2.log` (service events) and `logs/import.log` (per-task and per-file
/// migration records). Lines are `2026-11-21 17:00:00.123 LEVEL message key=value ...`, appended in order on
/// a private queue. Never pass credentials in.
public final class EventLog: Sendable {
    public enum Level: String, Sendable { case debug = "DEBUG", info = "INFO", warning = "WARN", error = "ERROR" }

    private let serviceFD: Int32
    private let importFD: Int32
    private let echo: Bool
    private let queue = DispatchQueue(label: "ossimport.event-log")

    /// Opens (appending) the two logs under `directory`; `echo` also prints service lines to stderr.
    public init(directory: String, echo: Bool = false) throws {
        try FileSystem.makeDirectories(directory)
        serviceFD = try syscall("open", directory + "/ossimport2.log") {
            open(directory + "/ossimport2.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        }
        importFD = try syscall("open", directory + "/import.log") {
            open(directory + "/import.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        }
        self.echo = echo
    }

    /// A log that writes nowhere (tests).
    public init() {
        serviceFD = -1
        importFD = -1
        echo = false
    }

    deinit {
        if serviceFD >= 0 { close(serviceFD) }
        if importFD >= 0 { close(importFD) }
    }

    public func service(_ level: Level, _ message: String) {
        write(fd: serviceFD, level: level, message, echo: echo)
    }

    public func migration(_ level: Level, _ message: String) {
        write(fd: importFD, level: level, message, echo: false)
    }

    /// Waits until every queued line is written.
    public func flush() {
        queue.sync {}
    }

    private func write(fd: Int32, level: Level, _ message: String, echo: Bool) {
        let line = "\(Self.timestamp()) \(level.rawValue) \(message)\n"
        queue.async {
            if fd >= 0 { try? AtomicFile.writeAll(fd: fd, bytes: Array(line.utf8), path: "log") }
            if echo { FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let millis = Int(date.timeIntervalSince1970 * 1000) % 1000
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)"
    }
}
