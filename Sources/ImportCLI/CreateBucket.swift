import ArgumentParser
import CurlHTTP
import Foundation
import ImportKit
import OSSClient

extension OSSImportCommand {
    /// Creates the destination bucket of a job file: for local test servers and the first-run demo.
    struct CreateBucket: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-bucket", abstract: "Create the destination bucket named in a job file (test servers).",
            shouldDisplay: false)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The job file.") var jobConfig = "conf/local_job.cfg"

        func run() async throws {
            try await reportingErrors {
                let (config, _) = try JobConfig.load(
                    path: jobConfig, environment: ProcessInfo.processInfo.environment, checkFileSystem: false)
                try await withCurlTransport(options: CurlTransportOptions()) { transport in
                    let client = OSSClient(configuration: try config.destinationClientConfiguration(), transport: transport)
                    try await client.createBucket(config.destBucket)
                }
                print("bucket \(config.destBucket) ready")
            }
        }
    }
}
