import Foundation
import Testing

/// `bash console.sh package`: a release build with the Swift standard library linked in, packed as ossimport's
/// layout; the package then runs the one-click demo with no Swift toolchain on its library path.
@Suite("console.sh package", .serialized)
struct PackageTests {
    @Test("package: a tarball of bin/, conf/ and the scripts whose binaries need no Swift runtime library; it runs the demo")
    func packageRunsWithoutTheToolchain() async throws {
        let repo = BuiltProducts.packageRoot.path
        let work = try makeTemporaryDirectory("e2e-package")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let tarball = work + "/ossimport.tar.gz"

        let build = try await ProcessRunner.run(executable: "bash", args: ["console.sh", "package", tarball], cwd: repo)
        let log = (try? String(contentsOfFile: repo + "/logs/package.log", encoding: .utf8)) ?? ""
        try #require(build.status == 0, "\(build.stdout)\(build.stderr)\n\(log.suffix(3000))")
        #expect(build.stdout.contains("package: \(tarball)"), "\(build.stdout)")
        #expect(build.stdout.range(of: #"sha256: [0-9a-f]{64}"#, options: .regularExpression) != nil, "\(build.stdout)")

        let unpack = try await ProcessRunner.run(executable: "tar", args: ["-xzf", tarball, "-C", work])
        try #require(unpack.status == 0, "\(unpack.stderr)")
        let top = try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.hasPrefix("ossimport-") }
        try #require(top.count == 1, "one top directory ossimport-<version>: \(top)")
        let root = work + "/" + top[0]
        for file in ["bin/ossimport", "bin/oss-local", "conf/sys.properties", "conf/local_job.cfg", "console.sh", "import.sh", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: root + "/" + file), "\(file) missing from the package")
        }
        for binary in ["bin/ossimport", "bin/oss-local"] {
            let ldd = try await ProcessRunner.run(executable: "ldd", args: [root + "/" + binary])
            #expect(ldd.status == 0, "\(ldd.stderr)")
            #expect(!ldd.stdout.contains("libswift") && !ldd.stdout.contains("libFoundation") && !ldd.stdout.contains("libdispatch"),
                    "\(binary) needs the Swift runtime:\n\(ldd.stdout)")
            #expect(!ldd.stdout.contains("not found"), "\(binary):\n\(ldd.stdout)")
        }

        // The shipped configuration is the demo: port 9000 and /tmp/ossimport-sample/ are fixed by it, so one such
        // run at a time on a machine (the lock ScriptDestinationTests takes too). No OSSIMPORT_BIN, a bare PATH.
        let demo = try await ProcessRunner.run(
            executable: "env",
            args: ["-i", "PATH=/usr/bin:/bin", "HOME=\(work)", "LANG=C.UTF-8",
                   "flock", "/tmp/ossimport-shipped-demo.lock", "timeout", "150", "bash", "import.sh", "--interval", "1"],
            cwd: root)
        let text = demo.stdout + demo.stderr
        #expect(demo.status == 0, "\(text)")
        #expect(text.contains("Import to oss completed."), "\(text)")
        #expect(!text.contains("Building ossimport"), "the package built instead of using bin/: \(text)")
    }

    @Test("package outside a source checkout says so, and builds nothing")
    func packageNeedsASourceCheckout() async throws {
        let tool = try makeTemporaryDirectory("e2e-package-none")
        defer { try? FileManager.default.removeItem(atPath: tool) }
        try FileManager.default.copyItem(atPath: BuiltProducts.packageRoot.path + "/console.sh", toPath: tool + "/console.sh")
        let run = try await ProcessRunner.run(executable: "bash", args: ["console.sh", "package"], cwd: tool)
        #expect(run.status == 1)
        #expect(run.stderr.contains("'package' builds from a source checkout"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tool + "/.build-package"))
    }
}
