import Foundation
import OSSCore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One end-to-end scenario: a temp dir holding an `oss-local` process (with keys), a source tree and a tool
/// directory (`conf/`, `console.sh`, `import.sh`) whose scripts run the built `ossimport` via `OSSIMPORT_BIN`.
struct E2EFixture {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static let keyID = "e2e-key-id"
    static let secret = "e2e-secret-value"
    static let bucket = "e2e-bucket"
    static let jobName = "e2e_job"

    let root: String
    /// The tool directory (what a user unpacks): conf/, console.sh, import.sh, and the state the tool writes.
    let tool: String
    /// The source directory, ending without `/`.
    let source: String
    let server: OSSLocalProcess
    let binary: String

    /// Starts oss-local with keys, creates the bucket and writes the tool directory. `job` and `sys` override
    /// keys of the shipped `conf/local_job.cfg` and `conf/sys.properties`.
    static func make(_ label: String, job: [String: String] = [:], sys: [String: String] = [:]) async throws -> E2EFixture {
        guard let binary = BuiltProducts.path("ossimport") else {
            throw Failure("ossimport binary not found (build it with `swift build --product ossimport`)")
        }
        let root = try makeTemporaryDirectory("e2e-\(label)")
        let tool = root + "/tool"
        let source = root + "/src"
        let fm = FileManager.default
        try fm.createDirectory(atPath: tool + "/conf", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: source, withIntermediateDirectories: true)
        let server = try await OSSLocalProcess.start(
            root: root + "/oss", extraArgs: ["--access-key-id", keyID, "--access-key-secret", secret])
        let fixture = E2EFixture(root: root, tool: tool, source: source, server: server, binary: binary)
        let repo = BuiltProducts.packageRoot.path
        for script in ["console.sh", "import.sh"] {
            try fm.copyItem(atPath: repo + "/" + script, toPath: tool + "/" + script)
        }
        var jobValues = [
            "srcPrefix": source + "/", "destDomain": server.endpoint, "destBucket": bucket,
            "destAccessKey": keyID, "destSecretKey": secret, "jobName": jobName, "taskObjectCountLimit": "50",
            "multipartUploadThreshold": "1m", "multipartUploadPartSize": "256k",
        ]
        jobValues.merge(job) { $1 }
        var sysValues = ["workerTaskThreadNum": "8"]
        sysValues.merge(sys) { $1 }
        try fixture.writeConfig("local_job.cfg", jobValues)
        try fixture.writeConfig("sys.properties", sysValues)
        let (status, body) = try await fixture.request("PUT", key: nil)
        guard status == 200 else {
            _ = await server.stop()
            throw Failure("cannot create bucket: HTTP \(status) \(String(decoding: body, as: UTF8.self))")
        }
        return fixture
    }

    /// Rewrites `conf/<name>` from the shipped file: each `key=` line of `values` gets the new value.
    func writeConfig(_ name: String, _ values: [String: String]) throws {
        let shipped = try String(contentsOfFile: BuiltProducts.packageRoot.path + "/conf/" + name, encoding: .utf8)
        var remaining = values
        var lines: [String] = []
        for line in shipped.split(separator: "\n", omittingEmptySubsequences: false) {
            if let eq = line.firstIndex(of: "="), !line.hasPrefix("#"),
               let value = remaining.removeValue(forKey: String(line[..<eq]))
            {
                lines.append(line[..<eq] + "=" + value)
            } else {
                lines.append(String(line))
            }
        }
        for (key, value) in remaining.sorted(by: { $0.key < $1.key }) { lines.append("\(key)=\(value)") }
        try lines.joined(separator: "\n").write(toFile: tool + "/conf/" + name, atomically: true, encoding: .utf8)
    }

