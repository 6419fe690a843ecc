import Foundation
import Logging

/// Publishes the jobs' metrics while the service runs: `<metricsTextfileDir>/ossimport.prom`, replaced atomically
/// (node_exporter's textfile collector reads only `*.prom`, never the temp file), and/or `/metrics` on
/// `metricsListen`. Nothing when neither is set. A failure to publish is logged (once per distinct message) and
/// never stops a migration.
struct MetricsPublisher: Sendable {
    public static let fileName = "ossimport.prom"

    let workingDirectory: WorkingDirectory
    let sys: SysConfig
    let log: EventLog
    let host: String

    public init(workingDirectory: WorkingDirectory, sys: SysConfig, log: EventLog, host: String = ProcessInfo.processInfo.hostName) {
        self.workingDirectory = workingDirectory
        self.sys = sys
        self.log = log
        self.host = host
    }

    public var enabled: Bool { !sys.metricsTextfileDir.isEmpty || !sys.metricsListen.isEmpty }

    /// Publishes every `metricsIntervalSeconds` until cancelled, then once more (the final states).
    public func run() async {
        guard enabled else { return }
        var server: MetricsHTTPServer?
        if let address = MetricsListenAddress(sys.metricsListen) {
            do {
                server = try MetricsHTTPServer(address: address)
                log.service.info("metrics served at http://{metrics.address}/metrics", metadata: ["metrics.address": "\(address)"])
            } catch {
                log.service.error(
                    "metricsListen: cannot listen on {metrics.address}: {error} — choose a free port in conf/sys.properties",
                    metadata: ["metrics.address": "\(address)", "error": "\(error)"])
            }
        }
        defer { server?.stop() }
        var lastError: String?
        while !Task.isCancelled {
            lastError = await publish(server: server, lastError: lastError)
            try? await Task.sleep(for: .seconds(sys.metricsIntervalSeconds))
        }
        // The service is ending: the last values, with the service shown as stopped (an unstructured task, so that
        // the cancellation of this one does not cancel the writes).
        let last = lastError
        let finalServer = server
        _ = await Task { [self] in await publish(server: finalServer, lastError: last, serviceEnding: true) }.value
    }

    /// Renders and publishes once; returns the error message, if any (logged when it differs from `lastError`).
    /// `serviceEnding`: the jobs are shown as the next `stat` will see them, without a service.
    func publish(server: MetricsHTTPServer?, lastError: String?, serviceEnding: Bool = false) async -> String? {
        let workingDirectory = self.workingDirectory
        let host = self.host
        let directory = sys.metricsTextfileDir
        do {
            let text = try await BlockingIO.run { () throws -> String in
                var reports = try workingDirectory.jobNames().map { try StatReport.load(job: $0, workingDirectory: workingDirectory) }
                if serviceEnding {
                    reports = reports.map { report in
                        var report = report
                        report.facts.serviceRunning = false
                        report.verdict = JobStateModel.verdict(report.facts)
                        report.status?.state = report.verdict.state
                        report.running = []
                        return report
                    }
                }
                return MetricsExposition.render(reports, host: host)
            }
            server?.update(text)
            if !directory.isEmpty {
                try await BlockingIO.run { try AtomicFile.write(text, to: directory + "/" + Self.fileName, durable: false) }
            }
            return nil
        } catch is CancellationError {
            return lastError
        } catch {
            let message = "metrics not published: \(error)"
            if message != lastError {
                let fix = directory.isEmpty ? "" : " — check that metricsTextfileDir={metrics.directory} exists and is writable"
                log.service.error("metrics not published: {error}\(fix)", metadata: ["error": "\(error)", "metrics.directory": "\(directory)"])
            }
            return message
        }
    }
}
