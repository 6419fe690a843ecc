import CRC64
import Foundation
import OSSLocalServer

#if canImport(Glibc)
    import Glibc
#endif

/// A seeded random number generator (SplitMix64), so a failing crash run can be replayed from its printed seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A tool directory (`conf/`, working directory) for the real `ossimport` binary, a source tree and a real
/// `oss-local` process (no credentials required, so the tests can read objects with the curl CLI).
struct CrashFixture {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let bucket = "crashbucket"
    static let job = "crash_job"

    let root: String
    let server: OSSLocalProcess
    let binary: String
    /// Relative path → (size, CRC-64) of every source file.
    private(set) var files: [String: (size: Int, crc: UInt64)] = [:]

    var toolDir: String { root + "/tool" }
    var sourceDir: String { root + "/src" }
    var layoutRoot: String { toolDir + "/master/jobs/" + Self.job }
    var dataSize: Int { files.values.reduce(0) { $0 + $1.size } }

    /// Starts oss-local and writes `conf/sys.properties` and `conf/local_job.cfg` (extra keys override defaults).
    static func make(label: String, job: [String: String] = [:], sys: [String: String] = [:]) async throws -> CrashFixture {
        guard let binary = BuiltProducts.path("ossimport") else {
            throw Failure(description: "ossimport binary not found (swift build --product ossimport)")
        }
        let root = try makeTemporaryDirectory(label)
        try FileManager.default.createDirectory(atPath: root + "/tool/conf", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        let server = try await OSSLocalProcess.start(root: root + "/oss")
        let fixture = CrashFixture(root: root, server: server, binary: binary)
        var jobKeys: [String: String] = [
            "jobName": Self.job, "jobType": "import", "srcType": "local", "srcPrefix": fixture.sourceDir + "/",
            "destDomain": server.endpoint, "destBucket": Self.bucket, "destPrefix": "",
            "destAccessKey": "crash-key-id", "destSecretKey": "crash-secret-value",
            "taskObjectCountLimit": "100", "multipartUploadThreshold": "1m", "multipartUploadPartSize": "256k",
            "uploadThreadNumPerLargeFile": "3",
        ]
        jobKeys.merge(job) { $1 }
        var sysKeys = ["workingDir": ".", "workerTaskThreadNum": "8"]
        sysKeys.merge(sys) { $1 }
        try Self.properties(jobKeys).write(toFile: fixture.toolDir + "/conf/local_job.cfg", atomically: true, encoding: .utf8)
        try Self.properties(sysKeys).write(toFile: fixture.toolDir + "/conf/sys.properties", atomically: true, encoding: .utf8)
        let created = try await fixture.ossimport(["create-bucket", "conf/local_job.cfg"])
        guard created.status == 0 else { throw Failure(description: "create-bucket failed: \(created.stderr)") }
        return fixture
    }

    static func properties(_ keys: [String: String]) -> String {
        keys.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined()
    }

    /// Writes a file of `size` random bytes into the source tree and remembers its CRC-64.
    mutating func addFile(_ relative: String, size: Int, using random: inout SeededRandom) throws {
        var bytes = [UInt8](repeating: 0, count: size)
        var i = 0
        while i < size {
            var word = random.next()
            for _ in 0..<8 where i < size {
                bytes[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        let full = sourceDir + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        files[relative] = (size, CRC64.checksum(bytes))
    }

    /// Runs `ossimport args...` in the tool directory to completion.
    func ossimport(_ args: [String]) async throws -> ProcessRunner.Output {
        try await ProcessRunner.run(executable: binary, args: args, cwd: toolDir)
    }

    /// Starts `ossimport start --foreground` in the tool directory and returns at once.
    func startService(_ extra: [String] = [], env: [String: String]? = nil) throws -> RunningProcess {
        try ProcessRunner.start(executable: binary, args: ["start", "--foreground"] + extra, env: env, cwd: toolDir)
    }

    /// Runs the service until the job has no work left; kills it after `limit`.
    func runToCompletion(limit: Duration = .seconds(120), env: [String: String]? = nil) async throws -> ProcessRunner.Output {
        let service = try startService(["--exit-when-done"], env: env)
        let watchdog = Task {
            try await Task.sleep(for: limit)
            kill(service.process.processIdentifier, SIGKILL)
        }
        let status = await service.waitForExit()
        watchdog.cancel()
        return ProcessRunner.Output(status: status, stdout: service.readStdout(), stderr: service.readStderr())
    }

    /// `kill -9` and wait for the exit.
    static func killHard(_ process: RunningProcess) async {
        if process.process.isRunning { kill(process.process.processIdentifier, SIGKILL) }
        _ = await process.waitForExit()
    }

    /// The server's counters (`GET /_admin/stats`).
    func stats() async throws -> OSSLocalStats {
        let out = try await ProcessRunner.run(executable: "curl", args: ["-sf", "--max-time", "20", server.endpoint + "/_admin/stats"])
        guard out.status == 0 else { throw Failure(description: "GET /_admin/stats failed: \(out.stderr)") }
        return try JSONDecoder().decode(OSSLocalStats.self, from: Data(out.stdout.utf8))
    }

    /// Uploads ListMultipartUploads reports for the bucket.
    func listedUploads() async throws -> Int {
        let out = try await ProcessRunner.run(
            executable: "curl", args: ["-sf", "--max-time", "20", server.endpoint + "/\(Self.bucket)?uploads"])
        guard out.status == 0 else { throw Failure(description: "ListMultipartUploads failed: \(out.stderr)") }
        return out.stdout.components(separatedBy: "<Upload>").count - 1
    }

    /// HEADs every source file's object in one curl run and returns the files whose object is missing or whose
    /// size or `x-oss-hash-crc64ecma` differs from the source.
    func mismatchedObjects() async throws -> [String] {
        let keys = files.keys.sorted()
        let config = root + "/head.curlrc"
        var text = "silent\nhead\nmax-time = 600\n"
        for key in keys { text += "url = \"\(server.endpoint)/\(Self.bucket)/\(key)\"\n" }
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let out = try await ProcessRunner.run(executable: "curl", args: ["-K", config])
        var blocks: [[String: String]] = []
        for line in out.stdout.split(separator: "\r\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("HTTP/") {
                blocks.append(["status": String(line.split(separator: " ")[1])])
            } else if let colon = line.firstIndex(of: ":"), !blocks.isEmpty {
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                blocks[blocks.count - 1][name] = value
            }
        }
        guard blocks.count == keys.count else {
            throw Failure(description: "HEAD of \(keys.count) objects gave \(blocks.count) answers (curl \(out.status))")
        }
        var bad: [String] = []
        for (key, headers) in zip(keys, blocks) {
            let expected = files[key]!
            if headers["status"] != "200" || headers["content-length"] != String(expected.size)
                || headers["x-oss-hash-crc64ecma"] != String(expected.crc)
            {
                bad.append(key)
            }
        }
        return bad
    }

    /// Task directory names under `master/jobs/<job>/<state>` (`succeed_tasks`, `failed_tasks`, `pending_tasks`),
    /// or under every host of `dispatched`.
    func tasks(_ state: String) -> [String] {
        let fm = FileManager.default
        if state == "dispatched" {
            let hosts = (try? fm.contentsOfDirectory(atPath: layoutRoot + "/dispatched")) ?? []
            return hosts.flatMap { (try? fm.contentsOfDirectory(atPath: layoutRoot + "/dispatched/" + $0)) ?? [] }
        }
        return (try? fm.contentsOfDirectory(atPath: layoutRoot + "/" + state)) ?? []
    }

    /// `OK` lines of the audit logs of succeeded tasks: relative path → how many times.
    func uploadedPaths() throws -> [String: Int] {
        var seen: [String: Int] = [:]
        for task in tasks("succeed_tasks") {
            let audit = try String(contentsOfFile: layoutRoot + "/succeed_tasks/\(task)/audit.log", encoding: .utf8)
            for line in audit.split(separator: "\n") where line.hasPrefix("OK\t") {
                seen[String(line.split(separator: "\t")[1]), default: 0] += 1
            }
        }
        return seen
    }

    /// `status.json`'s counters, decoded loosely (the sealed file is JSON followed by a CRC line).
    func statusCounters() -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: layoutRoot + "/status.json"),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let json = text.split(separator: "\n").first { $0.hasPrefix("{") }.map(String.init) ?? text
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    func cleanUp() async {
        _ = await server.stop()
        try? FileManager.default.removeItem(atPath: root)
    }
}
