public import ArgumentParser
public struct OSSImportCommand: AsyncParsableCommand { public init() {} 
public static let configuration = CommandConfiguration(commandName: "ossimport")
public func run() async throws {} }
