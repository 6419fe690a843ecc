import ArgumentParser
import ImportKit

extension OSSImportCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the service in the foreground until every job is finished (exit status 3 if a job failed).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingErrors {
                let sys = try global.loadSys()
                try await runForeground(global.workingDirectory(sys), sys: sys, exitWhenDone: true)
            }
        }
    }
}
