import Foundation
import TestSupport
import Testing

@testable import ImportKit

/// `stat` (and `stat --json`, metrics, report) right after the last task of a job ended, before the service wrote
/// its next status: the state comes from the task directories (Succeed), so must the counters, never the live
/// status of a second ago.
@Suite struct StatReportFreshnessTests {
    @Test func endedJobCountsComeFromTheTaskDirectoriesNotAStaleLiveStatus() async throws {
        try await withTestBed { h in
            for i in 0..<10 { try h.source.file("f\(i).txt", "file \(i)") }
            let (state, layout) = try await h.run(h.runnerSettings())
            #expect(state == .succeed)

            // A service runs the working directory, and its status.json is a second old: Running, fewer files done.
            let lock = try ServiceLock(workingDirectory: layout.workingDirectory)
            var stale = try #require(JobStateStore(layout).status())
            stale.state = .running
            stale.pid = getpid()
            stale.doneFiles = 4
            stale.uploadedFiles = 4
            stale.uploadedBytes = 24
            try JobStateStore(layout).write(stale)

            let report = try StatReport.load(job: layout.name, workingDirectory: layout.workingDirectory)
            #expect(report.state == .succeed)
            let json = StatJSON(report)
            #expect(json.files.done == 10 && json.files.uploaded == 10, "\(json.files)")
            #expect(report.render().contains("Files: 10/10 done: 10 uploaded, 0 skipped, 0 failed"), "\(report.render())")
            withExtendedLifetime(lock) {}
        }
    }
}
