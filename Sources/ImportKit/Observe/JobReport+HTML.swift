import Foundation
import OSSCore

extension JobReport {
    /// One self-contained page (no external assets), well-formed XML (XHTML) so that it can also be read by
    /// programs: the totals (cells with an `id` and the raw number in `data-value`), the throughput chart as
    /// inline SVG (`<svg id="throughput">`, one polyline point per sample), failures by reason, skipped by rule.
    public func renderHTML() -> String {
        let s = stat
        var out = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>ossimport report: \(Self.escape(s.job))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin-bottom: 1.5em; }
            th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .Succeed { color: #17803d; } .Failed { color: #b42318; } .Abort { color: #b54708; }
            </style>
            </head>
            <body>
            <h1>ossimport report: \(Self.escape(s.job))</h1>
            <p>State: <strong id="state" class="\(Self.escape(s.state))">\(Self.escape(s.state))</strong>\
            \(s.reason.map { " — " + Self.escape($0) } ?? "")\(s.fix.map { " — fix: " + Self.escape($0) } ?? "")</p>
            <p>Generated \(Self.escape(Self.timestamp(generatedAt))).</p>

            """
        out += "<h2>Totals</h2>\n<table id=\"totals\">\n<tr><th>what</th><th>files</th><th>bytes</th></tr>\n"
        let rows: [(String, String, Int64, Int64?)] = [
            ("found", "found by the scan", s.files.found, s.bytes.found),
            ("done", "done", s.files.done, s.bytes.done),
            ("uploaded", "uploaded and verified", s.files.uploaded, s.bytes.uploaded),
            ("skipped", "skipped by a rule", s.files.skipped, nil),
            ("failed", "failed", s.files.failed, nil),
        ]
        for (key, label, files, bytes) in rows {
            out += "<tr><th>\(label)</th>" + Self.cell("files-\(key)", files)
                + (bytes.map { Self.cell("bytes-\(key)", $0, text: StatReport.size($0)) } ?? "<td></td>") + "</tr>\n"
        }
        out += "</table>\n<table id=\"run\">\n"
        out += "<tr><th>tasks succeeded / failed</th>" + Self.cell("tasks-succeeded", Int64(s.tasks.succeeded))
            + Self.cell("tasks-failed", Int64(s.tasks.failed)) + "</tr>\n"
        out += "<tr><th>duration</th>" + Self.cell("elapsed-seconds", s.elapsedSeconds, text: StatReport.duration(s.elapsedSeconds)) + "<td></td></tr>\n"
        out += "<tr><th>average / peak speed</th>"
            + Self.cell("average-bytes-per-second", averageBytesPerSecond, text: StatReport.size(Int64(averageBytesPerSecond)) + "/s")
            + Self.cell("peak-bytes-per-second", peakBytesPerSecond, text: StatReport.size(Int64(peakBytesPerSecond)) + "/s") + "</tr>\n"
        if let audit = s.audit {
            out += "<tr><th>audit: verified / mismatched / missing</th>" + Self.cell("audit-verified", audit.verified)
                + "<td class=\"n\">\(audit.mismatched) / \(audit.missing)</td></tr>\n"
        }
        if let dirs = s.emptyDirectories {
            out += "<tr><th>empty directories / failed</th>" + Self.cell("empty-dirs", dirs.found) + Self.cell("empty-dirs-failed", dirs.failed) + "</tr>\n"
        }
        let retries = s.retries.values.reduce(0, +)
        out += "<tr><th>requests tried again</th>" + Self.cell("retries", retries,
            text: "\(retries)" + (s.retries.isEmpty ? "" : " (" + s.retries.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
            + "<td></td></tr>\n</table>\n"
        out += "<h2>Throughput</h2>\n" + chart()
        out += groupsTable("failures", title: "Failed files by reason", groups: failures, empty: "No file failed.")
        out += groupsTable("skipped", title: "Skipped files by rule", groups: skipped, empty: "No file was skipped.")
        out += "</body>\n</html>\n"
        return out
    }

    /// The chart: x = time since the first sample, y = bytes per second, scaled to the peak sample.
    func chart() -> String {
        let width = 800.0, height = 240.0, left = 70.0, bottom = 20.0
        guard let first = throughput.first, let last = throughput.last else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"throughput\" width=\"800\" height=\"40\" data-points=\"0\">"
                + "<text x=\"0\" y=\"20\">no throughput samples recorded</text></svg>\n"
        }
        let start = first.end - first.seconds
        let span = max(last.end - start, 1)
        let top = max(throughput.map(\.bytesPerSecond).max() ?? 0, 1)
        let points = throughput.map { point -> String in
            let x = left + (point.end - start) / span * (width - left - 10)
            let y = (height - bottom) - point.bytesPerSecond / top * (height - bottom - 10)
            return String(format: "%.1f,%.1f", x, y)
        }.joined(separator: " ")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" id="throughput" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" data-points="\(throughput.count)" data-max-bytes-per-second="\(top)">
            <line x1="\(left)" y1="\(height - bottom)" x2="\(width - 10)" y2="\(height - bottom)" stroke="#888"/>
            <line x1="\(left)" y1="10" x2="\(left)" y2="\(height - bottom)" stroke="#888"/>
            <text x="2" y="18" font-size="11">\(Self.escape(StatReport.size(Int64(top))))/s</text>
            <text x="2" y="\(height - bottom)" font-size="11">0</text>
            <text x="\(width - 120)" y="\(height - 4)" font-size="11">\(Self.escape(StatReport.duration(span)))</text>
            <polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="\(points)"/>
            </svg>

            """
    }

    func groupsTable(_ id: String, title: String, groups: [Group], empty: String) -> String {
        var out = "<h2>\(title)</h2>\n"
        guard !groups.isEmpty else { return out + "<p id=\"\(id)-none\">\(empty)</p>\n" }
        out += "<table id=\"\(id)\">\n<tr><th>reason</th><th>files</th><th>first paths</th></tr>\n"
        for group in groups {
            out += "<tr class=\"group\"><td class=\"reason\">\(Self.escape(group.reason))</td>"
                + "<td class=\"n count\" data-value=\"\(group.count)\">\(group.count)</td><td class=\"paths\">"
                + group.firstPaths.map { "<code>\(Self.escape($0))</code>" }.joined(separator: "<br/>")
                + (group.count > Int64(group.firstPaths.count) ? "<br/>… and \(group.count - Int64(group.firstPaths.count)) more" : "")
                + "</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static func cell(_ id: String, _ value: Int64, text: String? = nil) -> String {
        "<td class=\"n\" id=\"\(id)\" data-value=\"\(value)\">\(escape(text ?? String(value)))</td>"
    }

    static func cell(_ id: String, _ value: Double, text: String) -> String {
        "<td class=\"n\" id=\"\(id)\" data-value=\"\(String(format: "%.3f", value))\">\(escape(text))</td>"
    }

    /// XML escaping (the report is XHTML), as every XML the project writes.
    static func escape(_ text: String) -> String { XMLEscape.escape(text) }

    static func timestamp(_ time: Double) -> String {
        EventLog.timestamp(Date(timeIntervalSince1970: time))
    }
}
