import Foundation

/// Full-jitter exponential backoff with a cap, as the official OSS SDKs do.
///
/// Attempt `n` (1-based, counting the first request) that failed with a retryable error waits a random time in
/// `0...min(maxDelay, baseDelay * 2^(n-1))` before the next attempt; throttling answers (503 `*LimitExceeded`, 429)
/// start from `throttleBaseDelay` instead.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var throttleBaseDelay: Duration
    public var maxDelay: Duration

    public init(
        maxAttempts: Int = 5,
        baseDelay: Duration = .milliseconds(200),
        throttleBaseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(20)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.throttleBaseDelay = throttleBaseDelay
        self.maxDelay = maxDelay
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The upper bound of the wait after failed attempt `attempt` (1-based).
    public func delayCap(afterAttempt attempt: Int, throttled: Bool) -> Duration {
        let base = throttled ? throttleBaseDelay : baseDelay
        let exponent = min(max(attempt - 1, 0), 30)
        let cap = base * (1 << exponent)
        return min(cap, maxDelay)
    }

    /// A random wait in `0...delayCap`.
    public func delay(afterAttempt attempt: Int, throttled: Bool) -> Duration {
        let cap = delayCap(afterAttempt: attempt, throttled: throttled)
        let (seconds, attoseconds) = cap.components
        let capNanos = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        guard capNanos > 0 else { return .zero }
        return .nanoseconds(Int64(Double.random(in: 0...capNanos)))
    }
}
