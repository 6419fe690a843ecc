import CurlHTTP
import Foundation
import OSSClient
import OSSCore
import OSSLocalServer
import TestSupport
import Testing

/// Cancelling the task of a large, rate-limited upload stops it promptly and leaves no object.
@Suite struct CancellationTests {
    @Test func cancellingALargeRateLimitedUploadStopsIt() async throws {
        var options = CurlTransportOptions()
        options.rateLimiter = RateLimiter(bytesPerSecond: 4 << 20)
        try await withTestBed(TestBedOptions(transport: options)) { oss in
            let dir = TemporaryDirectory("client-cancel")
            let size = (64 << 20) + 4096
            let path = dir.path + "/big.bin"
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: UInt64(size))  // sparse: fast to create, still 64 MiB to send
            try handle.close()

            let client = oss.client
            let upload = Task {
                try await client.putObject(
                    bucket: TestBed.bucket, key: "cancel/big.bin", body: .file(path: path, offset: 0, length: Int64(size)))
            }
            // Wait until the server has seen the request (no fixed sleep for that), then let it run ~200 ms.
            while oss.requests("PutObject") == 0 { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(200))
            let clock = ContinuousClock()
            let cancelledAt = clock.now
            upload.cancel()
            let result = await upload.result
            let elapsed = cancelledAt.duration(to: clock.now)
            switch result {
            case .success:
                Issue.record("a 64 MiB upload at 4 MiB/s cannot finish in 200 ms")
            case .failure(let error):
                #expect(error is CancellationError, "got \(error)")
            }
            // The upload needs ~16 s at 4 MiB/s: stopping well before that shows the transfer itself stopped
            // (a generous bound, so a loaded machine does not make this fail).
            #expect(elapsed < .seconds(8), "stopped in \(elapsed)")
            #expect(oss.requests("PutObject") == 1, "cancellation is not retried")
            #expect(try await client.headObject(bucket: TestBed.bucket, key: "cancel/big.bin") == nil)
        }
    }

    @Test func alreadyCancelledTaskSendsNothing() async throws {
        try await withTestBed { oss async throws in
            let client = oss.client
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.putObject(bucket: TestBed.bucket, key: "never", body: .bytes([1]))
            }
            let result = await task.result
            if case .failure(let error) = result {
                #expect(error is CancellationError, "got \(error)")
            } else {
                Issue.record("expected CancellationError")
            }
            #expect(oss.requests("PutObject") == 0)
        }
    }

    @Test func cancellingDuringRetryBackoffStops() async throws {
        try await withTestBed { oss in
            let client = oss.client(retry: RetryPolicy(maxAttempts: 5, baseDelay: .seconds(30), maxDelay: .seconds(30)))
            oss.server.addFault(FaultRule(method: "PUT", times: 0, action: .error(status: 503, code: "ServiceUnavailable", message: "busy")))
            let task = Task { try await client.putObject(bucket: TestBed.bucket, key: "backoff", body: .bytes([1])) }
            while oss.requests("PutObject") == 0 { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            let result = await task.result
            if case .failure(let error) = result {
                #expect(error is CancellationError, "got \(error)")
            } else {
                Issue.record("expected CancellationError")
            }
            #expect(oss.requests("PutObject") == 1)
        }
    }
}
