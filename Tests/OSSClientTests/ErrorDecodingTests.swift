import CurlHTTP
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

/// OSS error documents (and HEAD's `x-oss-err`) decoded into `OSSClientError.service`.
@Suite struct ErrorDecodingTests {
    @Test func getMissingKeyIsNoSuchKeyWithContext() async throws {
        let oss = try await LocalOSS.start()
        let error = await #expect(throws: OSSClientError.self) {
            _ = try await oss.client.getObject(bucket: LocalOSS.bucket, key: "missing/key.txt")
        }
        guard case .service(let service)? = error else {
            Issue.record("expected a service error, got \(String(describing: error))")
            return
        }
        #expect(service.statusCode == 404)
        #expect(service.code == "NoSuchKey")
        #expect(service.message == "The specified key does not exist.")
        #expect(!service.requestId.isEmpty)
        #expect(service.ec == "0026-00000001")
        #expect(error?.isRetryable == false)
        #expect(error?.isFatalForJob == false)
        #expect(oss.requests("GetObject") == 1)
        #expect(service.description.contains(service.requestId))
        try await oss.shutdown()
    }

    @Test func streamedGetOfMissingKeyNeverFeedsTheSink() async throws {
        let oss = try await LocalOSS.start()
        let received = Locked(0)
        let error = await #expect(throws: OSSClientError.self) {
            _ = try await oss.client.getObject(bucket: LocalOSS.bucket, key: "missing") { chunk in
                received.withLock { $0 += chunk.count }
            }
        }
        #expect(error?.serviceCode == "NoSuchKey")
        guard case .service(let service)? = error else { return }
        #expect(service.message == "The specified key does not exist.", "the error body was kept for decoding")
        #expect(received.withLock { $0 } == 0, "an error body must not reach the sink")
        try await oss.shutdown()
    }

    @Test func headOfMissingKeyIsNil() async throws {
        let oss = try await LocalOSS.start()
        #expect(try await oss.client.headObject(bucket: LocalOSS.bucket, key: "nope") == nil)
        #expect(oss.requests("HeadObject") == 1, "a 404 is an answer, not retried")
        try await oss.shutdown()
    }

    @Test func headOnMissingBucketDecodesXOssErr() async throws {
        let oss = try await LocalOSS.start()
        let error = await #expect(throws: OSSClientError.self) {
            _ = try await oss.client.headObject(bucket: "no-such-bucket", key: "k")
        }
        guard case .service(let service)? = error else {
            Issue.record("expected a service error, got \(String(describing: error))")
            return
        }
        #expect(service.code == "NoSuchBucket", "decoded from x-oss-err, HEAD has no body")
        #expect(service.statusCode == 404)
        #expect(service.message == "The specified bucket does not exist.")
        #expect(!service.requestId.isEmpty)
        #expect(error?.isFatalForJob == true)
        try await oss.shutdown()
    }

    @Test func injectedHeadErrorIsDecoded() async throws {
        let oss = try await LocalOSS.start()
        oss.server.addFault(FaultRule(
            method: "HEAD", action: .error(status: 403, code: "AccessDenied", message: "You have no right to access.")))
        let error = await #expect(throws: OSSClientError.self) {
            _ = try await oss.client.headObject(bucket: LocalOSS.bucket, key: "k")
        }
        #expect(error?.serviceCode == "AccessDenied")
        #expect(error?.statusCode == 403)
        if case .service(let service)? = error { #expect(service.message == "You have no right to access.") }
        try await oss.shutdown()
    }

    @Test func missingBucketOnPutIsFatal() async throws {
        let oss = try await LocalOSS.start()
        let error = await #expect(throws: OSSClientError.self) {
            _ = try await oss.client.putObject(bucket: "other-bucket", key: "k", body: .bytes([1]))
        }
        #expect(error?.serviceCode == "NoSuchBucket")
        #expect(error?.isFatalForJob == true)
        #expect(oss.requests("PutObject") == 1)
        try await oss.shutdown()
    }

    @Test func credentialsNeverAppearInErrors() async throws {
        let oss = try await LocalOSS.start()
        let client = oss.client(retry: .none, secret: "wrong-secret-value")
        let error = await #expect(throws: OSSClientError.self) {
            _ = try await client.getObject(bucket: LocalOSS.bucket, key: "k")
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(!text.isEmpty)
        #expect(!text.contains("wrong-secret-value"))
        #expect(!text.contains(LocalOSS.secret))
        try await oss.shutdown()
    }
}
