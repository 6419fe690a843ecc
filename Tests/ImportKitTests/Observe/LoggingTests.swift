import Foundation
import InMemoryLogging
import Logging
import TestSupport
import Testing

@testable import ImportKit

/// Logging through swift-log: messages are templates with their values in metadata, and ossimport's log files get
/// the same lines as before (`<date> <time> LEVEL sentence`).
@Suite struct LoggingTests {
    /// `2026-11-21 17:00:00.123 ` — the time stamp every file line starts with.
    static var stamp: Regex<Substring> { #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} /# }

    /// The lines of a log file without their time stamps.
    static func lines(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { line in
            let match = try #require(line.prefixMatch(of: stamp), "no time stamp: \(line)")
            return String(line[match.range.upperBound...])
        }
    }

    @Test func templatesAreRenderedFromMetadata() {
        let values: Logger.Metadata = ["task": "7", "task.files": "3", "odd": "{task}"]
        #expect(LogFileHandler.render("task {task} started: {task.files} files", values) == "task 7 started: 3 files")
        #expect(LogFileHandler.render("value {odd} is not expanded again", values) == "value {task} is not expanded again")
        #expect(LogFileHandler.render("{unknown} and { and {task", values) == "{unknown} and { and {task")
        #expect(LogFileHandler.render("no braces", [:]) == "no braces")
    }

    @Test func levelsKeepTheirFileLabels() {
        let labels = Logger.Level.allCases.map(LogFileHandler.label)
        #expect(labels == ["DEBUG", "DEBUG", "INFO", "INFO", "WARN", "ERROR", "ERROR"])
    }

    @Test func filesGetTheRenderedLinesInOrder() throws {
        let directory = TemporaryDirectory("logs")
        let log = try EventLog(directory: directory.path)
        log.service.info("service started: pid {service.pid}", metadata: ["service.pid": "42"])
        log.service.warning("task {task}: {task.unrecorded} outcomes were not recorded", metadata: ["task": "t1", "task.unrecorded": "2"])
        log.service.error("job {job} stopped: {reason}", metadata: ["job": "j", "reason": "no {braces} parsed"])
        log.migration.info("task {task} {task.state}", metadata: ["task": "t1", "task.state": "Completed"])
        log.flush()
        #expect(
            try Self.lines(directory.path + "/ossimport2.log") == [
                "INFO service started: pid 42",
                "WARN task t1: 2 outcomes were not recorded",
                "ERROR job j stopped: no {braces} parsed",
            ])
        #expect(try Self.lines(directory.path + "/import.log") == ["INFO task t1 Completed"])
    }

    /// A job run logs constant messages with its values as metadata; `import.log` keeps its per-file lines.
    @Test func aJobLogsTemplatesWithMetadataAndTheFileLinesStayTheSame() async throws {
        try await withTestBed { h in
            try h.write(["a.txt": Array("hello".utf8), "dir/b.bin": testPattern(3000, seed: 1)])
            let service = InMemoryLogHandler()
            let migration = InMemoryLogHandler()
            let inMemory = EventLog(
                service: Logger(label: "test.service") { _ in service }, migration: Logger(label: "test.import") { _ in migration })
            let layout = WorkingDirectory(h.work.path).job("logged")
            try layout.createDirectories()
            var settings = h.settings()
            settings.jobName = "logged"
            #expect(try await JobRunner(layout: layout, settings: settings, client: h.client, log: inMemory).run() == .succeed)

            let started = try #require(
                service.entries.first { $0.message == "task {task} started: {task.files} files, {task.bytes} bytes" })
            #expect(started.level == .info)
            #expect(started.metadata["task.files"] == "2" && started.metadata["task.bytes"] == "3005")
            #expect(service.entries.contains { $0.message == "job {job} {job.state}" && $0.metadata["job.state"] == "Succeed" })
            let files = migration.entries.filter { $0.message == FileOutcome.logTemplate }
            #expect(Set(files.compactMap { $0.metadata["file.path"]?.description }) == ["a.txt", "dir/b.bin"])
            #expect(files.allSatisfy { $0.level == .info && $0.metadata["file.outcome"] == "OK" })
            for entry in service.entries + migration.entries {
                #expect(!entry.message.description.contains(h.source.path), "a value in the message: \(entry.message)")
            }

            // The same run into files: `import.log` has the lines ossimport always wrote.
            let directory = TemporaryDirectory("logs")
            let files2 = try EventLog(directory: directory.path)
            let layout2 = WorkingDirectory(h.work.path).job("logged2")
            try layout2.createDirectories()
            settings.jobName = "logged2"
            settings.destPrefix = "again/"
            #expect(try await JobRunner(layout: layout2, settings: settings, client: h.client, log: files2).run() == .succeed)
            files2.flush()
            let lines = try Self.lines(directory.path + "/import.log")
            let task = try #require(try TaskStore(layout: layout2, host: "localhost").tasks(in: .succeeded).first)
            let name = task.id.progressName
            #expect(lines.contains { $0.hasPrefix("INFO \(name) OK a.txt 5: ") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("INFO \(name) OK dir/b.bin 3000: ") }, "\(lines)")
            #expect(lines.last == "INFO task \(task.id) Completed", "\(lines)")
        }
    }
}
