import ArgumentParser
import ImportCLI

/// The entry point: ArgumentParser's `AsyncParsableCommand.main()` parses the command line, runs the verb and turns
/// an error into its message and exit status.
@main
extension OSSImportCommand {}
