import ArgumentParser
import Foundation
import ImportKit

extension OSSImportCommand {
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the failed files of failed tasks again.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job name (default: every job).") var job: String?

        func run() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                let jobs = try job.map { [$0] } ?? workingDirectory.jobNames()
                if jobs.isEmpty {
                    print("no jobs is running or finished; nothing to retry.")
                    return
                }
                var total = 0
                for job in jobs {
                    let moved = try JobOperations.retry(job: job, workingDirectory: workingDirectory)
                    if moved == 0 { print("None failed tasks for job:\(job).") }
                    total += moved
                }
                if total > 0 { print("Retry has been submitted.") }
            }
        }
    }
}
