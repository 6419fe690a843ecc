import Foundation
import Testing

/// Through the real binary and scripts against oss-local: a job whose keys or bucket are wrong stops at once and
/// `stat` names the job-file keys to fix, never the secret (issue 9 §9).
@Suite struct ConfigStopEndToEndTests {
    static func stopMessage(job: [String: String]) async throws -> String {
        let f = try await E2EFixture.make("configstop", job: job)
        do {
            try f.writeSource(["a.txt": Array("a".utf8)])
            let submit = try await f.console("submit")
            #expect(submit.status == 0, "\(submit.stdout)\(submit.stderr)")
            #expect(try await f.console("start").status == 0)
            // The job stops at its first request: `stat` says Failed and why on its `Reason:` line.
            var stat = ""
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let out = try await f.console("stat")
                stat = out.stdout + out.stderr
                if stat.contains("\nJobState:Failed\n") && stat.contains("\nReason: ") { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(stat.contains("\nJobState:Failed\n") && stat.contains("\nReason: "), "\(stat)")
            #expect(!stat.contains("wrong-secret-value"))
            #expect(try await f.request("HEAD", key: "a.txt").status == 404, "nothing was uploaded")
            await f.tearDown()
            return stat
        } catch {
            await f.tearDown()
            throw error
        }
    }

    @Test func wrongSecretKeyNamesDestSecretKey() async throws {
        let stat = try await Self.stopMessage(job: ["destSecretKey": "wrong-secret-value"])
        #expect(stat.contains("SignatureDoesNotMatch"), "\(stat)")
        #expect(stat.contains("check destSecretKey"), "\(stat)")
    }

    @Test func missingBucketNamesTheBucketAndDestBucket() async throws {
        let stat = try await Self.stopMessage(job: ["destBucket": "no-such-bucket"])
        #expect(stat.contains("bucket \"no-such-bucket\" does not exist"), "\(stat)")
        #expect(stat.contains("check destBucket"), "\(stat)")
    }
}
