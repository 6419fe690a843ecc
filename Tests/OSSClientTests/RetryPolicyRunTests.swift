import OSSClient
import Synchronization
import Testing

/// `RetryPolicy.run`: attempts, decisions, waits (recorded, never slept) and cancellation.
@Suite struct RetryPolicyRunTests {
    struct Failure: Error, Equatable { let attempt: Int }

    /// Values recorded from closures (the waits asked for, attempts seen).
    final class Log<Value: Sendable>: Sendable {
        private let values = Mutex<[Value]>([])
        var all: [Value] { values.withLock { $0 } }
        func append(_ value: Value) { values.withLock { $0.append(value) } }
    }

    typealias Waits = Log<Duration>

    static func policy(_ attempts: Int, _ backoff: RetryPolicy.Backoff, waits: Waits) -> RetryPolicy {
        var policy = RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(100), throttleBaseDelay: .seconds(1), backoff: backoff)
        policy.sleep = { waits.append($0) }
        return policy
    }

    @Test func triesUntilSuccessAndWaitsTheBackoffBetween() async throws {
        let waits = Waits()
        let result = try await Self.policy(5, .exponential, waits: waits).run(
            { attempt in
                if attempt < 4 { throw Failure(attempt: attempt) }
                return attempt
            }, retryIf: { _, _ in .retry })
        #expect(result == 4)
        #expect(waits.all == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
    }

    @Test func throwsTheLastErrorWhenAttemptsRunOut() async throws {
        let waits = Waits()
        let asked = Log<Int>()
        await #expect(throws: Failure(attempt: 3)) {
            try await Self.policy(3, .linear, waits: waits).run(
                { attempt -> Int in throw Failure(attempt: attempt) },
                retryIf: { _, attempt in
                    asked.append(attempt)
                    return .retry
                })
        }
        #expect(asked.all == [1, 2], "asked only when another attempt is allowed")
        #expect(waits.all == [.milliseconds(200), .milliseconds(300)])
    }

    @Test func stopDecisionAndThrottlingWaits() async throws {
        let waits = Waits()
        await #expect(throws: Failure(attempt: 2)) {
            try await Self.policy(9, .exponential, waits: waits).run(
                { attempt -> Int in throw Failure(attempt: attempt) },
                retryIf: { _, attempt in attempt == 1 ? .retryThrottled : .stop })
        }
        #expect(waits.all == [.seconds(1)])
    }

    @Test func cancellationIsCheckedBeforeEveryAttemptAndNeverRetried() async throws {
        let waits = Waits()
        let attempts = Log<Int>()
        let task = Task {
            try await Self.policy(5, .exponential, waits: waits).run(
                { attempt -> Int in
                    attempts.append(attempt)
                    if attempt == 2 { withUnsafeCurrentTask { $0?.cancel() } }
                    throw Failure(attempt: attempt)
                }, retryIf: { _, _ in .retry })
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(attempts.all == [1, 2], "no attempt after the task was cancelled")
    }

    @Test func aBoundOverrideReplacesTheDefaultSleep() async throws {
        let waits = Waits()
        let policy = RetryPolicy(maxAttempts: 2, baseDelay: .seconds(3600), maxDelay: .seconds(7200), backoff: .exponential)
        let result = try await RetryPolicy.$sleepOverride.withValue(
            { waits.append($0) },
            operation: {
                try await policy.run(
                    { attempt in
                        if attempt == 1 { throw Failure(attempt: 1) }
                        return attempt
                    }, retryIf: { _, _ in .retry })
            })
        #expect(result == 2 && waits.all == [.seconds(3600)])
    }
}
