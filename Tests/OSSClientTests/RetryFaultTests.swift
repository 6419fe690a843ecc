import CRC64
import CurlHTTP
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

/// Faults injected by oss-local: what is retried (and how often) and what is not.
@Suite struct RetryFaultTests {
    static let body = testPattern(64 * 1024, seed: 99)

    @Test(arguments: [
        (500, "InternalError"), (503, "ServiceUnavailable"), (502, "BadGateway"), (504, "GatewayTimeout"),
    ])
    func serverErrorsAreRetriedThenSucceed(status: Int, code: String) async throws {
        try await withTestBed { oss in
            let log = RetryLog()
            let client = oss.client(onRetry: log.callback)
            oss.server.addFault(FaultRule(method: "PUT", times: 2, action: .error(status: status, code: code, message: "injected")))
            let put = try await client.putObject(bucket: TestBed.bucket, key: "retried", body: .bytes(Self.body))
            #expect(put.crc64 == CRC64.checksum(Self.body))
            #expect(oss.requests("PutObject") == 3)
            #expect(log.all.map(\.attempt) == [1, 2])
            #expect(log.all.allSatisfy { $0.operation == "PutObject" && $0.error.serviceCode == code })
            let (_, stored) = try await client.getObject(bucket: TestBed.bucket, key: "retried")
            #expect(stored == Self.body)
        }
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        try await withTestBed { oss async throws in
            oss.server.addFault(FaultRule(method: "GET", times: 0, action: .error(status: 503, code: "ServiceUnavailable", message: "down")))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.listObjectsV2(bucket: TestBed.bucket)
            }
            #expect(error?.serviceCode == "ServiceUnavailable")
            #expect(oss.requests("ListObjectsV2") == TestBed.fastRetry.maxAttempts)
        }
    }

    @Test func accessDeniedIsNotRetried() async throws {
        try await withTestBed { oss async throws in
            oss.server.addFault(FaultRule(method: "PUT", action: .error(status: 403, code: "AccessDenied", message: "denied")))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "denied", body: .bytes(Self.body))
            }
            #expect(error?.serviceCode == "AccessDenied")
            #expect(error?.statusCode == 403)
            #expect(error?.isRetryable == false)
            #expect(error?.isFatalForJob == true)
            #expect(oss.requests("PutObject") == 1, "exactly one request")
        }
    }

    @Test(arguments: [100, 40 * 1024])
    func connectionResetMidBodyIsRetried(afterBytes: Int) async throws {
        try await withTestBed { oss in
            oss.server.addFault(FaultRule(method: "PUT", keyContains: "reset", action: .resetAfterBodyBytes(afterBytes)))
            let put = try await oss.client.putObject(bucket: TestBed.bucket, key: "reset/me", body: .bytes(Self.body))
            #expect(put.crc64 == CRC64.checksum(Self.body))
            #expect(oss.requests("PutObject") == 2)
            let (_, stored) = try await oss.client.getObject(bucket: TestBed.bucket, key: "reset/me")
            #expect(stored == Self.body)
        }
    }

    /// Every attempt reset: the client's own retries (curl may add one of its own on a reused connection) end
    /// in a retryable `.connectionReset`.
    @Test func persistentResetsEndInConnectionReset() async throws {
        try await withTestBed { oss async throws in
            let log = RetryLog()
            let client = oss.client(
                retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5)), onRetry: log.callback)
            oss.server.addFault(FaultRule(method: "PUT", times: 0, action: .resetAfterBodyBytes(1000)))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await client.putObject(bucket: TestBed.bucket, key: "always-reset", body: .bytes(Self.body))
            }
            guard case .transport(let transportError)? = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(transportError.kind == .connectionReset)
            #expect(transportError.isRetryable)
            #expect(log.all.map(\.attempt) == [1, 2])
            #expect((3...4).contains(oss.requests("PutObject")))
            #expect(try await oss.client.headObject(bucket: TestBed.bucket, key: "always-reset") == nil)
        }
    }

    @Test func resetMidFileBodyRereadsTheFile() async throws {
        try await withTestBed { oss in
            let dir = TemporaryDirectory("client-reset-file")
            let bytes = testPattern((2 << 20) + 7, seed: 5)
            let path = try dir.file("f.bin", bytes)
            oss.server.addFault(FaultRule(method: "PUT", action: .resetAfterBodyBytes(1 << 20)))
            let put = try await oss.client.putObject(
                bucket: TestBed.bucket, key: "file-reset", body: .file(path: path, offset: 0, length: Int64(bytes.count)))
            #expect(put.crc64 == CRC64.checksum(bytes))
            #expect(oss.requests("PutObject") == 2)
            let (_, stored) = try await oss.client.getObject(bucket: TestBed.bucket, key: "file-reset")
            #expect(stored == bytes)
        }
    }

    @Test func resetBeforeResponseIsRetried() async throws {
        try await withTestBed { oss in
            let uploadId = try await oss.client.initiateMultipartUpload(bucket: TestBed.bucket, key: "rbr")
            oss.server.addFault(FaultRule(method: "PUT", subresource: "partNumber", action: .resetBeforeResponse))
            let part = try await oss.client.uploadPart(
                bucket: TestBed.bucket, key: "rbr", uploadId: uploadId, partNumber: 1, body: .bytes(Self.body))
            #expect(part.crc64 == CRC64.checksum(Self.body))
            #expect(oss.requests("UploadPart") == 2)

            oss.server.addFault(FaultRule(method: "GET", action: .resetBeforeResponse))
            let parts = try await oss.client.listParts(bucket: TestBed.bucket, key: "rbr", uploadId: uploadId)
            #expect(parts.map(\.partNumber) == [1])
            #expect(oss.requests("ListParts") == 2)
        }
    }

    @Test func wrongCRCWithoutRetriesIsCRCMismatch() async throws {
        try await withTestBed { oss async throws in
            let client = oss.client(retry: .none)
            oss.server.addFault(FaultRule(method: "PUT", action: .wrongCRC))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await client.putObject(bucket: TestBed.bucket, key: "crc", body: .bytes(Self.body))
            }
            guard case .crcMismatch(let operation, let local, let remote, let requestId)? = error else {
                Issue.record("expected crcMismatch, got \(String(describing: error))")
                return
            }
            #expect(operation == "PutObject")
            #expect(local == CRC64.checksum(Self.body))
            #expect(remote != local)
            #expect(!requestId.isEmpty)
            #expect(error?.isRetryable == true)

            oss.server.addFault(FaultRule(method: "GET", action: .wrongCRC))
            let getError = await #expect(throws: OSSClientError.self) {
                _ = try await client.getObject(bucket: TestBed.bucket, key: "crc")
            }
            guard case .crcMismatch(let getOperation, _, _, _)? = getError else {
                Issue.record("expected crcMismatch, got \(String(describing: getError))")
                return
            }
            #expect(getOperation == "GetObject")
        }
    }

    @Test func wrongCRCWithRetriesSucceeds() async throws {
        try await withTestBed { oss in
            oss.server.addFault(FaultRule(method: "PUT", action: .wrongCRC))
            let put = try await oss.client.putObject(bucket: TestBed.bucket, key: "crc", body: .bytes(Self.body))
            #expect(put.crc64 == CRC64.checksum(Self.body))
            #expect(oss.requests("PutObject") == 2)

            oss.server.addFault(FaultRule(method: "GET", action: .wrongCRC))
            let (info, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: "crc")
            #expect(body == Self.body)
            #expect(info.crc64 == CRC64.checksum(Self.body))
            #expect(oss.requests("GetObject") == 2)

            let uploadId = try await oss.client.initiateMultipartUpload(bucket: TestBed.bucket, key: "crc-part")
            oss.server.addFault(FaultRule(method: "PUT", subresource: "partNumber", action: .wrongCRC))
            let part = try await oss.client.uploadPart(
                bucket: TestBed.bucket, key: "crc-part", uploadId: uploadId, partNumber: 1, body: .bytes(Self.body))
            #expect(part.crc64 == CRC64.checksum(Self.body))
            #expect(oss.requests("UploadPart") == 2)
        }
    }

    @Test func requestTimeTooSkewedIsRetriedAndSetsTheClockOffset() async throws {
        try await withTestBed { oss in
            let log = RetryLog()
            let client = oss.client(onRetry: log.callback)
            oss.server.addFault(FaultRule(
                method: "PUT", action: .error(status: 403, code: "RequestTimeTooSkewed", message: "The difference between the request time and the current time is too large.")))
            _ = try await client.putObject(bucket: TestBed.bucket, key: "skew", body: .bytes([1, 2, 3]))
            #expect(oss.requests("PutObject") == 2)
            #expect(log.all.map { $0.error.serviceCode } == ["RequestTimeTooSkewed"])
            // oss-local's clock is ours, so the learnt offset is small; how small depends on the round trip, which a
            // loaded machine stretches. The exact computation is checked with a scripted transport in ClockOffsetTests.
            #expect(abs(client.currentClockOffset.secondsDouble) < 60)
        }
    }

    @Test(arguments: ["SlowDown", "TotalQpsLimitExceeded", "UserQpsLimitExceeded"])
    func throttlingIsRetriedWithThrottleBackoff(code: String) async throws {
        try await withTestBed { oss in
            let log = RetryLog()
            let client = oss.client(onRetry: log.callback)
            oss.server.addFault(FaultRule(method: "PUT", times: 2, action: .error(status: 503, code: code, message: "Please reduce your request rate.")))
            _ = try await client.putObject(bucket: TestBed.bucket, key: "throttled", body: .bytes([7]))
            #expect(oss.requests("PutObject") == 3)
            #expect(log.all.count == 2)
            #expect(log.all.allSatisfy { $0.error.isThrottle && $0.error.isRetryable && $0.error.serviceCode == code })
        }
    }

    @Test func stallWithShortTotalTimeoutIsARetryableTimeout() async throws {
        var options = CurlTransportOptions()
        options.timeouts = HTTPTimeouts(connect: .seconds(2), total: .milliseconds(400))
        try await withTestBed(TestBedOptions(transport: options)) { oss in
            let once = oss.client(retry: .none)
            oss.server.addFault(FaultRule(method: "GET", action: .stall))
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await once.getObject(bucket: TestBed.bucket, key: "k")
            }
            guard case .transport(let transportError)? = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(transportError.kind == .timeout)
            #expect(error?.isRetryable == true)

            // With retries, the stalled attempt times out and the next one answers.
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "k", body: .bytes([1]))
            oss.server.addFault(FaultRule(method: "GET", action: .stall))
            let (_, body) = try await oss.client.getObject(bucket: TestBed.bucket, key: "k")
            #expect(body == [1])
            #expect(oss.requests("GetObject") == 3)
        }
    }

    @Test func streamedGetRetriesAnErrorBeforeAnyByte() async throws {
        try await withTestBed { oss in
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "s", body: .bytes(Self.body))
            oss.server.addFault(FaultRule(method: "GET", action: .error(status: 503, code: "ServiceUnavailable", message: "busy")))
            let received = Locked<[UInt8]>([])
            _ = try await oss.client.getObject(bucket: TestBed.bucket, key: "s") { chunk in
                received.withLock { $0.append(contentsOf: chunk) }
            }
            #expect(received.withLock { $0 } == Self.body, "the error body never reached the sink")
            #expect(oss.requests("GetObject") == 2)
        }
    }

    @Test func streamedGetIsNotRetriedOnceBytesFlowed() async throws {
        try await withTestBed { oss in
            _ = try await oss.client.putObject(bucket: TestBed.bucket, key: "s", body: .bytes(Self.body))
            oss.server.addFault(FaultRule(method: "GET", action: .wrongCRC))
            let received = Locked(0)
            let error = await #expect(throws: OSSClientError.self) {
                _ = try await oss.client.getObject(bucket: TestBed.bucket, key: "s") { chunk in
                    received.withLock { $0 += chunk.count }
                }
            }
            if case .crcMismatch? = error {} else { Issue.record("expected crcMismatch, got \(String(describing: error))") }
            #expect(received.withLock { $0 } == Self.body.count)
            #expect(oss.requests("GetObject") == 1)
        }
    }
}

extension Duration {
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
