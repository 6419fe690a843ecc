import ArgumentParser
import Foundation
import ImportKit

extension OSSImportCommand {
    struct Submit: AsyncParsableCommand, OSSImportVerb {
        static let configuration = CommandConfiguration(abstract: "Submit a job (validates the job file and freezes a copy).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job file.") var jobConfig = "conf/local_job.cfg"

        func execute() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                let absolute = URL(fileURLWithPath: jobConfig).standardizedFileURL.path
                print("submit job:\(absolute)")
                let (job, warnings) = try JobOperations.submit(
                    configPath: jobConfig, workingDirectory: workingDirectory,
                    environment: ProcessInfo.processInfo.environment)
                for warning in warnings { print("Warning: \(warning)") }
                print("submit job:\(job) success!")
            }
        }
    }

    struct Clean: AsyncParsableCommand, OSSImportVerb {
        static let configuration = CommandConfiguration(abstract: "Delete a job and all its state.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job name (default: the job of conf/local_job.cfg).") var job: String?

        func execute() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                // Refused before anything is printed or deleted.
                if let pid = ServiceLock.runningPid(workingDirectory) {
                    throw JobOperations.Failure(
                        "the import service is running (pid \(pid)); nothing was deleted — stop it first (bash console.sh stop), then clean")
                }
                guard let job = job ?? global.defaultJob(workingDirectory) else {
                    print("no jobs is running or finished.")
                    return
                }
                print("delete jobs dir:./master/jobs/\(job)/")
                try JobOperations.clean(job: job, workingDirectory: workingDirectory)
                print("Clean job:\(job) completed.")
            }
        }
    }

    struct Retry: AsyncParsableCommand, OSSImportVerb {
        static let configuration = CommandConfiguration(abstract: "Run the failed files of failed tasks again.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job name (default: every job).") var job: String?

        func execute() async throws {
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

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version.")
        func run() { print(OSSImportVersion.string) }
    }
}
