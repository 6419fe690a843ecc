import CurlHTTP
import OSSClient
import OSSCore
import TestSupport
import Testing

@testable import ImportKit

/// Against oss-local: a job that cannot work because of its configuration stops with one line naming the keys to
/// fix (and never the secret).
@Suite struct ConfigStopMessageTests {
    static func stopMessage(
        _ h: TestBed, keyID: String = TestBed.keyID, secret: String = TestBed.secret,
        bucket: String = "bucket"
    ) async throws -> String {
        try h.source.file("a.txt", "x")
        let client = OSSClient(
            configuration: OSSClientConfiguration(
                endpoint: h.client.configuration.endpoint,
                credentials: OSSCredentials(accessKeyId: keyID, accessKeySecret: secret),
                signatureVersion: .v4(region: "cn-hangzhou")),
            transport: h.transport)
        var settings = h.runnerSettings()
        settings.destBucket = bucket
        let layout = WorkingDirectory(h.work.path).job(settings.jobName)
        try layout.createDirectories()
        let state = try await JobRunner(layout: layout, settings: settings, client: client, log: EventLog()).run()
        #expect(state == .failed)
        let status = try #require(JobStateStore(layout).status())
        return status.reason ?? ""
    }

    @Test func wrongSecretKeyNamesDestSecretKey() async throws {
        try await withTestBed { h in
            let message = try await Self.stopMessage(h, secret: "wrong-secret-value")
            #expect(message.contains("SignatureDoesNotMatch"), "\(message)")
            #expect(message.contains("check destSecretKey"), "\(message)")
            #expect(!message.contains("wrong-secret-value"))
        }
    }

    @Test func unknownAccessKeyNamesDestAccessKey() async throws {
        try await withTestBed { h in
            let message = try await Self.stopMessage(h, keyID: "no-such-key-id")
            #expect(message.contains("InvalidAccessKeyId"), "\(message)")
            #expect(message.contains("check destAccessKey"), "\(message)")
        }
    }

    @Test func missingBucketNamesTheBucketAndDestBucket() async throws {
        try await withTestBed { h in
            let message = try await Self.stopMessage(h, bucket: "not-there")
            #expect(message.contains("NoSuchBucket"), "\(message)")
            #expect(message.contains("bucket \"not-there\" does not exist"), "\(message)")
            #expect(message.contains("check destBucket"), "\(message)")
        }
    }
}

/// A source whose keys or bucket are wrong: the listing fails naming the `src…` keys.
@Suite struct SourceConfigMessageTests {
    static func scanFailure(_ source: RemoteBucketSource, _ h: TestBed) async throws -> String {
        var settings = h.runnerSettings()
        settings.source = .oss(source)
        let layout = WorkingDirectory(h.work.path).job(settings.jobName)
        try layout.createDirectories()
        do {
            try await Master(layout: layout, settings: settings).run { _, _ in }
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func wrongSourceSecretNamesSrcSecretKey() async throws {
        try await withTestBed { h in
            try await h.client.createBucket("srcbucket")
            var source = try OSSSourceTests.source(h.client, bucket: "srcbucket")
            source.secretKey = "wrong-source-secret"
            let message = try await Self.scanFailure(source, h)
            #expect(message.contains("check srcSecretKey"), "\(message)")
            #expect(!message.contains("destSecretKey") && !message.contains("wrong-source-secret"), "\(message)")
        }
    }

    @Test func missingSourceBucketNamesSrcBucket() async throws {
        try await withTestBed { h in
            let source = try OSSSourceTests.source(h.client, bucket: "no-such-source")
            let message = try await Self.scanFailure(source, h)
            #expect(message.contains("bucket \"no-such-source\" does not exist"), "\(message)")
            #expect(message.contains("check srcBucket"), "\(message)")
        }
    }
}
