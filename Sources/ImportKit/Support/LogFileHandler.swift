import Dispatch
import Foundation
import Synchronization
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Writes ossimport's log lines, `2026-11-21 17:00:00.123 LEVEL message`, to a ``LogFile``: the message template
/// with each `{key}` replaced by its metadata value (see ``EventLog``); metadata not named in the template is not
/// written. Levels: trace and debug are `DEBUG`, info and notice `INFO`, warning `WARN`, error and critical `ERROR`.
struct LogFileHandler: LogHandler {
    let file: LogFile
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var values = metadata
        if let provided = metadataProvider?.get() { values.merge(provided) { $1 } }
        if let given = event.metadata { values.merge(given) { $1 } }
        let text = Self.render(event.message.description, values)
        file.append("\(EventLog.timestamp()) \(Self.label(event.level)) \(text)\n")
    }

    static func label(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error, .critical: "ERROR"
        }
    }

    /// `template` with every `{key}` that names a value in `values` replaced by it; other text stays as it is.
    static func render(_ template: String, _ values: Logger.Metadata) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"),
                let value = values[String(rest[rest.index(after: open)..<close])]
            else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            out += value.description
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

/// One log file opened for appending; lines are written in order on a private queue (and echoed to stderr when
/// asked), so logging never blocks the caller on the disk. Lines that arrive while a write is queued go out with it:
/// one write and one thread wake-up for many files, not one per line.
final class LogFile: Sendable {
    private let fd: Int32
    private let echo: Bool
    private let queue = DispatchQueue(label: "ossimport.log-file")
    /// Lines not written yet, and whether a write is queued.
    private let pending = Mutex<(lines: [UInt8], writeQueued: Bool)>(([], false))

    init(path: String, echo: Bool) throws {
        fd = try syscall("open", path) { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
        self.echo = echo
    }

    deinit { close(fd) }

    func append(_ line: String) {
        let scheduleWrite = pending.withLock { state -> Bool in
            state.lines.append(contentsOf: line.utf8)
            if state.writeQueued { return false }
            state.writeQueued = true
            return true
        }
        if scheduleWrite {
            queue.async { [self] in  // the file stays open until its queued lines are written
                let lines = pending.withLock { state -> [UInt8] in
                    defer { state = ([], false) }
                    return state.lines
                }
                try? AtomicFile.writeAll(fd: fd, bytes: lines, path: "log")
                if echo { FileHandle.standardError.write(Data(lines)) }
            }
        }
    }

    /// Waits until every appended line is written.
    func flush() { queue.sync {} }
}
