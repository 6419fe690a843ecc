import TestSupport
import Testing
@testable import ImportKit

/// An unknown key's value is not used, so it must never pass as a mere warning when it matters: in a job file it
/// stops `submit`; in `sys.properties` a near miss of a known key does.
@Suite struct UnknownKeyTests {
    @Test(arguments: [
        ("destPrefx", "conf/local_job.cfg:9: destPrefx: unknown key, its value would not be used — did you mean destPrefix? Rename the key to destPrefix"),
        ("destBukcet", "conf/local_job.cfg:9: destBukcet: unknown key, its value would not be used — did you mean destBucket? Rename the key to destBucket"),
        ("DestBucket", "conf/local_job.cfg:9: DestBucket: unknown key, its value would not be used — did you mean destBucket? Rename the key to destBucket"),
        ("srcprefix", "conf/local_job.cfg:9: srcprefix: unknown key, its value would not be used — did you mean srcPrefix? Rename the key to srcPrefix"),
        ("workerMaxThroughput", "conf/local_job.cfg:9: workerMaxThroughput: unknown key, its value would not be used — did you mean workerMaxThroughput(KB/s)? It belongs in conf/sys.properties (a job file ignores it)"),
        ("fooBar", "conf/local_job.cfg:9: fooBar: unknown key, its value would not be used — fix its name (keys are case-sensitive; conf/local_job.cfg lists every key) or delete the line"),
    ])
    func jobFileUnknownKeyStopsSubmit(key: String, message: String) throws {
        let error = try #require(throws: ConfigError.self) { try ConfigFixture.load(ConfigFixture.text([(key, "some/value")])) }
        #expect(error.description == message)
        #expect(!error.description.contains("some/value"))
    }

    @Test func jobFileBareWordLineStopsSubmitWithoutEchoingIt() throws {
        let text = ConfigFixture.text([]) + "AbCdEfSecretPastedAlone\n"
        let error = try #require(throws: ConfigError.self) { try ConfigFixture.load(text) }
        #expect(error.description == "conf/local_job.cfg:9: this line is not a key=value pair — write it as key=value, or start it with # to make it a comment")
    }

    @Test(arguments: [
        ("workerMaxThroughput=100", "conf/sys.properties:1: workerMaxThroughput: unknown key, its value would not be used — did you mean workerMaxThroughput(KB/s)? Rename the key to workerMaxThroughput(KB/s)"),
        ("workerTaskThreadNumber=10", "conf/sys.properties:1: workerTaskThreadNumber: unknown key, its value would not be used — did you mean workerTaskThreadNum? Rename the key to workerTaskThreadNum"),
        ("WorkingDir=/data", "conf/sys.properties:1: WorkingDir: unknown key, its value would not be used — did you mean workingDir? Rename the key to workingDir"),
    ])
    func sysNearMissIsAnError(text: String, message: String) throws {
        let error = try #require(throws: ConfigError.self) { try SysConfig.parse(PropertiesFile.parse(text, path: "conf/sys.properties")) }
        #expect(error.description == message)
    }

    @Test(arguments: [
        ("destPrefx", "destPrefix"), ("workerMaxThroughput", "workerMaxThroughput(KB/s)"), ("isSkipExistFiles", "isSkipExistFile"),
        ("destAcessKey", "destAccessKey"), ("incrementalModeIntervall", "incrementalModeInterval"),
    ])
    func didYouMean(typo: String, key: String) {
        #expect(ConfigKeys.closest(to: typo, in: ConfigKeys.ossimportJob + ConfigKeys.ossimportSys) == key)
    }

    @Test func farAwayNamesHaveNoSuggestion() {
        #expect(ConfigKeys.closest(to: "colourScheme", in: ConfigKeys.ossimportJob + ConfigKeys.ossimportSys) == nil)
    }
}
