import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

@testable import ImportKit

/// `srcType=oss`: oss-local as source and destination, server-side copy (same server and key) and the streamed
/// GET→PUT path (a second server), every destination object byte-identical.
@Suite struct OSSSourceTests {

    static let objects: [String: [UInt8]] = [
        "data/empty.txt": [],
        "data/a b/c d.txt": Array("spaces".utf8),
        "data/中文/文件.txt": Array("你好".utf8),
        "data/odd/+ % # ? &.bin": testPattern(1000, seed: 1),
        "data/big/multipart.bin": testPattern((1 << 20) + 300 * 1024 + 7, seed: 2),
        "data/big/above-cap.bin": testPattern((8 << 20) + 5, seed: 3),
        "other/outside.txt": Array("not under the prefix".utf8),
    ]

    static func seed(_ client: OSSClient, bucket: String) async throws {
        try await client.createBucket(bucket)
        for (key, bytes) in objects {
            _ = try await client.putObject(bucket: bucket, key: key, body: bytes.isEmpty ? .empty : .bytes(bytes))
        }
    }

    static func source(_ client: OSSClient, bucket: String) throws -> RemoteBucketSource {
        let endpoint = client.configuration.endpoint
        return RemoteBucketSource(
            endpoint: "http://\(endpoint.host):\(endpoint.port ?? 80)", bucket: bucket, prefix: "data/",
            accessKeyId: TestBed.keyID, secretKey: TestBed.secret, region: "cn-hangzhou")
    }

    static func expectCopied(_ h: TestBed, destPrefix: String) async throws {
        for (key, bytes) in objects where key.hasPrefix("data/") {
            let destKey = destPrefix + key.dropFirst("data/".count)
            let got = try await h.client.getObject(bucket: "bucket", key: destKey, maxBytes: 16 << 20)
            #expect(got.body == bytes, "\(destKey)")
        }
        #expect(try await h.client.headObject(bucket: "bucket", key: destPrefix + "outside.txt") == nil)
        #expect(try await h.client.headObject(bucket: "bucket", key: destPrefix + "../other/outside.txt") == nil)
    }

    @Test func sameServerUsesServerSideCopy() async throws {
        try await withTestBed { h in
            try await Self.seed(h.client, bucket: "srcbucket")
            var settings = h.runnerSettings(prefix: "copied/")
            settings.source = .oss(try Self.source(h.client, bucket: "srcbucket"))
            settings.serverSideCopyObjectLimit = 1 << 20  // the multipart-sized objects go through UploadPartCopy
            settings.partSize = 512 * 1024
            await h.server.resetStats()
            let (state, _) = try await h.run(settings)
            #expect(state == .succeed)
            let byOperation = await h.server.stats().requestsByOperation
            #expect(byOperation["GetObject", default: 0] == 0)
            #expect(byOperation["CopyObject", default: 0] == 4)
            #expect(byOperation["UploadPartCopy", default: 0] >= 4)
            try await Self.expectCopied(h, destPrefix: "copied/")
        }
    }

    @Test func otherServerStreamsThroughMemory() async throws {
        try await withTestBed { h in
            try await withTestBed(TestBedOptions(bucket: nil)) { sourceBed in
                let sourceClient = sourceBed.client(retry: RetryPolicy(), transport: h.transport)
                try await Self.seed(sourceClient, bucket: "srcbucket")
                var settings = h.runnerSettings(prefix: "streamed/")
                settings.source = .oss(try Self.source(sourceClient, bucket: "srcbucket"))
                settings.taskObjectCountLimit = 2
                let (state, layout) = try await h.run(settings)
                #expect(state == .succeed)
                try await Self.expectCopied(h, destPrefix: "streamed/")
                let checkpoint = try #require(JobStateStore(layout).checkpoint())
                #expect(checkpoint.foundFiles == 6)

                // Default thresholds: the object above 8 MiB still goes multipart in parts of at most 8 MiB.
                var defaults = JobSettings(jobName: "defaults", srcPrefix: "", destBucket: "bucket", destPrefix: "defaults/")
                defaults.source = settings.source
                defaults.probeTimeoutSeconds = settings.probeTimeoutSeconds
                let layout2 = WorkingDirectory(h.work.path).job("defaults")
                try layout2.createDirectories()
                let defaultsState = try await JobRunner(layout: layout2, settings: defaults, client: h.client, log: EventLog()).run()
                if defaultsState != .succeed { TestBed.printWhy(layout2) }
                #expect(defaultsState == .succeed)
                try await Self.expectCopied(h, destPrefix: "defaults/")
                let info = try #require(try await h.client.headObject(bucket: "bucket", key: "defaults/big/above-cap.bin"))
                #expect(info.objectType == "Multipart")
            }
        }
    }
}

/// Audit with a remote source: the source side is read through the source's reader, not as a local path.
@Suite struct RemoteSourceAuditTests {
    @Test func detailedAuditOfAnOSSSourceFindsCorruptAndMissingObjects() async throws {
        try await withTestBed { h in
            try await OSSSourceTests.seed(h.client, bucket: "srcbucket")
            var settings = h.runnerSettings(prefix: "copied/")
            settings.source = .oss(try OSSSourceTests.source(h.client, bucket: "srcbucket"))
            let (imported, _) = try await h.run(settings)
            #expect(imported == .succeed)

            // Damage the copy: same size, different bytes; and one object gone.
            let victim = "copied/odd/+ % # ? &.bin"
            _ = try await h.client.putObject(
                bucket: "bucket", key: victim, body: .bytes(testPattern(1000, seed: 99)))
            try await h.client.deleteObject(bucket: "bucket", key: "copied/a b/c d.txt")

            var audit = settings
            audit.jobName = "audit_job"
            audit.audit = AuditSettings(mode: .detailed, auditOnly: true)
            await h.server.resetStats()
            let (state, layout) = try await h.run(audit)
            #expect(state == .failed)
            #expect(h.server.stats().requestsByOperation["PutObject", default: 0] == 0, "an audit uploads nothing")
            let failed = try TaskStore(layout: layout, host: "localhost").tasks(in: .failed)
            let errorList = try failed.map { try String(contentsOfFile: $0.directory + "/error.list", encoding: .utf8) }.joined()
            let auditLog = try failed.map { try String(contentsOfFile: $0.directory + "/audit.log", encoding: .utf8) }.joined()
            #expect(Set(errorList.split(separator: "\n").map(String.init)) == ["odd/+ %25 # ? &.bin", "a b/c d.txt"])  // error.list escapes %
            #expect(auditLog.contains("AUDIT_CRC_MISMATCH"), "\(auditLog)")
            #expect(auditLog.contains("AUDIT_MISSING"), "\(auditLog)")
            #expect(!auditLog.contains("AUDIT_SOURCE_UNREADABLE"), "\(auditLog)")
        }
    }
}
