import Testing

@testable import ImportKit

@Suite struct WorkerHostsTests {
    static func parse(_ text: String) throws(ConfigError) -> WorkerHosts {
        try WorkerHosts.parse(bytes: Array(text.utf8), path: "conf/workers")
    }

    @Test func hostsInFileOrderFirstIsTheMaster() throws {
        let workers = try Self.parse("\u{FEFF}# master first\r\n192.168.1.10\r\n\r\n  node-2.example.com \n# a comment\nfe80::1\n")
        #expect(workers.hosts == ["192.168.1.10", "node-2.example.com", "fe80::1"])
        #expect(workers.master == "192.168.1.10")
        #expect(workers.remote == ["node-2.example.com", "fe80::1"])
        let warning = try #require(workers.standaloneWarning(path: "conf/workers"))
        #expect(warning.contains("2 worker hosts besides this one (node-2.example.com, fe80::1)"))
        #expect(warning.contains("every task runs on this host"))
    }

    @Test func onlyTheMasterIsStandaloneWithoutAWarning() throws {
        #expect(try Self.parse("10.0.0.1\n").standaloneWarning(path: "conf/workers") == nil)
        #expect(try Self.parse("").hosts.isEmpty)
    }

    @Test(arguments: [
        ("a\nb\na\n", 3, "host a is listed twice (line 1 and line 3)"),
        ("a\nhost1 host2\n", 2, "holds more than one word"),
        ("a;rm -rf /\n", 1, "holds more than one word"),
        ("$(reboot)\n", 1, "is not a host name or IP address"),
        ("-oProxyCommand=x\n", 1, "starts with '-'"),
    ])
    func badLinesNameTheLine(text: String, line: Int, problem: String) {
        do {
            _ = try Self.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.path == "conf/workers")
            #expect(error.line == line)
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test func utf16IsRefused() {
        #expect(throws: ConfigError.self) { try WorkerHosts.parse(bytes: [0xFF, 0xFE, 0x61, 0x00], path: "w") }
    }
}
