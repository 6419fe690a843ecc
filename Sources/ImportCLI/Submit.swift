import ArgumentParser
import Foundation
import ImportKit

extension OSSImportCommand {
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a job (validates the job file and freezes a copy).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job file.") var jobConfig = "conf/local_job.cfg"

        func run() async throws {
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
}
