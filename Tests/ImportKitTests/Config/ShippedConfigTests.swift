import Foundation
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
        expected.srcPrefix = "/path/to/data/"
        expected.destDomain = "http://127.0.0.1:9000"
        expected.destBucket = "mybucket"
        expected.httpListFilePath = "/path/to/http.list"
        expected.destAccessKey = "ENVKEY"
        expected.destSecretKey = "ENVSECRET"
        #expect(config == expected)
        #expect(config.effectiveDestSignatureVersion == .v1)
    }

    @Test func shippedJobFileListsEveryKeyInOssimportOrder() throws {
        let file = try PropertiesFile.load(path: root.appendingPathComponent("conf/local_job.cfg").path)
        #expect(file.entries.map(\.key) == ConfigKeys.ossimportJob + ConfigKeys.ourJob)
        let emptyCredentials = ["destAccessKey", "destSecretKey", "srcAccessKey", "srcSecretKey", "destSecurityToken"]
        for key in emptyCredentials { #expect(file.value(key)?.value == "", "\(key) must ship empty") }
    }

    @Test func shippedJobFileWithoutCredentialsSaysWhatIsMissing() throws {
        let path = root.appendingPathComponent("conf/local_job.cfg").path
        let error = try #require(throws: ConfigError.self) {
            try JobConfig.load(path: path, environment: [:], checkFileSystem: false)
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
        #expect(file.entries.map(\.key) == ConfigKeys.ossimportSys.filter { $0 != "sshPort" })
    }
}
