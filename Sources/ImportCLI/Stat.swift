import ArgumentParser
import Foundation
import ImportKit

extension OSSImportCommand {
    struct Stat: AsyncParsableCommand, OSSImportVerb {
        static let configuration = CommandConfiguration(abstract: "Show job state, task counts, totals, speed and ETA.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "`detail` (accepted for ossimport compatibility) or a job name.") var words: [String] = []

        func execute() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                let named = words.filter { $0 != "detail" }
                let jobs = named.isEmpty ? try workingDirectory.jobNames() : named
                if jobs.isEmpty {
                    print("no jobs is running or finished.")
                    return
                }
                for job in jobs {
                    guard FileManager.default.fileExists(atPath: workingDirectory.job(job).root) else {
                        throw JobOperations.Failure("no job named \(job)")
                    }
                    print(try StatReport.load(job: job, workingDirectory: workingDirectory).render(), terminator: "")
                    if let drift = JobConfigDrift.check(job: job, workingDirectory: workingDirectory, path: global.jobConfigPath) {
                        print("Warning: " + drift.message(job: job))
                    }
                }
            }
        }
    }
}
