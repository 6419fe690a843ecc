import Foundation

/// Publishes the jobs' metrics while the service runs: `<metricsTextfileDir>/ossimport.prom`, replaced atomically
/// (node_exporter's textfile collector reads only `*.prom`, never the temp file), and/or `/metrics` on
/// `metricsListen`. Nothing when neither is set. A failure to publish is logged (once per distinct message) and
/// never stops a migration.
public struct MetricsPublisher: Sendable {
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
                log.service(.info, "metrics served at http://\(address)/metrics")
            } catch {
                log.service(.error, "metricsListen: cannot listen on \(address): \(error) — choose a free port in conf/sys.properties")
            }
        }
        defer { server?.stop() }
        var lastError: String?
        while !Task.isCancelled {
            lastError = await publish(server: server, lastError: lastError)
            try? await Task.sleep(for: .seconds(sys.metricsIntervalSeconds))
        }
        _ = await publish(server: server, lastError: lastError)
    }

    /// Renders and publishes once; returns the error message, if any (logged when it differs from `lastError`).
    func publish(server: MetricsHTTPServer?, lastError: String?) async -> String? {
        let workingDirectory = self.workingDirectory
        let host = self.host
        let directory = sys.metricsTextfileDir
        do {
            let text = try await BlockingIO.run { () throws -> String in
                let reports = try workingDirectory.jobNames().map { try StatReport.load(job: $0, workingDirectory: workingDirectory) }
                return MetricsExposition.render(reports, host: host)
            }
            server?.update(text)
            if !directory.isEmpty {
                try await BlockingIO.run { try AtomicFile.write(text, to: directory + "/" + Self.fileName, durable: false) }
            }
            return nil
        } catch {
            let message = "metrics not published: \(error)"
            if message != lastError {
                log.service(.error, message + (directory.isEmpty ? "" : " — check that metricsTextfileDir=\(directory) exists and is writable"))
            }
            return message
        }
    }
}
