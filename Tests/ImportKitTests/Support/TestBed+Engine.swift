import CRC64
import Foundation
import OSSClient
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// The engine on a ``TestBed``: job settings over `bed.source`, runs in `bed.work`, and assertions on the bytes
/// on the server.
extension TestBed {
    /// Settings for the fault suites: tasks of 5 files and small parts, so a 1 MiB file is four parts.
    func settings(_ adjust: (inout JobSettings) -> Void = { _ in }) -> JobSettings {
        var settings = JobSettings(jobName: "fault_job", srcPrefix: source.path + "/", destBucket: Self.bucket, destPrefix: "")
        settings.taskObjectCountLimit = 5
        settings.multipartThreshold = 512 * 1024
        settings.partSize = 256 * 1024
        settings.partConcurrency = 2
        settings.fileConcurrency = 4
        // A loaded CI machine (every suite at once on 2 cores) can keep an in-process server from answering the
        // start-up probe within its 10 s default; the probe's own tests set it short where they need to.
        settings.probeTimeoutSeconds = 60
        adjust(&settings)
        return settings
    }

    /// Settings for the job runner and source suites: tasks of 7 files, multipart above 1 MiB, keys under `prefix`.
    func runnerSettings(prefix: String = "backup/") -> JobSettings {
        var settings = JobSettings(jobName: "test_job", srcPrefix: source.path + "/", destBucket: Self.bucket, destPrefix: prefix)
        settings.taskObjectCountLimit = 7
        settings.multipartThreshold = 1 << 20
        settings.partSize = 256 * 1024
        settings.fileConcurrency = 8
        settings.probeTimeoutSeconds = 60  // see settings(_:)
        return settings
    }

    /// Runs the job to its end with `client` (default: the hooked ``client``); says why when it did not succeed.
    func run(_ settings: JobSettings, client: OSSClient? = nil) async throws -> (JobState, JobLayout) {
        let layout = WorkingDirectory(work.path).job(settings.jobName)
        try layout.createDirectories()
        let runner = JobRunner(layout: layout, settings: settings, client: client ?? self.client, log: EventLog())
        let state = try await runner.run()
        if state != .succeed { Self.printWhy(layout) }
        return (state, layout)
    }

    /// Prints why a job did not succeed (its stop record and failed files), so a failure under load says why.
    static func printWhy(_ layout: JobLayout) {
        if let stop = JobStopRecord.read(layout) { print("job \(layout.name) stopped: \(stop.reason)") }
        let store = TaskStore(layout: layout, host: "localhost")
        for task in (try? store.tasks(in: .failed)) ?? [] {
            let audit = (try? String(contentsOfFile: task.directory + "/audit.log", encoding: .utf8)) ?? ""
            for line in audit.split(separator: "\n") where !line.hasPrefix("OK") && !line.hasPrefix("#") && !line.hasPrefix("SKIPPED") {
                print("job \(layout.name) task \(task.id): \(line)")
            }
        }
    }

    /// Writes the files into the source tree.
    func write(_ files: [String: [UInt8]]) throws {
        for (path, bytes) in files { try source.file(path, bytes) }
    }

    /// Every file of `files` is on the server with exactly these bytes and a matching CRC-64.
    func expectUploaded(_ files: [String: [UInt8]], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let (info, body) = try await checker.getObject(bucket: Self.bucket, key: path)
            #expect(
                body == bytes, "\(path): \(body.count) bytes on the server, \(bytes.count) in the source", sourceLocation: sourceLocation)
            #expect(info.crc64 == CRC64.checksum(bytes), "\(path)", sourceLocation: sourceLocation)
        }
    }

    /// No multipart upload is left open on the server.
    func expectNoOpenUploads(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(server.stats().openMultipartUploads == 0, sourceLocation: sourceLocation)
        #expect(try await checker.listMultipartUploads(bucket: Self.bucket).isEmpty, sourceLocation: sourceLocation)
    }

    /// `error.list` lines and `audit.log` of every failed task, joined.
    func failures(_ layout: JobLayout) throws -> (errorList: [String], audit: String) {
        let failed = try TaskStore(layout: layout, host: "localhost").tasks(in: .failed)
        var lines: [String] = []
        var audit = ""
        for task in failed {
            let list = try String(contentsOfFile: task.directory + "/error.list", encoding: .utf8)
            lines += list.split(separator: "\n").map(String.init)
            audit += try String(contentsOfFile: task.directory + "/audit.log", encoding: .utf8)
        }
        return (lines.sorted(), audit)
    }

    /// The failed tasks' audit logs, for failure messages.
    func audit(_ layout: JobLayout) -> String {
        let stop = JobStopRecord.read(layout).map { "job stopped: \($0.reason)\n" } ?? ""
        return stop + ((try? failures(layout).audit) ?? "no audit log")
    }

    /// A mix of small files and two multipart files (4 and 3 parts).
    static func mixedTree() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for i in 0..<8 { files["small/f\(i).txt"] = testPattern(2000 + i * 37, seed: i) }
        files["large/four-parts.bin"] = testPattern(1 << 20, seed: 100)
        files["large/three-parts.bin"] = testPattern(600 * 1024, seed: 101)
        return files
    }
}
