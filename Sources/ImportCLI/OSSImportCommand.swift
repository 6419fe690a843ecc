import ArgumentParser

/// `ossimport <verb>`: the verbs of ossimport's console.sh. The `ossimport` executable marks it `@main`; tests
/// parse it without running it.
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
