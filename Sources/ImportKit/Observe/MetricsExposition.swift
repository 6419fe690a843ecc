import Foundation

/// The Prometheus text exposition format (version 0.0.4) of the jobs' numbers: the same ``StatReport`` data as
/// `stat` and `stat --json`. Every sample carries the labels `job` and `host`; counters end in `_total`; sizes are
/// bytes, times Unix seconds, durations seconds.
enum MetricsExposition {
    /// The `Content-Type` of the format, for `/metrics`.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private struct Family {
        var name: String
        var type: String
        var help: String
        var samples: [String] = []
    }

    /// The text for `reports`, one family per metric name (`# HELP`, `# TYPE`, then one line per job and label).
    public static func render(_ reports: [StatReport], host: String, now: Double = Date().timeIntervalSince1970) -> String {
        var families: [String: Family] = [:]
        var order: [String] = []
        func add(_ name: String, _ type: String, _ help: String, _ labels: [(String, String)], _ value: Double) {
            if families[name] == nil {
                families[name] = Family(name: name, type: type, help: help)
                order.append(name)
            }
            let text = labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
            families[name]?.samples.append("\(name){\(text)} \(format(value))")
        }
        for report in reports {
            let json = StatJSON(report, now: now)
            let base = [("host", host), ("job", report.job)]
            for state in [JobState.running, .succeed, .failed, .abort] {
                add("ossimport_job_state", "gauge", "1 for the job's current state, 0 for the others.",
                    base + [("state", state.rawValue)], report.state == state ? 1 : 0)
            }
            add("ossimport_service_running", "gauge", "1 when a service process runs the working directory.",
                base, json.serviceRunning ? 1 : 0)
            add("ossimport_scan_finished", "gauge", "1 when the scan has listed the whole source.", base, json.scanFinished ? 1 : 0)
            let tasks = [("pending", json.tasks.pending), ("dispatched", json.tasks.dispatched), ("running", json.tasks.running),
                         ("succeeded", json.tasks.succeeded), ("failed", json.tasks.failed)]
            for (state, count) in tasks {
                add("ossimport_tasks", "gauge", "Tasks by state.", base + [("state", state)], Double(count))
            }
            let files = [("found", json.files.found), ("done", json.files.done), ("uploaded", json.files.uploaded),
                         ("skipped", json.files.skipped), ("failed", json.files.failed)]
            for (state, count) in files {
                add("ossimport_files_total", "counter",
                    "Files found by the scan, and files done (uploaded, skipped or failed; failed ones go back on retry).",
                    base + [("state", state)], Double(count))
            }
            add("ossimport_files_in_flight", "gauge", "Files being transferred now.", base, Double(json.files.inFlight))
            add("ossimport_bytes_found_total", "counter", "Source bytes found by the scan.", base, Double(json.bytes.found))
            add("ossimport_bytes_done_total", "counter", "Source bytes of the files done.", base, Double(json.bytes.done))
            add("ossimport_bytes_uploaded_total", "counter", "Bytes of the files OSS acknowledged in full.", base, Double(json.bytes.uploaded))
            add("ossimport_bytes_in_flight", "gauge", "Bytes OSS acknowledged of files still in flight.", base,
                Double(json.bytes.acknowledgedInFlight))
            add("ossimport_throughput_bytes_per_second", "gauge", "Acknowledged bytes per second, moving average (0 when not running).",
                base, json.speed.bytesPerSecond ?? 0)
            add("ossimport_throughput_files_per_second", "gauge", "Files done per second, moving average (0 when not running).",
                base, json.speed.filesPerSecond ?? 0)
            if let eta = json.etaSeconds {
                add("ossimport_eta_seconds", "gauge", "Estimated seconds left (absent when unknown).", base, eta)
            }
            add("ossimport_elapsed_seconds", "gauge", "Seconds the job has run, over all service runs.", base, json.elapsedSeconds)
            if let updated = json.updatedAt {
                add("ossimport_status_updated_timestamp_seconds", "gauge", "Unix time of the job's last status.", base, updated)
            }
            if let audit = json.audit {
                for (result, count) in [("verified", audit.verified), ("mismatched", audit.mismatched),
                                        ("missing", audit.missing), ("excluded", audit.excluded)] {
                    add("ossimport_audit_files_total", "counter", "Files the audit checked, by result.",
                        base + [("result", result)], Double(count))
                }
            }
            for reason in RetryCounter.reasons {
                add("ossimport_request_retries_total", "counter", "Requests to OSS tried again, by reason.",
                    base + [("reason", reason)], Double(json.retries[reason] ?? 0))
            }
            if let incremental = json.incremental {
                add("ossimport_incremental_pass", "gauge", "The incremental pass under way or last finished.", base,
                    Double(incremental.pass))
            }
        }
        var out = ""
        for name in order {
            guard let family = families[name] else { continue }
            out += "# HELP \(name) \(family.help)\n# TYPE \(name) \(family.type)\n"
            for sample in family.samples { out += sample + "\n" }
        }
        return out
    }

    /// A label value: `\`, `"` and line feeds escaped.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
