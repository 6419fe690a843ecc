import ArgumentParser
import Foundation
import ImportKit

extension OSSImportCommand {
    struct Clean: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a job and all its state.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job name (default: the job of conf/local_job.cfg).") var job: String?

        func run() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                let workingDirectory = global.workingDirectory(sys)
                // Refused before anything is printed or deleted.
                if let pid = ServiceLock.runningPid(workingDirectory) {
                    throw JobOperations.Failure(
                        "the import service is running (pid \(pid)); nothing was deleted — stop it first (bash console.sh stop), then clean"
                    )
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
}
