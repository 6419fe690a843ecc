import Foundation
import Testing

/// The README's two commands work on a fresh machine (as root without `sudo`, and as a user), the test command is
/// complete, and `.ci/run` runs exactly it.
@Suite("README commands and .ci/run")
struct ReadmeCommandTests {
    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: BuiltProducts.packageRoot.path + "/" + relative, encoding: .utf8)
    }

    /// The single line of the first ```bash block after the paragraph that starts with `marker`.
    static func readmeCommand(after marker: String) throws -> String {
        let lines = try text("README.md").components(separatedBy: "\n")
        guard let at = lines.firstIndex(where: { $0.hasPrefix(marker) }),
            let open = lines[at...].firstIndex(of: "```bash"),
            let close = lines[(open + 1)...].firstIndex(of: "```")
        else { throw E2EFixture.Failure("README.md: no ```bash block after \"\(marker)\"") }
        let body = lines[(open + 1)..<close].filter { !$0.isEmpty }
        guard body.count == 1 else { throw E2EFixture.Failure("README.md: the block after \"\(marker)\" is not one line: \(body)") }
        return body[0]
    }

    static var testCommand: String { get throws { try readmeCommand(after: "Run the tests") } }
    static var demoCommand: String { get throws { try readmeCommand(after: "Run the demo") } }

    @Test(".ci/run's last command is the README's test command, character for character")
    func ciRunsTheReadmeCommand() throws {
        let commands = try Self.text(".ci/run").components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(commands.last == (try Self.testCommand), ".ci/run ends with \(commands.last ?? "nothing")")
    }

    @Test("the test command installs every Python package the tests import, in a virtual environment it puts on PATH")
    func testCommandIsComplete() throws {
        let command = try Self.testCommand
        for package in ["oss2", "boto3", "'moto[server]'", "python3-venv", "libcurl4-openssl-dev", "libssl-dev", "curl"] {
            #expect(command.contains(" \(package)"), "the test command does not install \(package): \(command)")
        }
        #expect(command.contains("python3 -m venv .venv"), "\(command)")
        #expect(command.contains("PATH=\"$PWD/.venv/bin:$PATH\" swift test"), "\(command)")
        // Every Python module the test sources import is installed by the command.
        let modules = ["oss2": "oss2", "boto3": "boto3", "moto": "'moto[server]'"]
        let sources = try ["Tests/EndToEndTests/OSS2CompatTests.swift", "Tests/compat/oss2_compat.py",
                           "Tests/ImportKitTests/Sources/S3SourceTests.swift"].map(Self.text).joined()
        for (module, package) in modules where sources.contains(module) {
            #expect(command.contains(package), "\(module) is used by a test but not installed")
        }
    }

    @Test("both commands run as root without sudo and as a user with sudo", arguments: ["Run the demo", "Run the tests"])
    func worksAsRootAndAsUser(marker: String) async throws {
        let command = try Self.readmeCommand(after: marker)
        #expect(command.hasPrefix("S=$(command -v sudo || true); "), "\(command)")
        #expect(!command.contains("sudo apt") && !command.hasPrefix("sudo "), "a bare sudo fails as root in a container: \(command)")
        let words = command.components(separatedBy: " ")
        for index in words.indices where words[index] == "apt-get" {
            #expect(index > 0 && words[index - 1] == "$S", "apt-get without $S in front: \(command)")
        }
        // The prefix, evaluated with and without a sudo on PATH (set -eu as in .ci/run), gives "" or the sudo path.
        let probe = #"set -eu; S=$(command -v sudo || true); printf '[%s]' "$S""#
        let empty = try makeTemporaryDirectory("no-sudo")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let withoutSudo = try await ProcessRunner.run(executable: "/bin/bash", args: ["-c", probe], env: ["PATH": empty])
        #expect(withoutSudo.status == 0 && withoutSudo.stdout == "[]", "\(withoutSudo)")
        try "#!/bin/sh\nexec \"$@\"\n".write(toFile: empty + "/sudo", atomically: true, encoding: .utf8)
        chmod(empty + "/sudo", 0o755)
        let withSudo = try await ProcessRunner.run(executable: "/bin/bash", args: ["-c", probe], env: ["PATH": empty])
        #expect(withSudo.stdout == "[\(empty)/sudo]", "\(withSudo)")
    }

    @Test("the README says what is not implemented yet")
    func readmeNamesWhatIsMissing() throws {
        let readme = try Self.text("README.md")
        let section = try #require(readme.components(separatedBy: "### Not implemented yet").dropFirst().first)
        for missing in ["import.bat", "console.bat", "youpai", "azure", "Distributed mode"] {
            #expect(section.prefix(800).contains(missing), "the section does not name \(missing)")
        }
    }
}
