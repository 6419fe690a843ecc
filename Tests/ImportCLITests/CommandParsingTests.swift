import ArgumentParser
import Testing

@testable import ImportCLI

/// Every verb of `ossimport` parsed from a command line, without running it: names, defaults, flags and the
/// errors of a wrong command line.
@Suite struct CommandParsingTests {
    /// Parses `arguments` as `ossimport` would and expects a `Verb`.
    func parse<Verb: ParsableCommand>(
        _ arguments: [String], as verb: Verb.Type, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Verb {
        let command = try OSSImportCommand.parseAsRoot(arguments)
        return try #require(command as? Verb, "parsed as \(type(of: command))", sourceLocation: sourceLocation)
    }

    @Test func submitTakesAJobFileAndTheSysConfig() throws {
        let defaults = try parse(["submit"], as: OSSImportCommand.Submit.self)
        #expect(defaults.jobConfig == "conf/local_job.cfg")
        #expect(defaults.global.sysConfig == "conf/sys.properties")
        let given = try parse(["submit", "-c", "x/sys.properties", "jobs/a.cfg"], as: OSSImportCommand.Submit.self)
        #expect(given.jobConfig == "jobs/a.cfg")
        #expect(given.global.sysConfig == "x/sys.properties")
        #expect(given.global.jobConfigPath == "x/local_job.cfg")
    }

    @Test func startRunsInTheBackgroundUnlessAskedOtherwise() throws {
        let background = try parse(["start"], as: OSSImportCommand.Start.self)
        #expect(!background.foreground && !background.exitWhenDone)
        let foreground = try parse(
            ["start", "--foreground", "--exit-when-done", "--sys-config", "s.properties"], as: OSSImportCommand.Start.self)
        #expect(foreground.foreground && foreground.exitWhenDone)
        #expect(foreground.global.sysConfig == "s.properties")
        #expect(foreground.global.jobConfigPath == "./local_job.cfg")
    }

    @Test func runTakesOnlyTheGlobalOptions() throws {
        #expect(try parse(["run", "-c", "a/b.properties"], as: OSSImportCommand.Run.self).global.sysConfig == "a/b.properties")
        #expect(throws: (any Error).self) { try OSSImportCommand.parseAsRoot(["run", "--foreground"]) }
    }

    @Test func stopWaitsSixtySecondsByDefault() throws {
        #expect(try parse(["stop"], as: OSSImportCommand.Stop.self).timeout == 60)
        #expect(try parse(["stop", "--timeout", "5"], as: OSSImportCommand.Stop.self).timeout == 5)
        #expect(throws: (any Error).self) { try OSSImportCommand.parseAsRoot(["stop", "--timeout", "soon"]) }
    }

    @Test func statTakesDetailJobNamesAndAFormat() throws {
        let plain = try parse(["stat"], as: OSSImportCommand.Stat.self)
        #expect(plain.words.isEmpty && !plain.json && !plain.line)
        let detail = try parse(["stat", "detail"], as: OSSImportCommand.Stat.self)
        #expect(detail.words == ["detail"])
        let named = try parse(["stat", "--json", "job_a", "job_b"], as: OSSImportCommand.Stat.self)
        #expect(named.words == ["job_a", "job_b"] && named.json && !named.line)
        #expect(try parse(["stat", "--line"], as: OSSImportCommand.Stat.self).line)
    }

    @Test func reportTakesJobNames() throws {
        #expect(try parse(["report"], as: OSSImportCommand.Report.self).jobs.isEmpty)
        #expect(try parse(["report", "a", "b"], as: OSSImportCommand.Report.self).jobs == ["a", "b"])
    }

    @Test func retryAndCleanTakeAnOptionalJob() throws {
        #expect(try parse(["retry"], as: OSSImportCommand.Retry.self).job == nil)
        #expect(try parse(["retry", "job_a"], as: OSSImportCommand.Retry.self).job == "job_a")
        #expect(try parse(["clean"], as: OSSImportCommand.Clean.self).job == nil)
        #expect(try parse(["clean", "job_a"], as: OSSImportCommand.Clean.self).job == "job_a")
        #expect(throws: (any Error).self) { try OSSImportCommand.parseAsRoot(["clean", "a", "b"]) }
    }

    @Test func versionAndCreateBucket() throws {
        _ = try parse(["version"], as: OSSImportCommand.Version.self)
        #expect(try parse(["create-bucket"], as: OSSImportCommand.CreateBucket.self).jobConfig == "conf/local_job.cfg")
        #expect(try parse(["create-bucket", "j.cfg"], as: OSSImportCommand.CreateBucket.self).jobConfig == "j.cfg")
    }

    /// The async entry point runs `run() async` only for `AsyncParsableCommand`s: a verb that is not one would be
    /// run through the synchronous `run()`, which prints help instead of doing the work.
    @Test(arguments: ["submit", "start", "run", "stop", "stat", "report", "retry", "clean", "create-bucket"])
    func everyWorkingVerbRunsAsynchronously(verb: String) throws {
        #expect(try OSSImportCommand.parseAsRoot([verb]) is any AsyncParsableCommand)
    }

    @Test func unknownVerbsAndOptionsAreUsageErrors() {
        for arguments in [["upload"], ["stat", "--yaml"], ["submit", "--sys"], ["start", "-x"]] {
            #expect(throws: (any Error).self, "\(arguments)") { try OSSImportCommand.parseAsRoot(arguments) }
            do {
                _ = try OSSImportCommand.parseAsRoot(arguments)
            } catch {
                #expect(OSSImportCommand.exitCode(for: error) == .validationFailure, "\(arguments)")
                #expect(!OSSImportCommand.message(for: error).isEmpty, "\(arguments)")
            }
        }
    }

    @Test func helpListsTheVisibleVerbs() {
        let help = OSSImportCommand.helpMessage()
        for verb in ["submit", "start", "run", "stop", "stat", "report", "retry", "clean", "version"] {
            #expect(help.contains("  \(verb) "), "\(verb) missing from:\n\(help)")
        }
        #expect(!help.contains("create-bucket"), "create-bucket is for test servers and stays hidden")
    }
}
