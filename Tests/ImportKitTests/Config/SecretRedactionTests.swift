import TestSupport
import Testing
@testable import ImportKit

/// No message, warning or description may contain a credential value.
@Suite struct SecretRedactionTests {
    static let secret = "Zx9SECRETvalue"

    /// Bad files whose credential values contain `secret`.
    static let badInputs: [[(String, String)]] = [
        [("destSecretKey", "\(secret)***")],
        [("destAccessKey", "\(secret)***")],
        [("destSecretKey", "\(secret) with space")],
        [("destSecretKey", "\"\(secret)\"")],
        [("destSecretKey", "\(secret)\\u12")],
        [("destAccessKey", "")],
        [("destAccessKey", "\(secret)"), ("destSecretKey", "")],
        [("destSecurityToken", "\(secret) x")],
        [("srcType", "oss"), ("srcPrefix", ""), ("srcDomain", "http://oss-cn-beijing.aliyuncs.com"), ("srcBucket", "src"),
         ("srcAccessKey", "\(secret)***"), ("srcSecretKey", "x")],
        [("srcType", "oss"), ("srcPrefix", ""), ("srcDomain", "http://oss-cn-beijing.aliyuncs.com"), ("srcBucket", "src"),
         ("srcAccessKey", "a"), ("srcSecretKey", "\(secret)\tx")],
        [("srcType", "oss"), ("srcPrefix", ""), ("srcDomain", "http://oss-cn-beijing.aliyuncs.com"), ("srcBucket", "src"),
         ("srcAccessKey", "a"), ("srcSecretKey", "\(secret)"), ("srcSecretKey", "")],
        [("destSecretKey", secret), ("jobName", "x")],
    ]

    @Test(arguments: badInputs)
    func errorsNeverContainSecrets(overrides: [(String, String)]) throws {
        let error = try #require(ConfigFixture.error(ConfigFixture.text(overrides)))
        #expect(!error.description.contains(Self.secret))
        #expect(!String(reflecting: error).contains(Self.secret))
    }

    @Test func environmentSecretsNeverAppearInErrors() throws {
        let text = ConfigFixture.text([("destAccessKey", ""), ("destSecretKey", ""), ("jobName", "bad name")])
        let environment = ["OSS_ACCESS_KEY_ID": "\(Self.secret)-id", "OSS_ACCESS_KEY_SECRET": "\(Self.secret)-sk"]
        let error = try #require(ConfigFixture.error(text, environment: environment))
        #expect(error.key == "jobName")
        #expect(!error.description.contains(Self.secret))
    }

    @Test func warningsNeverContainSecrets() throws {
        let text = ConfigFixture.text([("destSecretKey", Self.secret)]) + "destSecretKey=\(Self.secret)\n"
        let (_, warnings) = try ConfigFixture.load(text)
        #expect(warnings.count == 1)
        #expect(!warnings.joined().contains(Self.secret))
        // A pasted secret alone on a line stops submit without being echoed.
        let error = try #require(ConfigFixture.error(text + "\(Self.secret)\n"))
        #expect(error.line == 10)
        #expect(!error.description.contains(Self.secret))
    }

    @Test func descriptionAndDumpHideCredentials() throws {
        let text = ConfigFixture.text([("destSecretKey", Self.secret), ("destAccessKey", "\(Self.secret)ID"),
                                       ("destSecurityToken", "\(Self.secret)TOKEN")])
        let (config, _) = try ConfigFixture.load(text)
        #expect(!config.description.contains(Self.secret))
        #expect(!String(reflecting: config).contains(Self.secret))
        #expect(!"\(config)".contains(Self.secret))
        var dumped = ""
        dump(config, to: &dumped)
        #expect(!dumped.contains(Self.secret))
        #expect(config.description.contains("destSecretKey=<set>"))
        #expect(config.description.contains("destBucket=mybucket"))
    }

    @Test func sysDescriptionHidesPassword() throws {
        let file = try PropertiesFile.parse("workerPassword=\(Self.secret)\n", path: "conf/sys.properties")
        let (config, _) = try SysConfig.parse(file)
        #expect(config.workerPassword == Self.secret)
        #expect(!config.description.contains(Self.secret))
        #expect(config.description.contains("workerPassword=<set>"))
    }
}