    /// Stops the service (if any) and the server, and deletes everything.
    func tearDown() async {
        _ = try? await console("stop")
        await checkConsistency()
        _ = await server.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    // MARK: running the scripts

    /// `bash console.sh ARGS` in the tool directory, stdin not a terminal.
    func console(_ args: String..., stdin: String? = nil) async throws -> ProcessRunner.Output {
        try await bash(["console.sh"] + args, stdin: stdin)
    }

    /// `bash import.sh ARGS` in the tool directory with `stdin` (empty: immediate end of file).
    func importScript(_ args: [String], stdin: String? = nil) async throws -> ProcessRunner.Output {
        try await bash(["import.sh"] + args, stdin: stdin)
    }

    /// Runs bash with a time limit (coreutils `timeout`), so a script that loops forever fails the test
    /// instead of hanging the suite.
    func bash(_ args: [String], stdin: String?, timeLimitSeconds: Int = 150) async throws -> ProcessRunner.Output {
        let output = try await ProcessRunner.run(
            executable: "timeout", args: ["--kill-after=5", String(timeLimitSeconds), "bash"] + args,
            env: ["OSSIMPORT_BIN": binary], cwd: tool, stdin: stdin.map { Data($0.utf8) })
        if output.status == 124 || output.status == 137 {
            throw Failure("bash \(args.joined(separator: " ")) did not finish within \(timeLimitSeconds) s:\n\(output.stdout)\(output.stderr)")
        }
        return output
    }

    /// Polls `console.sh stat` until it prints `JobState:<one of states>`; returns the last output.
    func waitForJobState(_ states: Set<String>, timeout: Duration = .seconds(120)) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last = ""
        while clock.now < deadline {
            let stat = try await console("stat")
            last = stat.stdout + stat.stderr
            if let state = Self.value(of: "JobState", in: last), states.contains(state) { return last }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw Failure("job did not reach \(states.sorted()) within \(timeout); last stat:\n\(last)")
    }

    /// The value of a `Name:value` line.
    static func value(of name: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return String(line.dropFirst(name.count + 1))
        }
        return nil
    }

    // MARK: source tree

    /// Writes files under the source directory (parents created).
    func writeSource(_ files: [String: [UInt8]]) throws {
        for (path, bytes) in files {
            let full = source + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
                throw Failure("cannot write \(full)")
            }
        }
    }

    func makeSourceDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: source + "/" + path, withIntermediateDirectories: true)
    }

    static func pattern(_ count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31 &+ seed &* 7) % 251) }
    }

    // MARK: state directories

    var jobDirectory: String { tool + "/master/jobs/" + Self.jobName }

    /// Entries of a directory under the tool directory (empty if it does not exist).
    func list(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: tool + "/" + relative)) ?? []).sorted()
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: tool + "/" + relative, encoding: .utf8)
    }

    // MARK: the server

    /// A V1-signed request to the bucket (key nil: the bucket itself).
    func request(_ method: String, key: String?) async throws -> (status: Int, body: Data) {
        var signing = OSSSigningRequest(method: method, bucket: Self.bucket, key: key)
        OSSSignerV1.sign(&signing, credentials: OSSCredentials(accessKeyId: Self.keyID, accessKeySecret: Self.secret), date: Date())
        let path = "/" + Self.bucket + "/" + (key.map(OSSPercentEncoding.encodePath) ?? "")
        guard let url = URL(string: server.endpoint + path) else { throw Failure("bad URL for key \(key ?? "")") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        for field in signing.headers { request.setValue(field.value, forHTTPHeaderField: field.name) }
        return try await send(request)
    }

    /// An object's bytes, or a failure naming the HTTP status.
    func object(_ key: String) async throws -> [UInt8] {
        let (status, body) = try await request("GET", key: key)
        guard status == 200 else { throw Failure("GET \(key): HTTP \(status) \(String(decoding: body, as: UTF8.self))") }
        return Array(body)
    }

    /// `POST /_admin/faults` with a fault rule as JSON.
    func addFault(_ json: String) async throws {
        try await admin("POST", "faults", body: json)
    }

    /// `DELETE /_admin/faults`.
    func clearFaults() async throws {
        try await admin("DELETE", "faults")
    }

    /// `GET /_admin/stats`: requests per operation (`PutObject`, `UploadPart`, ...).
    func requestsByOperation() async throws -> [String: Int] {
        let data = try await admin("GET", "stats")
        struct Stats: Decodable { var requestsByOperation: [String: Int] }
        return try JSONDecoder().decode(Stats.self, from: data).requestsByOperation
    }

    @discardableResult
    func admin(_ method: String, _ name: String, body: String? = nil) async throws -> Data {
        guard let url = URL(string: server.endpoint + "/_admin/" + name) else { throw Failure("bad admin URL") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        let (status, data) = try await send(request)
        guard (200..<300).contains(status) else {
            throw Failure("\(method) /_admin/\(name): HTTP \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    private func send(_ request: URLRequest) async throws -> (status: Int, body: Data) {
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure("no HTTP response") }
        return (http.statusCode, data)
    }
}
