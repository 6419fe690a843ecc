import Foundation
import TestSupport
@testable import ImportKit

/// Builders for job files used by the config tests.
enum ConfigFixture {
    static let path = "conf/local_job.cfg"
    static let accessKey = "LTAI5tEXAMPLEkey"
    static let secretKey = "S3CR3T-value-never-printed"

    /// A minimal valid job file; line numbers are fixed (1 jobName … 8 destSecretKey).
    static let base: [(String, String)] = [
        ("jobName", "local_test"),
        ("srcType", "local"),
        ("srcPrefix", "/data/photos/"),
        ("destDomain", "http://oss-cn-hangzhou.aliyuncs.com"),
        ("destBucket", "mybucket"),
        ("destPrefix", ""),
        ("destAccessKey", accessKey),
        ("destSecretKey", secretKey),
    ]

    /// `base` with `overrides` replacing values in place, or appended (from line 9) when new.
    static func text(_ overrides: [(String, String)]) -> String {
        var lines = base
        for (key, value) in overrides {
            if let index = lines.firstIndex(where: { $0.0 == key }) {
                lines[index].1 = value
            } else {
                lines.append((key, value))
            }
        }
        return lines.map { "\($0.0)=\($0.1)" }.joined(separator: "\n") + "\n"
    }

    /// Parses and validates `text` without touching the file system.
    static func load(
        _ text: String, environment: [String: String] = [:], checkFileSystem: Bool = false
    ) throws(ConfigError) -> (JobConfig, warnings: [String]) {
        let file = try PropertiesFile.parse(text, path: path)
        return try JobConfig.parse(file, environment: environment, checkFileSystem: checkFileSystem)
    }

    /// The error `text` is rejected with, or nil.
    static func error(_ text: String, environment: [String: String] = [:], checkFileSystem: Bool = false) -> ConfigError? {
        do {
            _ = try load(text, environment: environment, checkFileSystem: checkFileSystem)
            return nil
        } catch {
            return error
        }
    }

    /// The repository root, found from this file's location.
    static func repositoryRoot(file: String = #filePath) -> URL {
        URL(fileURLWithPath: file)
            .deletingLastPathComponent()  // Config
            .deletingLastPathComponent()  // ImportKitTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
    }

    /// A fresh empty directory under the system temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ossimport-config-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
