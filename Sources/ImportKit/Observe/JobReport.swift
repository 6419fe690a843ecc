import Foundation

/// The end-of-job report (`master/jobs/<job>/report.json` and `report.html`): totals, duration, average and peak
/// speed, throughput over time, failures grouped by reason and skipped files by rule. Written when a job ends and
/// by `ossimport report` at any time. Totals come from ``StatReport`` (the numbers of `stat`); the groups from the
/// final block of each finished task's `audit.log` (a task run again by `retry` appends a new block).
public struct JobReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    /// Paths listed per group (the first ones, in task order).
    public static let pathsPerGroup = 10

    /// Files that ended the same way: an `audit.log` label and the first part of the reason (up to its first
    /// `: `), how many, and the first paths (escaped as in `error.list`).
    public struct Group: Codable, Sendable, Equatable {
        public var reason: String
        public var count: Int64
        public var firstPaths: [String]
    }

    /// One throughput interval: ended at `end` (Unix seconds), lasted `seconds`, `bytesPerSecond` acknowledged
    /// (no higher than the throttle, when one is set: acknowledgements come a part at a time).
    public struct Point: Codable, Sendable, Equatable {
        public var end: Double
        public var seconds: Double
        public var bytesPerSecond: Double
    }

    public var schemaVersion = Self.currentSchemaVersion
    public var generatedAt: Double
    /// The numbers of `stat --json` at the time of the report.
    public var stat: StatJSON
    /// Uploaded bytes over the elapsed time (bytes per second; 0 before any second elapsed).
    public var averageBytesPerSecond: Double
    /// The fastest interval of about a second (bytes per second).
    public var peakBytesPerSecond: Double
    public var throughput: [Point]
    /// Failed files by reason, most frequent first; their counts add up to `stat.files.failed` once every task
    /// has finished.
    public var failures: [Group]
    /// Skipped files by rule, most frequent first.
    public var skipped: [Group]

    /// Reads the job's state (see ``StatReport/load(job:workingDirectory:)``) and every finished task's `audit.log`.
    public static func build(job: String, workingDirectory: WorkingDirectory, now: Double = Date().timeIntervalSince1970) throws -> JobReport {
        let report = try StatReport.load(job: job, workingDirectory: workingDirectory)
        let stat = StatJSON(report, now: now)
        let history = report.status?.throughput ?? ThroughputHistory()
        var failures = GroupBuilder()
        var skipped = GroupBuilder()
        let store = TaskStore(layout: workingDirectory.job(job), host: "localhost")
        for state in [TaskState.succeeded, .failed] {
            for task in try store.tasks(in: state).sorted(by: { $0.id.directoryName < $1.id.directoryName }) {
                let text = String(decoding: try AtomicFile.read(task.directory + "/" + TaskFiles.auditLog) ?? [], as: UTF8.self)
                for line in finalBlock(text) where !line.hasPrefix("OK\t") && !line.hasPrefix("VERIFIED\t") {
                    let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
                    guard fields.count == 4 else { continue }
                    let label = String(fields[0]), path = String(fields[1]), detail = String(fields[3])
                    switch label {
                    case "OK", "VERIFIED", "EMPTY_DIR", "EMPTY_DIR_FAILED": continue
                    case "SKIPPED": skipped.add(reasonHead(detail), path: path)
                    case "FAILED": failures.add(reasonHead(detail), path: path)
                    default: failures.add(label, path: path)
                    }
                }
            }
        }
        let elapsed = stat.elapsedSeconds
        return JobReport(
            generatedAt: now, stat: stat,
            averageBytesPerSecond: elapsed >= 1 ? Double(stat.bytes.uploaded) / elapsed : 0,
            peakBytesPerSecond: history.peakBytesPerSecond,
            throughput: history.samples.map { Point(end: $0.end, seconds: $0.seconds, bytesPerSecond: $0.bytesPerSecond(cap: history.cap)) },
            failures: failures.groups, skipped: skipped.groups)
    }

    /// The lines of the last run recorded in an `audit.log` (after its last `# task … finished` line).
    static func finalBlock(_ text: String) -> [Substring] {
        // Split on the UTF-8 bytes (an audit.log has a line per file): much cheaper than splitting Characters.
        let lines = text.utf8.split(separator: 0x0A)
        let taskLine = Array("# task ".utf8)
        let start = (lines.lastIndex { $0.starts(with: taskLine) }).map { $0 + 1 } ?? 0
        return lines[start...].filter { $0.first != UInt8(ascii: "#") }.map { Substring($0) }
    }

    /// The reason up to its first `: ` (what varies per file, such as values and request ids, usually follows),
    /// at most 120 characters.
    static func reasonHead(_ detail: String) -> String {
        let head = detail.range(of: ": ").map { String(detail[..<$0.lowerBound]) } ?? detail
        return head.count > 120 ? String(head.prefix(120)) + "…" : head
    }

    struct GroupBuilder {
        private var byReason: [String: Group] = [:]
        private var order: [String] = []

        mutating func add(_ reason: String, path: String) {
            if byReason[reason] == nil {
                byReason[reason] = Group(reason: reason, count: 0, firstPaths: [])
                order.append(reason)
            }
            byReason[reason]?.count += 1
            if byReason[reason]!.firstPaths.count < JobReport.pathsPerGroup { byReason[reason]?.firstPaths.append(path) }
        }

        var groups: [Group] {
            order.compactMap { byReason[$0] }.enumerated()
                .sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
                .map(\.element)
        }
    }

    /// Writes `report.json` and `report.html` atomically into the job's directory; returns the HTML's path.
    @discardableResult
    public func write(to layout: JobLayout) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(self)), to: layout.root + "/report.json")
        let html = layout.root + "/report.html"
        try AtomicFile.write(renderHTML(), to: html)
        return html
    }
}
