import Foundation
import Testing
@testable import ImportKit

/// The frozen copy of a job against the job file on disk: which keys differ, never their values.
@Suite("Job file edited after submit")
struct JobConfigDriftTests {
    static func parse(_ text: String) throws -> PropertiesFile { try PropertiesFile.parse(text, path: "conf/local_job.cfg") }

    @Test("comments, order, spacing and separators do not count; a changed, added or removed key does")
    func keysThatDiffer() throws {
        let frozen = try Self.parse("jobName=j1\n# old comment\ndestBucket=b\ndestSecretKey=old-secret\ndestPrefix=p/\n")
        let same = try Self.parse("# new comment\ndestPrefix : p/\njobName = j1\ndestSecretKey=old-secret\ndestBucket b\n")
        #expect(JobConfigDrift.compare(frozen: frozen, current: same).isEmpty)

        let edited = try Self.parse("jobName=j1\ndestBucket=b\ndestSecretKey=new-secret\nisSkipExistFile=true\n")
        #expect(JobConfigDrift.compare(frozen: frozen, current: edited) == ["destSecretKey", "isSkipExistFile", "destPrefix"])
    }

    @Test("check(): nil without a job, for another job's file, or without changes; the message names keys only")
    func checkAgainstTheWorkingDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("drift-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workingDirectory = WorkingDirectory(root)
        let file = root + "/local_job.cfg"
        try FileSystem.makeDirectories(root)
        try AtomicFile.write("jobName=j1\ndestSecretKey=old-secret\n", to: file)
        #expect(JobConfigDrift.check(job: "j1", workingDirectory: workingDirectory, path: file) == nil, "no job yet")

        try workingDirectory.job("j1").createDirectories()
        try AtomicFile.write("jobName=j1\ndestSecretKey=old-secret\n", to: workingDirectory.job("j1").configCopy)
        #expect(JobConfigDrift.check(job: "j1", workingDirectory: workingDirectory, path: file) == nil, "unchanged")

        try AtomicFile.write("jobName=j1\ndestSecretKey=new-secret\n", to: file)
        let drift = try #require(JobConfigDrift.check(job: "j1", workingDirectory: workingDirectory, path: file))
        #expect(drift.changedKeys == ["destSecretKey"])
        let message = drift.message(job: "j1")
        #expect(message.contains("changed: destSecretKey") && message.contains("bash import.sh --restart"), "\(message)")
        #expect(!message.contains("new-secret") && !message.contains("old-secret"), "\(message)")

        try AtomicFile.write("jobName=j2\ndestSecretKey=new-secret\n", to: file)
        #expect(JobConfigDrift.check(job: "j1", workingDirectory: workingDirectory, path: file) == nil, "another job's file")
    }

    @Test("the stop marker: written with the time and verb, read back, removed (removing twice is fine)")
    func stopMarker() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workingDirectory = WorkingDirectory(root)
        #expect(StopMarker.read(workingDirectory) == nil)
        try StopMarker.write(workingDirectory, now: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try AtomicFile.read(StopMarker.path(workingDirectory)) == Array("1700000000 stop\n".utf8))
        #expect(StopMarker.read(workingDirectory) == StopMarker.Record(time: 1_700_000_000, verb: "stop"))
        try StopMarker.remove(workingDirectory)
        try StopMarker.remove(workingDirectory)
        #expect(StopMarker.read(workingDirectory) == nil)
    }
}
