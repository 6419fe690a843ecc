import ArgumentParser
import ImportKit

extension OSSImportCommand {
    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the service gracefully: transfers in flight are cancelled and resume on the next start.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Seconds to wait before killing the service.") var timeout = 60

        func run() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                try await ServiceProcess.stop(global.workingDirectory(sys), timeoutSeconds: timeout) {
                    printError("Warning: the service did not stop within \(timeout) s; killing it (it resumes from its checkpoint)")
                }
                print("Stop import service completed.")
            }
        }
    }
}
