import CurlHTTP
import TestSupport
import Testing
@testable import ImportKit

@Suite struct SysConfigTests {
    private func load(_ text: String) throws(ConfigError) -> (SysConfig, warnings: [String]) {
        try SysConfig.parse(PropertiesFile.parse(text, path: "conf/sys.properties"))
    }

    @Test func emptyFileTakesDefaults() throws {
        let (config, warnings) = try load("")
        #expect(config == SysConfig())
        #expect(warnings.isEmpty)
        #expect(config.workingDir == "." && config.workerTaskThreadNum == 60 && config.sshPort == 22)
        #expect(config.workerMaxThroughput == 100_000_000 && config.dispatcherThreadNum == 1 && config.javaHeapMaxSize == "1024m")
        #expect(!config.workerAbortWhenUncatchedException && !config.workerRecordMd5)
    }

    /// Issue 9 §3: the idle timeout of every request and the start-up probe's timeout are seconds, configurable.
    @Test func timeoutsReachTheTransportAndTheProbe() throws {
        #expect(SysConfig().requestIdleTimeoutSeconds == 30 && SysConfig().endpointProbeTimeoutSeconds == 10)
        let (config, warnings) = try load("requestIdleTimeoutSeconds=7\nendpointProbeTimeoutSeconds=3\n")
        #expect(warnings.isEmpty)
        let options = config.transportOptions()
        #expect(options.timeouts.lowSpeedTime == .seconds(7) && options.timeouts.lowSpeedLimitBytesPerSecond == 1)
        #expect(options.timeouts.connect == .seconds(7))
        var job = JobConfig()
        job.srcPrefix = "/data/"
        #expect(JobSettings(config: job, sys: config).probeTimeoutSeconds == 3)
    }

    @Test func readsDistributedTemplate() throws {
        let text = """
            workingDir=/root/import
            workerUserName=root
            workerPassword=******
            privateKeyFile=
            sshPort=2222
            workerTaskThreadNum=150
            workerMaxThroughput(KB/s)=10240
            dispatcherThreadNum=5
            workerAbortWhenUncatchedException=true\("  ")
            workerRecordMd5=true
            javaHeapMaxSize=4g
            """
        let (c, warnings) = try load(text)
        #expect(warnings.isEmpty)
        #expect(c.workingDir == "/root/import" && c.workerUserName == "root" && c.sshPort == 2222)
        #expect(c.workerTaskThreadNum == 150 && c.workerMaxThroughput == 10_240 && c.dispatcherThreadNum == 5)
        #expect(c.workerAbortWhenUncatchedException && c.workerRecordMd5 && c.javaHeapMaxSize == "4g")
        #expect(c.throughputLimitBytesPerSecond == 10_485_760)
    }

    @Test(arguments: [
        (Int64(0), nil), (1, 1024), (100_000_000, 102_400_000_000), (Int64.max, nil),
    ] as [(Int64, Int64?)])
    func throughputLimit(kilobytes: Int64, bytes: Int64?) {
        var config = SysConfig()
        config.workerMaxThroughput = kilobytes
        #expect(config.throughputLimitBytesPerSecond == bytes)
    }

    @Test(arguments: [
        ("workerTaskThreadNum=0", "conf/sys.properties:1: workerTaskThreadNum: 0 is out of range — use a whole number from 1 to 1000"),
        ("workerTaskThreadNum=sixty", "conf/sys.properties:1: workerTaskThreadNum: \"sixty\" is not a whole number — use a whole number from 1 to 1000"),
        ("workerMaxThroughput(KB/s)=-1", "conf/sys.properties:1: workerMaxThroughput(KB/s): -1 is out of range — use a whole number >= 0 (KB/s; 0 = unlimited)"),
        ("workerMaxThroughput(KB/s)=10m", "conf/sys.properties:1: workerMaxThroughput(KB/s): \"10m\" is not a whole number — use a whole number >= 0 (KB/s; 0 = unlimited)"),
        ("sshPort=70000", "conf/sys.properties:1: sshPort: 70000 is out of range — use a whole number from 1 to 65535"),
        ("dispatcherThreadNum=0", "conf/sys.properties:1: dispatcherThreadNum: 0 is out of range — use a whole number from 1 to 1000"),
        ("workerRecordMd5=maybe", "conf/sys.properties:1: workerRecordMd5: \"maybe\" is not a boolean — write workerRecordMd5=true or workerRecordMd5=false"),
        ("requestIdleTimeoutSeconds=0", "conf/sys.properties:1: requestIdleTimeoutSeconds: 0 is out of range — use a whole number from 1 to 3600 (seconds)"),
        ("endpointProbeTimeoutSeconds=ten", "conf/sys.properties:1: endpointProbeTimeoutSeconds: \"ten\" is not a whole number — use a whole number from 1 to 600 (seconds)"),
        ("metricsTextfileDir=prom", "conf/sys.properties:1: metricsTextfileDir: \"prom\" is not an absolute directory — write the absolute path of node_exporter's textfile directory, e.g. metricsTextfileDir=/var/lib/prometheus/node-exporter"),
        ("metricsListen=9487", "conf/sys.properties:1: metricsListen: \"9487\" is not an IPv4 address and port — write metricsListen=127.0.0.1:9487 (or leave it empty to open no port)"),
        ("metricsListen=localhost:9487", "conf/sys.properties:1: metricsListen: \"localhost:9487\" is not an IPv4 address and port — write metricsListen=127.0.0.1:9487 (or leave it empty to open no port)"),
        ("metricsListen=127.0.0.1:70000", "conf/sys.properties:1: metricsListen: \"127.0.0.1:70000\" is not an IPv4 address and port — write metricsListen=127.0.0.1:9487 (or leave it empty to open no port)"),
        ("metricsIntervalSeconds=0", "conf/sys.properties:1: metricsIntervalSeconds: 0 is out of range — use a whole number from 1 to 3600 (seconds)"),
        ("workingDir=D:/ossimport", "conf/sys.properties:1: workingDir: \"D:/ossimport\" is a Windows path; this tool runs on Linux — write workingDir=. (the tool directory) or an absolute Linux path"),
    ])
    func rejectsWithExactMessage(text: String, message: String) throws {
        let error = try #require(throws: ConfigError.self) { try load(text) }
        #expect(error.description == message)
    }

    @Test(arguments: [
        ("slaveTaskThreadNum=10", "conf/sys.properties:1: key \"slaveTaskThreadNum\" is the ossimport 2.1 name of workerTaskThreadNum and is ignored — rename it to workerTaskThreadNum"),
        ("colourScheme=dark", "conf/sys.properties:1: unknown key \"colourScheme\" ignored"),
    ])
    func warnsAboutUnknownKeys(text: String, warning: String) throws {
        #expect(try load(text).warnings == [warning])
    }

    @Test(arguments: [(".", "/opt/ossimport"), ("./work", "/opt/ossimport/work"), ("work", "/opt/ossimport/work"), ("/data/w", "/data/w")])
    func resolvesWorkingDirectory(dir: String, resolved: String) {
        var config = SysConfig()
        config.workingDir = dir
        #expect(config.workingDirectory(relativeTo: "/opt/ossimport") == resolved)
    }
}
