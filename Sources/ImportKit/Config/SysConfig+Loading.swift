extension SysConfig {
    /// Loads and validates `conf/sys.properties`.
    ///
    /// Missing keys take their defaults; ossimport 2.1 `slave…` names and unknown keys that resemble no known key give
    /// warnings; a near miss of a known key (`workerMaxThroughput` for `workerMaxThroughput(KB/s)`) is an error.
    /// - Throws: the first problem, as one ``ConfigError`` line.
    public static func load(path: String) throws(ConfigError) -> (SysConfig, warnings: [String]) {
        try parse(PropertiesFile.load(path: path))
    }

    /// Reads and validates an already parsed `sys.properties`.
    public static func parse(_ file: PropertiesFile) throws(ConfigError) -> (SysConfig, warnings: [String]) {
        let r = ConfigReader(file)
        var warnings = file.warnings
        warnings += try ConfigKeys.checkUnknownKeys(in: file, known: ConfigKeys.ossimportSys + ConfigKeys.ourSys, tolerated: [], strict: false)
        var c = SysConfig()
        c.workingDir = r.string("workingDir", default: c.workingDir)
        c.workerUserName = r.string("workerUserName")
        c.workerPassword = r.string("workerPassword")
        c.privateKeyFile = r.string("privateKeyFile")
        c.sshPort = try r.int("sshPort", default: c.sshPort, range: 1...65_535)
        c.workerTaskThreadNum = try r.int("workerTaskThreadNum", default: c.workerTaskThreadNum, range: 1...1000)
        c.workerMaxThroughput = try r.int64(
            throughputKey, default: c.workerMaxThroughput, range: 0...Int64.max, unit: " (KB/s; 0 = unlimited)")
        c.dispatcherThreadNum = try r.int("dispatcherThreadNum", default: c.dispatcherThreadNum, range: 1...1000)
        c.workerAbortWhenUncatchedException = try r.bool(
            "workerAbortWhenUncatchedException", default: c.workerAbortWhenUncatchedException)
        c.workerRecordMd5 = try r.bool("workerRecordMd5", default: c.workerRecordMd5)
        c.javaHeapMaxSize = r.string("javaHeapMaxSize", default: c.javaHeapMaxSize)
        c.requestIdleTimeoutSeconds = try r.int(
            "requestIdleTimeoutSeconds", default: c.requestIdleTimeoutSeconds, range: 1...3600, unit: " (seconds)")
        c.endpointProbeTimeoutSeconds = try r.int(
            "endpointProbeTimeoutSeconds", default: c.endpointProbeTimeoutSeconds, range: 1...600, unit: " (seconds)")
        c.metricsTextfileDir = r.string("metricsTextfileDir")
        if !c.metricsTextfileDir.isEmpty && !c.metricsTextfileDir.hasPrefix("/") {
            throw r.error("metricsTextfileDir", "\"\(c.metricsTextfileDir)\" is not an absolute directory",
                          fix: "write the absolute path of node_exporter's textfile directory, e.g. metricsTextfileDir=/var/lib/prometheus/node-exporter")
        }
        c.metricsListen = r.string("metricsListen")
        if !c.metricsListen.isEmpty && MetricsListenAddress(c.metricsListen) == nil {
            throw r.error("metricsListen", "\"\(c.metricsListen)\" is not an IPv4 address and port",
                          fix: "write metricsListen=127.0.0.1:9487 (or leave it empty to open no port)")
        }
        c.metricsIntervalSeconds = try r.int(
            "metricsIntervalSeconds", default: c.metricsIntervalSeconds, range: 1...3600, unit: " (seconds)")
        if c.workingDir.contains("\\") || SysConfig.looksLikeWindowsDrive(c.workingDir) {
            throw r.error("workingDir", "\"\(c.workingDir)\" is a Windows path; this tool runs on Linux",
                          fix: "write workingDir=. (the tool directory) or an absolute Linux path")
        }
        return (c, warnings)
    }

    private static func looksLikeWindowsDrive(_ path: String) -> Bool {
        JobConfig.looksLikeWindowsDrive(path)
    }
}

extension SysConfig: CustomStringConvertible {
    /// Every key as `key=value`; `workerPassword` shows only whether it is set.
    public var description: String {
        [
            "workingDir=\(workingDir)", "workerUserName=\(workerUserName)",
            "workerPassword=\(workerPassword.isEmpty ? "" : "<set>")", "privateKeyFile=\(privateKeyFile)",
            "sshPort=\(sshPort)", "workerTaskThreadNum=\(workerTaskThreadNum)",
            "\(Self.throughputKey)=\(workerMaxThroughput)", "dispatcherThreadNum=\(dispatcherThreadNum)",
            "workerAbortWhenUncatchedException=\(workerAbortWhenUncatchedException)",
            "workerRecordMd5=\(workerRecordMd5)", "javaHeapMaxSize=\(javaHeapMaxSize)",
            "requestIdleTimeoutSeconds=\(requestIdleTimeoutSeconds)",
            "endpointProbeTimeoutSeconds=\(endpointProbeTimeoutSeconds)",
            "metricsTextfileDir=\(metricsTextfileDir)", "metricsListen=\(metricsListen)",
            "metricsIntervalSeconds=\(metricsIntervalSeconds)",
        ].joined(separator: "\n")
    }
}
