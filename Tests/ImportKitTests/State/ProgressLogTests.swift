import Foundation
import TestSupport
import Testing

@testable import ImportKit

@Suite struct ProgressLogTests {
    static func outcome(_ index: Int) -> FileOutcome {
        FileOutcome(index: index, status: .ok, bytes: Int64(index), detail: "crc64=\(index)")
    }

    /// A write cut short (crash, full disk) leaves a torn line; the next run's lines must not be glued to it.
    @Test func aTornLastLineIsCutBeforeAppending() async throws {
        let dir = TemporaryDirectory("progress")
        let path = dir.path + "/progress"
        let torn = Array(Self.outcome(0).line.utf8) + Array(Self.outcome(1).line.utf8).prefix(5)
        FileManager.default.createFile(atPath: path, contents: Data(torn))
        let log = try ProgressLog(path: path)
        log.append(Self.outcome(2))
        log.append(Self.outcome(3))
        try await log.sync()
        let loaded = try ProgressLog.load(path: path)
        #expect(Set(loaded.keys) == [0, 2, 3], "outcome 1 was torn and runs again; 2 and 3 are kept")
    }

    @Test func aCompleteLogIsLeftAsItIs() async throws {
        let dir = TemporaryDirectory("progress")
        let path = dir.path + "/progress"
        FileManager.default.createFile(atPath: path, contents: Data(Self.outcome(0).line.utf8))
        let log = try ProgressLog(path: path)
        log.append(Self.outcome(1))
        try await log.sync()
        #expect(Set(try ProgressLog.load(path: path).keys) == [0, 1])
    }

    /// The `audit.log` label is the failure's code, stored with the outcome, never read back out of its words.
    @Test(arguments: FailureCode.allCases)
    func failureCodesRoundTripAndLabelTheLine(_ code: FailureCode) throws {
        let outcome = FileOutcome.failure(code, index: 7, "words with\ta tab", audit: code == .auditMissing ? .missing : nil)
        let parsed = try #require(FileOutcome(line: Substring(outcome.line.dropLast())))
        #expect(parsed == outcome)
        #expect(parsed.label == code.rawValue)
        // Words that look like another label do not change it.
        let misleading = FileOutcome.failure(.failed, index: 1, "SIZE_NOT_MATCH is only a word here")
        #expect(misleading.label == "FAILED")
    }

    @Test func linesOfOlderVersionsStillParse() throws {
        let old = try #require(FileOutcome(line: "3\tFAIL\t0\tSIZE_NOT_MATCH: x\tM"))
        #expect(old.audit == .mismatched && old.code == nil && old.label == "FAILED")
        #expect(FileOutcome(line: "3\tOK\t5\tcrc64=1")?.status == .ok)
    }

    /// Lines are written and parsed as bytes: every field survives, odd details included.
    @Test func linesRoundTripAsBytes() throws {
        var odd = FileOutcome(index: 123_456, status: .failed, bytes: 9_876_543_210_123, detail: "100% 文件\tx\ny\u{7F}")
        odd.code = .sizeNotMatch
        odd.audit = .mismatched
        let outcomes = [
            odd,
            FileOutcome(index: 0, status: .ok, bytes: 0, detail: ""),
            FileOutcome(index: 5, status: .verified, bytes: 1, detail: "crc64=18446744073709551615", audit: .verified),
            FileOutcome(index: 6, status: .skipped, bytes: -1, detail: "x"),
        ]
        for outcome in outcomes {
            let line = outcome.lineBytes
            #expect(line.last == 0x0A && line.dropLast().allSatisfy { $0 != 0x0A })
            #expect(FileOutcome(line: Substring(outcome.line.dropLast())) == outcome)
        }
        var log: [UInt8] = []
        for outcome in outcomes { outcome.appendLine(to: &log) }
        log += Array("garbage\n7\tOK\t1\t%zz\n8\tNOPE\t1\tx\n\n".utf8)  // skipped: not outcome lines
        log += Array(FileOutcome(index: 9, status: .ok, bytes: 1, detail: "torn").lineBytes.dropLast())
        var parsed: [FileOutcome] = []
        FileOutcome.forEachLine(in: log) { parsed.append($0) }
        #expect(parsed == outcomes, "complete outcome lines only, in order; the torn last line is left out")
    }
}
