import ArgumentParser
import Foundation
import ImportKit

extension OSSImportCommand {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the job's report (master/jobs/<job>/report.html and report.json) and print its path.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job (default: every job).") var jobs: [String] = []

        func run() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                let names = jobs.isEmpty ? try workingDirectory.jobNames() : jobs
                if names.isEmpty { throw JobOperations.Failure("no job to report on: submit one first ('bash console.sh submit')") }
                for job in names {
                    let layout = workingDirectory.job(job)
                    guard FileManager.default.fileExists(atPath: layout.root) else {
                        throw JobOperations.Failure("no job named \(job)")
                    }
                    let html = try await BlockingIO.run {
                        try JobReport.build(job: job, workingDirectory: workingDirectory).write(to: layout)
                    }
                    print(html)
                }
            }
        }
    }
}
