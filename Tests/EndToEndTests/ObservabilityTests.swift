import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 13 through the real binary and scripts: `stat --json` (schema pinned), the Prometheus metrics (textfile
/// and `/metrics`, checked by `promtool check metrics`), the end-of-job report (HTML parsed as XML, numbers equal to
/// the task directories) and `import.sh`'s live line on a terminal.
@Suite("Observability: stat --json, metrics, report, live line", .serialized)
struct ObservabilityTests {
    /// 12 files that upload, 3 refused by OSS (403), 1 that needs a retry after a 500, a multipart file, a broken
    /// symlink (skipped by isAllowSymbolicLink=false).
    static func makeJob(_ label: String, sys: [String: String] = [:]) async throws -> E2EFixture {
        let f = try await E2EFixture.make(label, job: ["taskObjectCountLimit": "5"], sys: sys)
        var files: [String: [UInt8]] = [:]
        for i in 0..<12 { files["ok/f\(i).txt"] = Array("file \(i)".utf8) }
        for i in 0..<3 { files["deny/deny-me-\(i).txt"] = Array("refused \(i)".utf8) }
        files["retry-me.txt"] = Array("retried once".utf8)
        files["big.bin"] = E2EFixture.pattern((1 << 20) + 77, seed: 3)
        try f.writeSource(files)
        try FileManager.default.createSymbolicLink(atPath: f.source + "/broken-link", withDestinationPath: "/nonexistent/target")
        try await f.addFault(
            #"{"method":"PUT","keyContains":"deny-me","times":0,"action":{"type":"error","status":403,"code":"AccessDenied","message":"denied by test"}}"#)
        try await f.addFault(
            #"{"method":"PUT","keyContains":"retry-me","times":1,"action":{"type":"error","status":500,"code":"InternalError","message":"once"}}"#)
        return f
    }

    /// Sums of the `DONE` files of every finished task.
    static func doneTotals(_ f: E2EFixture) -> [String: Int64] {
        var totals: [String: Int64] = [:]
        for state in ["succeed_tasks", "failed_tasks"] {
            for task in f.list("master/jobs/\(E2EFixture.jobName)/\(state)") {
                let done = f.read("master/jobs/\(E2EFixture.jobName)/\(state)/\(task)/DONE") ?? ""
                for pair in done.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, let value = Int64(parts[1]) { totals[String(parts[0]), default: 0] += value }
                }
            }
        }
        return totals
    }

    static func errorListPaths(_ f: E2EFixture) -> Set<String> {
        var paths = Set<String>()
        for task in f.list("master/jobs/\(E2EFixture.jobName)/failed_tasks") {
            let list = f.read("master/jobs/\(E2EFixture.jobName)/failed_tasks/\(task)/error.list") ?? ""
            for line in list.split(separator: "\n") { paths.insert(String(line)) }
        }
        return paths
    }

    static func jsonObject(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw E2EFixture.Failure("not a JSON object: \(text)")
        }
        return object
    }

    /// `promtool` from Debian's `prometheus` package; `nil` (and, under CI, a recorded failure) when absent.
    static func promtool() -> String? {
        if let path = ProcessRunner.resolve("promtool") { return path }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("promtool is not installed: apt-get install prometheus (.ci/run does)")
        } else {
            print("warning: promtool not installed (apt-get install prometheus): the exposition format is not checked")
        }
        return nil
    }

    @Test("stat --json: the pinned schema, the same numbers as stat, the job's task counts")
    func statJSONSchema() async throws {
        let f = try await Self.makeJob("statjson")
        do {
            let run = try await f.importScript(["--no-retry", "--interval", "1"])
            #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
            #expect(!run.stdout.contains("\u{1B}[K"), "no live line when stdout is not a terminal")
            let out = try await f.console("stat", "--json")
            #expect(out.status == 0, "\(out.stderr)")
            let lines = out.stdout.split(separator: "\n")
            #expect(lines.count == 1, "one document per job, one per line: \(out.stdout)")
            let doc = try Self.jsonObject(String(lines.first ?? ""))
            #expect(Set(doc.keys) == [
                "schemaVersion", "job", "state", "reason", "fix", "serviceRunning", "scanFinished", "updatedAt", "tasks",
                "files", "bytes", "speed", "etaSeconds", "elapsedSeconds", "audit", "emptyDirectories", "incremental",
                "retries", "hosts", "runningTasks",
            ], "\(doc.keys.sorted())")
            let speed = try #require(doc["speed"] as? [String: Any])
            #expect(Set(speed.keys) == ["bytesPerSecond", "filesPerSecond", "windowSeconds"])
            #expect(speed.values.allSatisfy { $0 is NSNull } && doc["etaSeconds"] is NSNull, "a job that ended has no speed or ETA: \(doc)")
            #expect(doc["incremental"] is NSNull && doc["emptyDirectories"] is NSNull)
            #expect(doc["schemaVersion"] as? Int == 1)
            #expect(doc["job"] as? String == E2EFixture.jobName)
            #expect(doc["state"] as? String == "Failed")
            #expect((doc["reason"] as? String)?.contains("3 files failed") == true, "\(doc["reason"] ?? "")")
            #expect(doc["scanFinished"] as? Bool == true)
            let tasks = try #require(doc["tasks"] as? [String: Int])
            #expect(Set(tasks.keys) == ["pending", "dispatched", "running", "succeeded", "failed"])
            #expect(tasks["succeeded"] == f.list("master/jobs/\(E2EFixture.jobName)/succeed_tasks").count)
            #expect(tasks["failed"] == f.list("master/jobs/\(E2EFixture.jobName)/failed_tasks").count)
            let files = try #require(doc["files"] as? [String: Int64])
            #expect(Set(files.keys) == ["found", "done", "uploaded", "skipped", "failed", "inFlight"])
            let bytes = try #require(doc["bytes"] as? [String: Int64])
            #expect(Set(bytes.keys) == ["found", "done", "uploaded", "acknowledgedInFlight"])
            let done = Self.doneTotals(f)
            #expect(files["done"] == done["files"] && files["uploaded"] == done["uploaded"], "\(files) \(done)")
            #expect(files["skipped"] == done["skipped"] && files["skipped"] == 1, "\(files) \(done)")
            #expect(files["failed"] == done["failed"] && files["failed"] == 3, "\(files) \(done)")
            #expect(bytes["done"] == done["bytes"] && bytes["uploaded"] == done["uploadedBytes"], "\(bytes) \(done)")
            #expect(files["found"] == 18)
            let audit = try #require(doc["audit"] as? [String: Int64])
            #expect(Set(audit.keys) == ["verified", "mismatched", "missing", "excluded"])
            let retries = try #require(doc["retries"] as? [String: Int64])
            #expect((retries["server_error"] ?? 0) >= 1, "the 500 was retried: \(retries)")
            let hosts = try #require(doc["hosts"] as? [[String: Any]])
            #expect(hosts.allSatisfy { $0["host"] is String && $0["dispatchedTasks"] as? Int == 0 }, "\(hosts)")
            #expect(doc["elapsedSeconds"] as? Double ?? 0 > 0)

            // The text stat and the JSON tell the same numbers.
            let text = try await f.console("stat").stdout
            let filesLine = try #require(E2EFixture.value(of: "Files", in: text))
            #expect(filesLine.hasPrefix(" \(files["done"]!)/\(files["found"]!) done: \(files["uploaded"]!) uploaded, 1 skipped, 3 failed"), "\(filesLine)")
            let line = try await f.console("stat", "--line")
            #expect(line.stdout.hasPrefix("Failed | files 18/18 | failed 3 |"), "\(line.stdout)")
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("metrics: ossimport.prom and /metrics pass promtool check metrics and hold the job's numbers")
    func prometheusMetrics() async throws {
        let port = Int.random(in: 30_000...60_000)
        let promDirectory = try makeTemporaryDirectory("prom")
        defer { try? FileManager.default.removeItem(atPath: promDirectory) }
        let f = try await Self.makeJob("metrics", sys: [
            "metricsTextfileDir": promDirectory, "metricsListen": "127.0.0.1:\(port)", "metricsIntervalSeconds": "1",
        ])
        do {
            let run = try await f.importScript(["--no-retry", "--keep-service", "--interval", "1"])
            #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
            // The service goes on (--keep-service): wait until the textfile shows the final state.
            let file = promDirectory + "/ossimport.prom"
            var text = ""
            for _ in 0..<40 {
                text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
                if text.contains(#"ossimport_job_state{host="#) && text.contains(#"state="Failed"} 1"#) { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(text.contains(#"job="\#(E2EFixture.jobName)",state="Failed"} 1"#), "\(text)")
            #expect(text.contains(#"ossimport_files_total{"#) && text.contains(#",state="failed"} 3"#), "\(text)")
            #expect(text.contains(#",state="skipped"} 1"#), "\(text)")
            #expect(text.contains("# TYPE ossimport_bytes_uploaded_total counter"), "\(text)")
            let uploaded = Self.doneTotals(f)["uploadedBytes"] ?? -1
            #expect(text.contains(#"ossimport_bytes_uploaded_total{host="#) && text.contains(#"job="\#(E2EFixture.jobName)"} \#(uploaded)"#), "\(text)")
            let retries = text.split(separator: "\n").first { $0.hasPrefix("ossimport_request_retries_total{") && $0.contains(#"reason="server_error""#) }
            #expect(retries.map { !$0.hasSuffix(" 0") } == true, "the 500 was retried: \(text)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: promDirectory) == ["ossimport.prom"],
                    "only the .prom file: no temp file left for the collector to see")

            let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(port)/metrics")))
            let served = String(decoding: data, as: UTF8.self)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") ?? "").hasPrefix("text/plain; version=0.0.4"))
            #expect(served.contains("ossimport_job_state{"), "\(served)")
            let (_, missing) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(port)/other")))
            #expect((missing as? HTTPURLResponse)?.statusCode == 404)

            // When the service stops, the textfile keeps the last values and says the service is not running.
            let stop = try await f.console("stop")
            #expect(stop.status == 0, "\(stop.stdout)\(stop.stderr)")
            let final = try String(contentsOfFile: file, encoding: .utf8)
            #expect(final.contains(#"ossimport_service_running{host="#) && final.contains(#"job="\#(E2EFixture.jobName)"} 0"#), "\(final)")
            #expect(final.contains(#",state="Failed"} 1"#) && final.contains(#",state="running"} 0"#), "\(final)")
            let log = f.read("logs/ossimport2.log") ?? ""
            #expect(!log.contains("metrics not published"), "\(log)")

            if let promtool = Self.promtool() {
                for (name, body) in [("textfile", text), ("/metrics", served)] {
                    let check = try await ProcessRunner.run(executable: promtool, args: ["check", "metrics"], stdin: Data(body.utf8))
                    #expect(check.status == 0, "promtool check metrics (\(name)):\n\(check.stdout)\(check.stderr)\n\(body)")
                }
            }
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("report: import.sh prints its path; report.html is XML whose numbers equal the task directories'")
    func endOfJobReport() async throws {
        let f = try await Self.makeJob("report")
        do {
            let run = try await f.importScript(["--no-retry", "--interval", "1"])
            #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
            let reportLine = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("Report: ") }, "\(run.stdout)")
            let htmlPath = f.jobDirectory + "/report.html"
            #expect(reportLine.contains(htmlPath), "\(reportLine)")
            let html = try String(contentsOfFile: htmlPath, encoding: .utf8)
            #expect(!html.contains("http://") || !html.contains("src=\"http"), "no external assets")
            #expect(!html.contains("<script") && !html.contains("<link"), "self-contained")
            let document = try XHTMLTree(html)
            func value(_ id: String) -> Int64? { document.element(id: id)?.attributes["data-value"].flatMap { Int64($0) } }
            let done = Self.doneTotals(f)
            #expect(value("files-done") == done["files"])
            #expect(value("files-uploaded") == done["uploaded"])
            #expect(value("files-skipped") == done["skipped"])
            #expect(value("files-failed") == done["failed"] && done["failed"] == 3)
            #expect(value("bytes-done") == done["bytes"])
            #expect(value("bytes-uploaded") == done["uploadedBytes"])
            #expect(value("tasks-failed") == Int64(f.list("master/jobs/\(E2EFixture.jobName)/failed_tasks").count))

            // Failures by reason: the counts add up to the failed files; every path listed is in an error.list.
            let failures = document.elements.filter { $0.ancestorIds.contains("failures") }
            let counts = failures.compactMap { $0.attributes["data-value"].flatMap { Int64($0) } }
            #expect(counts.reduce(0, +) == done["failed"], "\(counts)")
            let listed = failures.filter { $0.name == "code" }.map(\.text)
            #expect(Set(listed) == Self.errorListPaths(f), "\(listed)")
            let reasons = failures.filter { $0.attributes["class"] == "reason" }.map(\.text)
            #expect(reasons.count == 1 && reasons.first?.contains("AccessDenied") == true, "one reason for the three 403s: \(reasons)")
            let skipped = document.elements.filter { $0.ancestorIds.contains("skipped") && $0.attributes["class"] == "reason" }.map(\.text)
            #expect(skipped == ["symbolic link skipped (isAllowSymbolicLink=false)"], "\(skipped)")

            // The chart: inline SVG, one polyline point per sample of report.json.
            let svg = try #require(document.element(id: "throughput"))
            #expect(svg.name == "svg" && svg.namespace == "http://www.w3.org/2000/svg")
            let json = try Self.jsonObject(try String(contentsOfFile: f.jobDirectory + "/report.json", encoding: .utf8))
            let samples = try #require(json["throughput"] as? [[String: Any]])
            #expect(svg.attributes["data-points"] == String(samples.count))
            if !samples.isEmpty {
                let polyline = try #require(document.elements.first { $0.name == "polyline" && $0.ancestorIds.contains("throughput") })
                #expect(polyline.attributes["points"]?.split(separator: " ").count == samples.count)
            }
            let stat = try #require(json["stat"] as? [String: Any])
            #expect((stat["files"] as? [String: Int64])?["failed"] == done["failed"])
            #expect(json["schemaVersion"] as? Int == 1)
            #expect((json["peakBytesPerSecond"] as? Double ?? -1) >= 0)

            // `report` at any time rewrites both files and prints the path.
            try FileManager.default.removeItem(atPath: htmlPath)
            let again = try await f.console("report")
            #expect(again.status == 0 && again.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == htmlPath, "\(again.stdout)\(again.stderr)")
            #expect(FileManager.default.fileExists(atPath: htmlPath))
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }

    @Test("import.sh on a terminal: one progress line redrawn in place while the job runs")
    func liveProgressLine() async throws {
        guard let script = ProcessRunner.resolve("script") else {
            Issue.record("util-linux 'script' is needed to give import.sh a terminal")
            return
        }
        // About 3 s of work at 300 KB/s, so that several lines are drawn.
        let f = try await E2EFixture.make("liveline", sys: ["workerMaxThroughput(KB/s)": "300"])
        do {
            try f.writeSource(["a.bin": E2EFixture.pattern(900_000, seed: 1), "b.bin": E2EFixture.pattern(100_000, seed: 2)])
            let output = try await ProcessRunner.run(
                executable: script, args: ["-qec", "bash import.sh --interval 1", "/dev/null"],
                env: ["OSSIMPORT_BIN": f.binary, "TERM": "xterm", "COLUMNS": "150"], cwd: f.tool)
            #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
            let redraws = output.stdout.components(separatedBy: "\r\u{1B}[K")
            #expect(redraws.count >= 3, "the line is redrawn about once a second: \(output.stdout.debugDescription)")
            #expect(redraws.dropFirst().contains { $0.hasPrefix("Running | files ") && $0.contains(" | failed 0 | ") && $0.contains(" | ETA ") },
                    "\(output.stdout.debugDescription)")
            #expect(output.stdout.contains("Import to oss completed."))
            #expect(output.stdout.contains("Report: "))
        } catch {
            await f.tearDown()
            throw error
        }
        await f.tearDown()
    }
}
