import OSSClient
import TestSupport
import Testing

/// Pure checks of the backoff arithmetic (nothing sleeps).
@Suite struct RetryPolicyTests {
    @Test func defaults() {
        let policy = RetryPolicy()
        #expect(policy.maxAttempts == 5)
        #expect(policy.baseDelay == .milliseconds(200))
        #expect(policy.throttleBaseDelay == .seconds(1))
        #expect(policy.maxDelay == .seconds(20))
        #expect(RetryPolicy.none.maxAttempts == 1)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
        #expect(RetryPolicy(maxAttempts: -3).maxAttempts == 1)
    }

    @Test(arguments: [
        (1, Duration.milliseconds(200)), (2, .milliseconds(400)), (3, .milliseconds(800)), (4, .milliseconds(1600)),
        (7, .milliseconds(12800)), (8, .seconds(20)), (31, .seconds(20)), (1000, .seconds(20)), (0, .milliseconds(200)),
    ])
    func capDoublesUpToMaxDelay(attempt: Int, cap: Duration) {
        #expect(RetryPolicy().delayCap(afterAttempt: attempt, throttled: false) == cap)
    }

    @Test(arguments: [(1, Duration.seconds(1)), (2, .seconds(2)), (5, .seconds(16)), (6, .seconds(20)), (60, .seconds(20))])
    func throttleStartsFromThrottleBase(attempt: Int, cap: Duration) {
        #expect(RetryPolicy().delayCap(afterAttempt: attempt, throttled: true) == cap)
    }

    @Test func throttleCapIsNeverBelowTheOrdinaryOne() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(5), throttleBaseDelay: .milliseconds(10))
        for attempt in 1...40 {
            #expect(policy.delayCap(afterAttempt: attempt, throttled: true) >= policy.delayCap(afterAttempt: attempt, throttled: false))
        }
    }

    @Test func hugeAttemptNumbersDoNotOverflow() {
        let policy = RetryPolicy(baseDelay: .seconds(3600), maxDelay: .seconds(7200))
        #expect(policy.delayCap(afterAttempt: Int.max, throttled: false) == .seconds(7200))
        #expect(policy.delayCap(afterAttempt: Int.max, throttled: true) == .seconds(7200))
    }

    @Test(arguments: [1, 2, 3, 6, 12])
    func fullJitterStaysWithinZeroAndCap(attempt: Int) {
        let policy = RetryPolicy()
        for throttled in [false, true] {
            let cap = policy.delayCap(afterAttempt: attempt, throttled: throttled)
            var sawLowerHalf = false
            var sawUpperHalf = false
            for _ in 0..<2000 {
                let delay = policy.delay(afterAttempt: attempt, throttled: throttled)
                #expect(delay >= .zero)
                #expect(delay <= cap)
                if delay < cap / 2 { sawLowerHalf = true } else { sawUpperHalf = true }
            }
            // Full jitter spreads over the whole range (2000 draws: missing a half has probability 2^-1999).
            #expect(sawLowerHalf && sawUpperHalf)
        }
    }

    @Test func zeroDelaysGiveZero() {
        let policy = RetryPolicy(baseDelay: .zero, throttleBaseDelay: .zero)
        #expect(policy.delay(afterAttempt: 3, throttled: false) == .zero)
        #expect(policy.delay(afterAttempt: 3, throttled: true) == .zero)
    }
}
