import CRC64
import CurlHTTP
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

/// Bodies of 1 MiB or more go with `Expect: 100-continue`: the server may answer an error before reading the body
/// (and close the connection); the client must decode that answer, not report a broken connection.
@Suite struct LargeBodyErrorTests {
    static let big = testPattern((1 << 20) + 100, seed: 77)

    @Test func missingBucketAnsweredBeforeTheBody() async throws {
        try await withTestBed { oss in
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.putObject(bucket: "missing-bucket", key: "k", body: .bytes(Self.big))
            }
            #expect(error?.serviceCode == "NoSuchBucket")
            #expect(error?.isFatalForJob == true)
            #expect(oss.requests("PutObject") == 1)
            // The connection was closed by the server; the next request works.
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "k", body: .bytes(Self.big))
        }
    }

    @Test func accessDeniedBeforeTheBodyIsNotRetried() async throws {
        try await withTestBed { oss async throws in
            oss.server.addFault(FaultRule(method: "PUT", action: .error(status: 403, code: "AccessDenied", message: "no")))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "k", body: .bytes(Self.big))
            }
            #expect(error?.serviceCode == "AccessDenied")
            #expect(oss.requests("PutObject") == 1)
            #expect(oss.server.stats().bodyBytesReceived < Int64(Self.big.count), "the body was not sent")
        }
    }

    @Test func serviceUnavailableBeforeTheBodyIsRetried() async throws {
        try await withTestBed { oss in
            oss.server.addFault(FaultRule(method: "PUT", times: 2, action: .error(status: 503, code: "ServiceUnavailable", message: "busy")))
            let put = try await oss.client.putObject(bucket: TestBed.bucket, key: "k", body: .bytes(Self.big))
            #expect(put.crc64 == CRC64.checksum(Self.big))
            #expect(oss.requests("PutObject") == 3)
            let (_, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: "k")
            #expect(body == Self.big)
        }
    }

    @Test func wrongSecretOnALargePartIsSignatureDoesNotMatch() async throws {
        try await withTestBed { oss in
            let uploadId = try await oss.client.initiateMultipartUpload(bucket: TestBed.bucket, key: "mp")
            let wrong = oss.client(signature: .v1, secret: "nope")
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await wrong.uploadPart(
                    bucket: TestBed.bucket, key: "mp", uploadId: uploadId, partNumber: 1, body: .bytes(Self.big))
            }
            #expect(error?.serviceCode == "SignatureDoesNotMatch")
            #expect(oss.requests("UploadPart") == 1)
        }
    }
}
