import ArgumentParser
import Foundation
import ImportKit

extension OSSImportCommand {
    struct Stat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show job state, task counts, totals, speed and ETA.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "`detail` (accepted for ossimport compatibility) or a job name.") var words: [String] = []
        @Flag(help: "One JSON document per job, one per line (schema: README, 'stat --json').") var json = false
        @Flag(help: "One progress line per job (state, files, bytes, speed, ETA, failures), as import.sh shows it.") var line = false

        func run() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                let named = words.filter { $0 != "detail" }
                let jobs = named.isEmpty ? try workingDirectory.jobNames() : named
                if jobs.isEmpty {
                    if !json { print("no jobs is running or finished.") }
                    return
                }
                if json && line { throw JobOperations.Failure("--json and --line exclude each other: pick one") }
                for job in jobs {
                    guard FileManager.default.fileExists(atPath: workingDirectory.job(job).root) else {
                        throw JobOperations.Failure("no job named \(job)")
                    }
                    let report = try StatReport.load(job: job, workingDirectory: workingDirectory)
                    if json {
                        print(try StatJSON(report).encoded(compact: true))
                        continue
                    }
                    if line {
                        print(report.progressLine())
                        continue
                    }
                    print(report.render(), terminator: "")
                    if let drift = JobConfigDrift.check(job: job, workingDirectory: workingDirectory, path: global.jobConfigPath) {
                        print("Warning: " + drift.message(job: job))
                    }
                }
            }
        }
    }
}
