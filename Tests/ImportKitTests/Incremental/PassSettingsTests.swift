import TestSupport
import Testing

@testable import ImportKit

/// How `local_job.cfg` turns into the engine's audit and incremental settings.
@Suite struct PassSettingsTests {
    @Test func defaultsAuditAfterImportInGeneralMode() throws {
        let (config, _) = try ConfigFixture.load(ConfigFixture.text([]))
        let settings = JobSettings(config: config, sys: SysConfig())
        #expect(settings.audit == AuditSettings(mode: .general, auditOnly: false, lastModify: 0))
        #expect(settings.incrementalInterval == nil)
    }

    @Test func auditJobVerifiesOnlyAndHasNoPasses() throws {
        let (config, _) = try ConfigFixture.load(ConfigFixture.text([
            ("jobType", "audit"), ("auditMode", "detailed"), ("lastModify", "1700000000"), ("isIncremental", "true"),
            ("incrementalModeInterval", "3600"),
        ]))
        let settings = JobSettings(config: config, sys: SysConfig())
        #expect(settings.audit == AuditSettings(mode: .detailed, auditOnly: true, lastModify: 1_700_000_000))
        #expect(settings.incrementalInterval == nil)
    }

    @Test func noAuditWhenTurnedOff() throws {
        let (config, _) = try ConfigFixture.load(ConfigFixture.text([
            ("isAuditAfterImport", "false"), ("isIncremental", "true"), ("incrementalModeInterval", "3600"),
        ]))
        let settings = JobSettings(config: config, sys: SysConfig())
        #expect(settings.audit == nil)
        #expect(settings.incrementalInterval == 3600)
    }

    @Test func shortIntervalsOnlyWithTheTestVariable() throws {
        let text = ConfigFixture.text([("isIncremental", "true"), ("incrementalModeInterval", "1")])
        #expect(ConfigFixture.error(text)?.description.contains("below the minimum of 900") == true)
        let (config, warnings) = try ConfigFixture.load(text, environment: ["OSSIMPORT_TEST_MIN_INTERVAL": "1"])
        #expect(config.incrementalModeInterval == 1)
        #expect(warnings.isEmpty)
    }
}
