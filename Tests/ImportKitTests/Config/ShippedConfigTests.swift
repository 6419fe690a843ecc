import Foundation
import TestSupport
import Testing
@testable import ImportKit

@Suite struct ShippedConfigTests {
    private let root = ConfigFixture.repositoryRoot()
    private let environment = ["OSS_ACCESS_KEY_ID": "ENVKEY", "OSS_ACCESS_KEY_SECRET": "ENVSECRET"]

    @Test func shippedJobFileHasDocumentedDefaults() throws {
        let path = root.appendingPathComponent("conf/local_job.cfg").path
        let (config, warnings) = try JobConfig.load(path: path, environment: environment, checkFileSystem: false)
        #expect(warnings.isEmpty)
        var expected = JobConfig()
        expected.srcPrefix = "/tmp/ossimport-sample/"
        expected.destDomain = "http://127.0.0.1:9000"
        expected.destBucket = "mybucket"
        expected.httpListFilePath = "/path/to/http.list"
        // The shipped demo keys of the local test server win over the environment.
        expected.destAccessKey = "local-demo-key"
        expected.destSecretKey = "local-demo-secret"
        #expect(config == expected)
        #expect(config.effectiveDestSignatureVersion == .v1)
    }

    @Test func shippedJobFileListsEveryKeyInOssimportOrder() throws {
        let file = try PropertiesFile.load(path: root.appendingPathComponent("conf/local_job.cfg").path)
        #expect(file.entries.map(\.key) == ConfigKeys.ossimportJob + ConfigKeys.ourJob)
        let emptyCredentials = ["srcAccessKey", "srcSecretKey", "destSecurityToken"]
        for key in emptyCredentials { #expect(file.value(key)?.value == "", "\(key) must ship empty") }
        // Destination keys ship as the local demo server's keys, nothing else.
        #expect(file.value("destAccessKey")?.value == "local-demo-key")
        #expect(file.value("destSecretKey")?.value == "local-demo-secret")
    }

    @Test func shippedJobFileWithoutCredentialsSaysWhatIsMissing() throws {
        let text = try String(contentsOf: root.appendingPathComponent("conf/local_job.cfg"), encoding: .utf8)
            .replacingOccurrences(of: "destAccessKey=local-demo-key", with: "destAccessKey=")
            .replacingOccurrences(of: "destSecretKey=local-demo-secret", with: "destSecretKey=")
        let file = try PropertiesFile.parse(text, path: "conf/local_job.cfg")
        let error = try #require(throws: ConfigError.self) {
            try JobConfig.parse(file, environment: [:], checkFileSystem: false)
        }
        #expect(error.key == "destAccessKey")
        #expect(error.problem == "is empty and OSS_ACCESS_KEY_ID is not set")
    }

    @Test func shippedSysFileHasDocumentedDefaults() throws {
        let (config, warnings) = try SysConfig.load(path: root.appendingPathComponent("conf/sys.properties").path)
        #expect(warnings.isEmpty)
        #expect(config == SysConfig())
        #expect(config.workerMaxThroughput == 100_000_000)
        #expect(config.throughputLimitBytesPerSecond == 102_400_000_000)
        let file = try PropertiesFile.load(path: root.appendingPathComponent("conf/sys.properties").path)
        #expect(file.entries.map(\.key) == (ConfigKeys.ossimportSys + ConfigKeys.ourSys).filter { $0 != "sshPort" })
    }
}
