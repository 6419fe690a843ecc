import CRC64
import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// The engine end to end in one process: a real local tree, the real client over libcurl, oss-local on loopback.
@Suite struct JobRunnerTests {
    @Test func migratesATreeByteForByte() async throws {
        try await withTestBed { h in
            var files: [String: [UInt8]] = [
                "empty.txt": [],
                "a b/c d.txt": Array("spaces".utf8),
                "中文/文件.txt": Array("你好".utf8),
                "odd/+ % # ? &.bin": testPattern(1000, seed: 1),
                "big/just-below.bin": testPattern(1 << 20, seed: 2),
                "big/just-above.bin": testPattern((1 << 20) + 1, seed: 3),
                "big/three-parts.bin": testPattern(600 * 1024, seed: 4),
            ]
            for i in 0..<40 { files["many/f\(i).txt"] = Array("file \(i)".utf8) }
            for (path, bytes) in files { try h.source.file(path, bytes) }
            try h.source.directory("empty-dir/nested")

            var settings = h.runnerSettings()
            settings.multipartThreshold = 512 * 1024
            let (state, layout) = try await h.run(settings)
            #expect(state == .succeed)

            for (path, bytes) in files {
                let (info, body) = try await h.client.getObject(bucket: "bucket", key: "backup/" + path)
                #expect(body == bytes, "\(path)")
                #expect(info.crc64 == CRC64.checksum(bytes), "\(path)")
                #expect(info.metadata["mtime"] != nil, "\(path)")
            }
            let store = TaskStore(layout: layout, host: "localhost")
            let succeeded = try store.tasks(in: .succeeded)
            #expect(succeeded.count == (files.count + 6) / 7)
            #expect(try store.tasks(in: .failed).isEmpty)
            #expect(try store.tasks(in: .pending).isEmpty)
            for task in succeeded {
                for name in ["TASK", "STATUS", "DONE", "error.list", "audit.log"] {
                    #expect(FileManager.default.fileExists(atPath: task.directory + "/" + name), "\(name)")
                }
                #expect(try String(contentsOfFile: task.directory + "/STATUS", encoding: .utf8) == "Completed\n")
                #expect(try String(contentsOfFile: task.directory + "/error.list", encoding: .utf8) == "")
            }
            #expect(try await h.client.listMultipartUploads(bucket: "bucket").isEmpty)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.state == .succeed)
            #expect(status.uploadedFiles == Int64(files.count))
            #expect(status.foundFiles == Int64(files.count))
        }
    }

    @Test func badFilesFailAloneWithReasons() async throws {
        try await withTestBed { h in
            try h.source.file("good.txt", "fine")
            // 5 directories of 220 bytes: a 1,100-byte key, over OSS's 1,023-byte limit.
            let longPath = (0..<5).map { _ in String(repeating: "k", count: 220) }.joined(separator: "/") + ".txt"
            try h.source.file(longPath, "key too long")
            try h.source.file("also-good.txt", "fine too")
            var settings = h.runnerSettings(prefix: "")
            settings.taskObjectCountLimit = 100
            let (state, layout) = try await h.run(settings)
            #expect(state == .failed)
            let failed = try TaskStore(layout: layout, host: "localhost").tasks(in: .failed)
            try #require(failed.count == 1)
            let errorList = try String(contentsOfFile: failed[0].directory + "/error.list", encoding: .utf8)
            #expect(errorList.hasPrefix("kkkk"))
            let audit = try String(contentsOfFile: failed[0].directory + "/audit.log", encoding: .utf8)
            #expect(audit.contains("invalid object key"))
            #expect(try String(contentsOfFile: failed[0].directory + "/STATUS", encoding: .utf8) == "Failed\n")
            #expect(try await h.client.headObject(bucket: "bucket", key: "good.txt") != nil)
            #expect(try await h.client.headObject(bucket: "bucket", key: "also-good.txt") != nil)
        }
    }

    @Test func retriesTransientServerErrors() async throws {
        try await withTestBed { h in
            for i in 0..<5 { try h.source.file("f\(i).txt", "content \(i)") }
            h.server.addFault(FaultRule(method: "PUT", keyContains: "f2", nth: 1, times: 2,
                                        action: .error(status: 503, code: "ServiceUnavailable", message: "busy")))
            h.server.addFault(FaultRule(method: "PUT", keyContains: "f3", nth: 1, times: 1, action: .wrongCRC))
            let (state, _) = try await h.run(h.runnerSettings(prefix: ""))
            #expect(state == .succeed)
            for i in 0..<5 {
                let (_, body) = try await h.client.getObject(bucket: "bucket", key: "f\(i).txt")
                #expect(body == Array("content \(i)".utf8))
            }
        }
    }

    @Test func resumesAfterAStopWithoutRedoingFinishedTasks() async throws {
        try await withTestBed { h in
            for i in 0..<30 { try h.source.file("d/f\(i).txt", "content \(i)") }
            let settings = h.runnerSettings(prefix: "")
            let (state, layout) = try await h.run(settings)
            #expect(state == .succeed)
            let before = h.server.stats().requests
            // A second run has nothing to do: no uploads.
            let (again, _) = try await h.run(settings)
            #expect(again == .succeed)
            let puts = h.server.stats().requestsByOperation["PutObject"] ?? 0
            #expect(puts == 30)
            #expect(h.server.stats().requests - before <= 2)
            _ = layout
        }
    }

    @Test func wrongCredentialsStopTheJobAtOnce() async throws {
        try await withTestBed { h in
            try h.source.file("a.txt", "x")
            let bad = OSSClient(
                configuration: OSSClientConfiguration(
                    endpoint: h.client.configuration.endpoint,
                    credentials: OSSCredentials(accessKeyId: TestBed.keyID, accessKeySecret: "wrong"),
                    signatureVersion: .v1),
                transport: h.transport)
            let layout = WorkingDirectory(h.work.path).job("test_job")
            try layout.createDirectories()
            let state = try await JobRunner(layout: layout, settings: h.runnerSettings(), client: bad, log: EventLog()).run()
            #expect(state == .failed)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.reason?.contains("SignatureDoesNotMatch") == true)
            #expect(status.reason?.contains("wrong") == false)
        }
    }
}
