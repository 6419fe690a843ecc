import CurlHTTP
import OSSClient
import OSSCore
import TestSupport
import Testing

/// Both signature versions accepted with the right secret and rejected (not retried) with a wrong one.
@Suite struct SignatureTests {
    static let versions: [OSSSignatureVersion] = [.v1, .v4(region: "cn-hangzhou")]

    @Test(arguments: versions)
    func rightSecretWorksForEveryCall(version: OSSSignatureVersion) async throws {
        try await withTestBed { oss in
            let client = oss.client(signature: version)
            let key = "sig/\(version) 中 +&=.txt"
            _ = try await client.putObject(bucket: TestBed.bucket, key: key, body: .bytes([1, 2]))
            #expect(try await client.headObject(bucket: TestBed.bucket, key: key)?.size == 2)
            let page = try await client.listObjectsV2(bucket: TestBed.bucket, prefix: "sig/", delimiter: "/", maxKeys: 5)
            #expect(page.objects.map(\.key) == [key])
            let uploadId = try await client.initiateMultipartUpload(bucket: TestBed.bucket, key: key + ".mp")
            _ = try await client.uploadPart(
                bucket: TestBed.bucket, key: key + ".mp", uploadId: uploadId, partNumber: 1, body: .bytes([3]))
            #expect(try await client.listParts(bucket: TestBed.bucket, key: key + ".mp", uploadId: uploadId).count == 1)
            #expect(try await client.listMultipartUploads(bucket: TestBed.bucket, prefix: "sig/").count == 1)
            try await client.abortMultipartUpload(bucket: TestBed.bucket, key: key + ".mp", uploadId: uploadId)
            try await client.deleteObject(bucket: TestBed.bucket, key: key)
        }
    }

    @Test(arguments: versions)
    func wrongSecretIsSignatureDoesNotMatch(version: OSSSignatureVersion) async throws {
        try await withTestBed { oss async throws in
            let log = RetryLog()
            let client = oss.client(signature: version, secret: "not-the-secret", onRetry: log.callback)
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await client.putObject(bucket: TestBed.bucket, key: "k", body: .bytes([1]))
            }
            #expect(error?.serviceCode == "SignatureDoesNotMatch")
            #expect(error?.statusCode == 403)
            #expect(error?.isFatalForJob == true)
            #expect(error?.isRetryable == false)
            #expect(oss.requests("PutObject") == 1, "not retried")
            #expect(log.all.isEmpty)

            // HEAD: the same rejection, decoded from x-oss-err, and not mistaken for "missing".
            let headError = await #expect(throws: OSSClientError.self) {
                _ = try await client.headObject(bucket: TestBed.bucket, key: "k")
            }
            #expect(headError?.serviceCode == "SignatureDoesNotMatch")
            #expect(oss.requests("HeadObject") == 1)
        }
    }

    @Test func unknownAccessKeyIsFatal() async throws {
        try await withTestBed { oss async throws in
            let client = OSSClient(
                configuration: OSSClientConfiguration(
                    endpoint: OSSEndpoint(scheme: "http", host: "127.0.0.1", port: oss.port),
                    credentials: OSSCredentials(accessKeyId: "someone-else", accessKeySecret: TestBed.secret),
                    signatureVersion: .v1, retry: TestBed.fastRetry),
                transport: oss.transport)
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await client.listObjectsV2(bucket: TestBed.bucket)
            }
            #expect(error?.serviceCode == "InvalidAccessKeyId")
            #expect(error?.isFatalForJob == true)
            #expect(oss.requests("ListObjectsV2") == 1)
        }
    }
}
