import Foundation
import Testing

/// Runs Alibaba's official Python SDK (`oss2`) against the built `oss-local` binary, with V1 and V4 signatures.
@Suite("oss2 compatibility")
struct OSS2CompatTests {
    @Test("oss2 (V1 and V4) passes every compat check against oss-local")
    func oss2CompatScript() async throws {
        let probe = try? await ProcessRunner.run(executable: "python3", args: ["-c", "import oss2; print(oss2.__version__)"])
        guard let probe, probe.status == 0 else {
            Issue.record("python3 with the oss2 package is required for this test (pip install oss2): \(probe?.stderr ?? "python3 not found")")
            return
        }
        let root = try makeTemporaryDirectory("oss2-compat")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let server = try await OSSLocalProcess.start(
            root: root, extraArgs: ["--access-key-id", "compat-id", "--access-key-secret", "compat-secret"])
        let script = BuiltProducts.packageRoot.appendingPathComponent("Tests/compat/oss2_compat.py").path
        let result = try await ProcessRunner.run(
            executable: "python3",
            args: [script, "--endpoint", server.endpoint, "--access-key-id", "compat-id", "--access-key-secret", "compat-secret"])
        let exit = await server.stop()
        #expect(result.status == 0, "oss2_compat.py failed:\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains(" passed, 0 failed"), "unexpected output:\n\(result.stdout)")
        #expect(exit == 0, "oss-local did not shut down cleanly on SIGTERM: \(server.process.readStderr())")
    }
}
