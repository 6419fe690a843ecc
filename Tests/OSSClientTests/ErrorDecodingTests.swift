import CurlHTTP
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

/// OSS error documents (and HEAD's `x-oss-err`) decoded into `OSSClientError.service`.
@Suite struct ErrorDecodingTests {
    @Test func getMissingKeyIsNoSuchKeyWithContext() async throws {
        try await withTestBed { oss async throws in
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.getObject(bucket: TestBed.bucket, key: "missing/key.txt")
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
        }
    }

    @Test func streamedGetOfMissingKeyNeverFeedsTheSink() async throws {
        try await withTestBed { oss async throws in
            let received = Locked(0)
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.getObject(bucket: TestBed.bucket, key: "missing") { chunk in
                    received.withLock { $0 += chunk.count }
                }
            }
            #expect(error?.serviceCode == "NoSuchKey")
            guard case .service(let service)? = error else { return }
            #expect(service.message == "The specified key does not exist.", "the error body was kept for decoding")
            #expect(received.withLock { $0 } == 0, "an error body must not reach the sink")
        }
    }

    @Test func headOfMissingKeyIsNil() async throws {
        try await withTestBed { oss async throws in
            #expect(try await oss.client.headObject(bucket: TestBed.bucket, key: "nope") == nil)
            #expect(oss.requests("HeadObject") == 1, "a 404 is an answer, not retried")
        }
    }

    @Test func headOnMissingBucketDecodesXOssErr() async throws {
        try await withTestBed { oss async throws in
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
        }
    }

    @Test func injectedHeadErrorIsDecoded() async throws {
        try await withTestBed { oss async throws in
            oss.server.addFault(FaultRule(
                method: "HEAD", action: .error(status: 403, code: "AccessDenied", message: "You have no right to access.")))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.headObject(bucket: TestBed.bucket, key: "k")
            }
            #expect(error?.serviceCode == "AccessDenied")
            #expect(error?.statusCode == 403)
            if case .service(let service)? = error { #expect(service.message == "You have no right to access.") }
        }
    }

    @Test func missingBucketOnPutIsFatal() async throws {
        try await withTestBed { oss async throws in
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.putObject(bucket: "other-bucket", key: "k", body: .bytes([1]))
            }
            #expect(error?.serviceCode == "NoSuchBucket")
            #expect(error?.isFatalForJob == true)
            #expect(oss.requests("PutObject") == 1)
        }
    }

    @Test func credentialsNeverAppearInErrors() async throws {
        try await withTestBed { oss async throws in
            let client = oss.client(retry: .none, secret: "wrong-secret-value")
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await client.getObject(bucket: TestBed.bucket, key: "k")
            }
            let text = error.map { "\($0)" } ?? ""
            #expect(!text.isEmpty)
            #expect(!text.contains("wrong-secret-value"))
            #expect(!text.contains(TestBed.secret))
        }
    }
}
