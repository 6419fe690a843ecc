import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The service's two loggers: `service` writes `logs/ossimport2.log` (service events), `migration` writes
/// `logs/import.log` (per-task and per-file migration records).
///
/// Messages are templates: `{name}` stands for the metadata value `name` (dotted keys such as `task.id`), so a
/// handler sees the constant message and the values apart, and the files get the sentence with the values in place.
/// Never pass credentials in.
public struct EventLog: Sendable {
    public var service: Logger
    public var migration: Logger
    private let files: [LogFile]

    /// Opens (appending) the two logs under `directory`; `echo` also writes service lines to stderr.
    ///
    /// - Throws: ``SystemError`` when the directory cannot be made or a file cannot be opened.
    public init(directory: String, echo: Bool = false) throws {
        try FileSystem.makeDirectories(directory)
        let serviceFile = try LogFile(path: directory + "/ossimport2.log", echo: echo)
        let importFile = try LogFile(path: directory + "/import.log", echo: false)
        service = Logger(label: "ossimport.service") { _ in LogFileHandler(file: serviceFile) }
        migration = Logger(label: "ossimport.import") { _ in LogFileHandler(file: importFile) }
        files = [serviceFile, importFile]
    }

    /// A log that writes nowhere.
    public init() {
        self.init(
            service: Logger(label: "ossimport.service") { _ in SwiftLogNoOpLogHandler() },
            migration: Logger(label: "ossimport.import") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Logs to the given loggers (tests: an `InMemoryLogHandler`).
    public init(service: Logger, migration: Logger) {
        self.service = service
        self.migration = migration
        files = []
    }

    /// Waits until every line logged so far is written.
    public func flush() {
        for file in files { file.flush() }
    }

    /// `2026-11-21 17:00:00.123` in local time: the time stamp of log lines, `audit.log` and reports.
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
