import Foundation

extension StatReport {
    /// One line for a terminal, refreshed in place by `import.sh`: state, files done/found, bytes with the
    /// percentage, speed, ETA and failures so far, e.g.
    /// `Running | files 120/500+ | failed 0 | 1.20 GiB/4.00 GiB (30.0%) | 12.30 MiB/s | ETA 00:05:12 | elapsed 00:01:40`.
    /// The numbers are those of ``render(now:)``.
    public func progressLine(now: Double = Date().timeIntervalSince1970) -> String {
        let json = StatJSON(self, now: now)
        let more = active && !facts.scanFinished ? "+" : ""
        // Failures early: a narrow terminal cuts the end of the line.
        var parts = [json.state, "files \(json.files.done)/\(json.files.found)\(more)", "failed \(json.files.failed)"]
        let progressed = json.bytes.done + json.bytes.acknowledgedInFlight
        var bytes = "\(Self.size(progressed))/\(Self.size(json.bytes.found))\(more)"
        if json.bytes.found > 0 {
            bytes += String(format: " (%.1f%%)", Double(progressed) * 100 / Double(json.bytes.found))
        }
        parts.append(bytes)
        if let speed = json.speed.bytesPerSecond {
            parts.append("\(Self.size(Int64(speed)))/s")
            parts.append("ETA " + (json.etaSeconds.map { Self.duration($0) } ?? "unknown"))
        }
        parts.append("elapsed " + Self.duration(json.elapsedSeconds))
        return parts.joined(separator: " | ")
    }
}
