import ArgumentParser

/// `ossimport <verb>`: the verbs of ossimport's console.sh.
public struct OSSImportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ossimport",
        abstract: "Migrate files from a local directory into Alibaba Cloud OSS, resumably and verified (CRC-64).",
        discussion: """
            Compatible with ossimport's conf/local_job.cfg and conf/sys.properties. Typical use:
              ossimport submit conf/local_job.cfg && ossimport start && ossimport stat
            """,
        version: OSSImportVersion.string,
        subcommands: [
            Submit.self, Start.self, Run.self, Stop.self, Stat.self, Report.self, Retry.self, Clean.self, Version.self, CreateBucket.self,
        ]
    )

    public init() {}
}

enum OSSImportVersion {
    static let string = "ossimport-swift 0.1.0 (ossimport 2.3.x configuration compatible)"
}

/// A verb whose work is asynchronous. `execute()` is called directly by the entry point: calling `run()` on an
/// existential command would pick ArgumentParser's synchronous default (which prints help).
public protocol OSSImportVerb: Sendable {
    func execute() async throws
}

extension OSSImportVerb where Self: AsyncParsableCommand {
    public mutating func run() async throws { try await execute() }
}

extension OSSImportCommand {
    /// Parses the command line and runs the verb; errors become a message and an exit status.
    public static func runMain() async {
        do {
            var command = try parseAsRoot()
            if let verb = command as? any OSSImportVerb {
                try await verb.execute()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
