import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Bad input never crashes (issue 4 §6), through the real binary: one clear `Error:` line, a non-zero exit, no
/// stack trace or "Fatal error", and the state of an already submitted job left exactly as it was.
@Suite struct BadInputTests {
    /// A tool directory with `conf/`, a source directory and one job (`good_job`) already submitted.
    struct Tool {
        let root: String
        let binary: String
        var conf: String { root + "/conf" }
        var source: String { root + "/src/" }

        static func make(_ label: String) async throws -> Tool {
            let binary = try #require(BuiltProducts.path("ossimport"), "ossimport binary not built")
            let root = try makeTemporaryDirectory(label)
            try FileManager.default.createDirectory(atPath: root + "/conf", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
            try "hello".write(toFile: root + "/src/a.txt", atomically: true, encoding: .utf8)
            let tool = Tool(root: root, binary: binary)
            try "workingDir=.\n".write(toFile: tool.conf + "/sys.properties", atomically: true, encoding: .utf8)
            try tool.jobText(name: "good_job").write(toFile: tool.conf + "/good.cfg", atomically: true, encoding: .utf8)
            let submitted = try await tool.run(["submit", "conf/good.cfg"])
            try #require(submitted.status == 0, "\(submitted.stderr)")
            return tool
        }

        func jobText(name: String, extra: String = "") -> String {
            """
            jobName=\(name)
            srcType=local
            srcPrefix=\(source)
            destDomain=http://127.0.0.1:9
            destBucket=bucket
            destAccessKey=bad-input-key
            destSecretKey=bad-input-secret
            \(extra)
            """
        }

        func run(_ args: [String]) async throws -> ProcessRunner.Output {
            try await ProcessRunner.run(executable: binary, args: args, cwd: root)
        }

        /// Every file under `master/` with its bytes: the job state that must stay intact.
        func stateSnapshot() -> [String: Data] {
            var files: [String: Data] = [:]
            let base = root + "/master"
            guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
            while let relative = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[relative] = FileManager.default.contents(atPath: base + "/" + relative) ?? Data()
                }
            }
            return files
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// A clear failure: non-zero exit, one `Error:` line on stderr (warnings aside), nothing that looks like a crash.
    static func expectClearError(
        _ out: ProcessRunner.Output, mentioning: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(out.status != 0, sourceLocation: sourceLocation)
        #expect(out.status < 128, "killed by a signal? \(out.status)", sourceLocation: sourceLocation)
        let errors = out.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
        #expect(errors.count == 1, "stderr: \(out.stderr)", sourceLocation: sourceLocation)
        #expect(errors.first?.contains(mentioning) == true, "stderr: \(out.stderr)", sourceLocation: sourceLocation)
        for crash in ["Fatal error", "Stack dump", "Current stack trace", "Illegal instruction", "Segmentation fault"] {
            #expect(!out.stderr.contains(crash) && !out.stdout.contains(crash), "\(crash): \(out.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!out.stderr.contains("bad-input-secret"), sourceLocation: sourceLocation)
    }

    static let badJobValues: [(String, String)] = [
        ("srcType", "ftp"), ("srcPrefix", "relative/dir/"), ("srcPrefix", "/no/trailing/slash"), ("srcPrefix", ""),
        ("destDomain", "not a url"), ("destDomain", "ftp://host"), ("destBucket", "Bad_Bucket"), ("destBucket", ""),
        ("destPrefix", "/abs"), ("destAccessKey", ""), ("jobName", "bad/name"), ("jobName", "x"), ("jobType", "audit2"),
        ("importSince", "abc"), ("importSince", "-5"), ("lastModify", "x"), ("isSkipExistFile", "maybe"),
        ("isIncremental", "x"), ("incrementalModeInterval", "x"), ("taskObjectCountLimit", "-1"),
        ("taskObjectCountLimit", "99999999999999999999"), ("taskObjectSizeLimit", "10q"),
        ("multipartUploadThreshold", "abc"), ("multipartUploadThreshold", "1t"), ("multipartUploadPartSize", "10g"),
        ("uploadThreadNumPerLargeFile", "0"), ("uploadThreadNumPerLargeFile", "1e3"), ("isAllowSymbolicLink", "perhaps"),
        ("isAuditAfterImport", "x"), ("auditMode", "x"), ("getObjectMetaMode", "x"), ("scanThreadCount", "x"),
        ("maxMultiThreadScanDepth", "x"), ("appId", "x"), ("httpPrefixColumn", "x"), ("relativePathColumn", "-1"),
        ("destSignatureVersion", "v9"), ("destStorageClass", "Freezing"), ("serverSideEncryptionAlgorithm", "RSA"),
        // unknown keys: their value would not apply (issue 9 §9)
        ("destPrefx", "photos/"), ("DestBucket", "bucket"), ("workerMaxThroughput", "100"), ("someNewKey", "1"),
    ]

    @Test(arguments: badJobValues)
    func malformedJobValueIsOneClearError(_ key: String, _ value: String) async throws {
        let tool = try await Tool.make("badjob")
        defer { tool.remove() }
        let before = tool.stateSnapshot()
        try tool.jobText(name: "bad_input_job", extra: "\(key)=\(value)")
            .write(toFile: tool.conf + "/bad.cfg", atomically: true, encoding: .utf8)
        let out = try await tool.run(["submit", "conf/bad.cfg"])
        Self.expectClearError(out, mentioning: "\(key):")
        #expect(tool.stateSnapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: tool.root + "/master/jobs/bad_input_job"))
    }

    static let badSysValues: [(String, String)] = [
        ("workerTaskThreadNum", "0"), ("workerTaskThreadNum", "many"), ("workerMaxThroughput(KB/s)", "fast"),
        ("workerRecordMd5", "maybe"), ("dispatcherThreadNum", "x"), ("sshPort", "x"),
        ("workerAbortWhenUncatchedException", "sometimes"),
        ("workerMaxThroughput", "100"), ("workerTaskThreadNumber", "10"),  // near misses of known keys
    ]

    /// Every verb reads sys.properties first: a bad value stops `submit`, `start` and `stat` alike.
    @Test(arguments: badSysValues)
    func malformedSysValueIsOneClearError(_ key: String, _ value: String) async throws {
        let tool = try await Tool.make("badsys")
        defer { tool.remove() }
        let before = tool.stateSnapshot()
        try "workingDir=.\n\(key)=\(value)\n".write(toFile: tool.conf + "/sys.properties", atomically: true, encoding: .utf8)
        for verb in [["submit", "conf/good.cfg"], ["start", "--foreground", "--exit-when-done"], ["stat"]] {
            let out = try await tool.run(verb)
            Self.expectClearError(out, mentioning: "\(key):")
        }
        #expect(tool.stateSnapshot() == before)
    }

    @Test func emptyBinaryAndMissingConfigFiles() async throws {
        let tool = try await Tool.make("badfiles")
        defer { tool.remove() }
        let before = tool.stateSnapshot()
        try Data().write(to: URL(fileURLWithPath: tool.conf + "/empty.cfg"))
        Self.expectClearError(try await tool.run(["submit", "conf/empty.cfg"]), mentioning: "empty.cfg")
        let binary = Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        try binary.write(to: URL(fileURLWithPath: tool.conf + "/binary.cfg"))
        Self.expectClearError(try await tool.run(["submit", "conf/binary.cfg"]), mentioning: "binary.cfg")
        Self.expectClearError(try await tool.run(["submit", "conf/missing.cfg"]), mentioning: "missing.cfg")
        Self.expectClearError(try await tool.run(["submit", "conf"]), mentioning: "conf")
        #expect(tool.stateSnapshot() == before)

        // A binary sys.properties stops every verb.
        try binary.write(to: URL(fileURLWithPath: tool.conf + "/sys.properties"))
        Self.expectClearError(try await tool.run(["stat"]), mentioning: "sys.properties")
        Self.expectClearError(try await tool.run(["start", "--foreground", "--exit-when-done"]), mentioning: "sys.properties")
        #expect(tool.stateSnapshot() == before)
    }

    /// A working directory that cannot exist (below a regular file).
    @Test func impossibleWorkingDirectory() async throws {
        let tool = try await Tool.make("badworkdir")
        defer { tool.remove() }
        try "workingDir=\(tool.source)a.txt/work\n".write(toFile: tool.conf + "/sys.properties", atomically: true, encoding: .utf8)
        Self.expectClearError(try await tool.run(["start", "--foreground", "--exit-when-done"]), mentioning: "Not a directory")
        Self.expectClearError(try await tool.run(["submit", "conf/good.cfg"]), mentioning: "Not a directory")
        Self.expectClearError(try await tool.run(["stat"]), mentioning: "Not a directory")
        #expect(try String(contentsOfFile: tool.source + "a.txt", encoding: .utf8) == "hello")
    }

    @Test(.enabled(if: getuid() != 0, "root writes into read-only directories"))
    func readOnlyWorkingDirectory() async throws {
        let tool = try await Tool.make("readonly")
        defer { tool.remove() }
        let before = tool.stateSnapshot()
        chmod(tool.root + "/master", 0o555)
        defer { chmod(tool.root + "/master", 0o755) }
        try tool.jobText(name: "second_job").write(toFile: tool.conf + "/second.cfg", atomically: true, encoding: .utf8)
        Self.expectClearError(try await tool.run(["submit", "conf/second.cfg"]), mentioning: "ermission")
        Self.expectClearError(try await tool.run(["start", "--foreground", "--exit-when-done"]), mentioning: "ermission")
        #expect(tool.stateSnapshot() == before)
    }

    /// A full disk while state is written: a 64 KiB tmpfs (needs root and mount; skipped otherwise) holds the
    /// working directory, filled up after the first job was submitted.
    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func fullDiskWhileWritingState() async throws {
        let tool = try await Tool.make("fulldisk")
        defer { tool.remove() }
        let mountPoint = tool.root + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try await ProcessRunner.run(executable: "mount", args: ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint])
        guard mounted.status == 0 else {
            print("full-disk test skipped: cannot mount a tmpfs here (\(mounted.stderr))")
            return
        }
        defer { _ = umount(mountPoint) }
        try "workingDir=\(mountPoint)\n".write(toFile: tool.conf + "/sys.properties", atomically: true, encoding: .utf8)
        let first = try await tool.run(["submit", "conf/good.cfg"])
        try #require(first.status == 0, "\(first.stderr)")
        let jobRoot = mountPoint + "/master/jobs/good_job"
        let frozen = try #require(FileManager.default.contents(atPath: jobRoot + "/job.cfg"))
        // Fill the file system.
        let filler = FileHandle(forWritingAtPath: mountPoint + "/filler") ?? {
            FileManager.default.createFile(atPath: mountPoint + "/filler", contents: nil)
            return FileHandle(forWritingAtPath: mountPoint + "/filler")!
        }()
        while (try? filler.write(contentsOf: Data(count: 4096))) != nil {}
        try? filler.close()

        try tool.jobText(name: "second_job").write(toFile: tool.conf + "/second.cfg", atomically: true, encoding: .utf8)
        Self.expectClearError(try await tool.run(["submit", "conf/second.cfg"]), mentioning: "No space left")
        let started = try await tool.run(["start", "--foreground", "--exit-when-done"])
        Self.expectClearError(started, mentioning: "No space left")
        #expect(FileManager.default.contents(atPath: jobRoot + "/job.cfg") == frozen, "the submitted job file is intact")
        #expect(!FileManager.default.fileExists(atPath: mountPoint + "/master/jobs/second_job/job.cfg"))
    }
}
