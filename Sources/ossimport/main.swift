import ArgumentParser
import ImportCLI

await OSSImportCommand.main()
