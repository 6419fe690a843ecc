import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The service's log files: `logs/ossimport2.log` (service events) and `logs/import.log` (per-task and per-file
/// migration records). Lines are `2026-11-21 17:00:00.123 LEVEL message key=value ...`, appended in order on
/// a private queue; lines that arrive while a write is queued go out with it (one write and one thread wake-up for
/// many files). Never pass credentials in.
public final class EventLog: Sendable {
    public enum Level: String, Sendable { case debug = "DEBUG", info = "INFO", warning = "WARN", error = "ERROR" }

    private let serviceFD: Int32
    private let importFD: Int32
    private let echo: Bool
    private let queue = DispatchQueue(label: "ossimport.event-log")
    private let pending = Mutex(Pending())

    /// Lines not written yet, per destination, and whether a write is queued.
    private struct Pending {
        var service: [UInt8] = []
        var imports: [UInt8] = []
        var echo: [UInt8] = []
        var writeQueued = false
    }

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
        write(service: true, level: level, message, echo: echo)
    }

    public func migration(_ level: Level, _ message: String) {
        write(service: false, level: level, message, echo: false)
    }

    /// Waits until every queued line is written.
    public func flush() {
        queue.sync {}
    }

    private func write(service: Bool, level: Level, _ message: String, echo: Bool) {
        let line = "\(Self.timestamp()) \(level.rawValue) \(message)\n"
        let hasFile = (service ? serviceFD : importFD) >= 0
        let scheduleWrite = pending.withLock { state -> Bool in
            if hasFile {
                if service { state.service.append(contentsOf: line.utf8) } else { state.imports.append(contentsOf: line.utf8) }
            }
            if echo { state.echo.append(contentsOf: line.utf8) }
            if state.writeQueued { return false }
            state.writeQueued = true
            return true
        }
        if scheduleWrite { queue.async { self.writePending() } }
    }

    /// Writes what is buffered; runs on `queue`.
    private func writePending() {
        let (service, imports, echo) = pending.withLock { state in
            defer {
                state.service = []
                state.imports = []
                state.echo = []
                state.writeQueued = false
            }
            return (state.service, state.imports, state.echo)
        }
        if !service.isEmpty { try? AtomicFile.writeAll(fd: serviceFD, bytes: service, path: "log") }
        if !imports.isEmpty { try? AtomicFile.writeAll(fd: importFD, bytes: imports, path: "log") }
        if !echo.isEmpty { FileHandle.standardError.write(Data(echo)) }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        let millis = Int(date.timeIntervalSince1970 * 1000) % 1000
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        // `localtime_r` once per second, not once per line (a line per file).
        if let cached = lastSecond.withLock({ $0 }), cached.seconds == seconds { return cached.text + ms }
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))."
        lastSecond.withLock { $0 = (seconds, text) }
        return text + ms
    }

    /// The last second formatted by ``timestamp(_:)`` (up to the dot).
    private static let lastSecond = Mutex<(seconds: time_t, text: String)?>(nil)
}
