import ImportCLI

await OSSImportCommand.runMain()
