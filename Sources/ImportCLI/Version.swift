import ArgumentParser

extension OSSImportCommand {
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version.")
        func run() { print(OSSImportVersion.string) }
    }
}
