import Foundation

/// How often, and after what waits, one operation is tried again: the one retry type every loop uses.
///
/// The retry levels, innermost first (ARCHITECTURE.md, "Retry levels"):
/// 1. **Request** (`OSSClient`, the S3 and HTTP source clients): a retryable failure (5xx, 429, 408, timeout, reset,
///    CRC-64 mismatch, `RequestTimeTooSkewed`) is sent again; the OSS client waits with full jitter
///    (``Backoff/fullJitter``), the source clients with ``Backoff/exponential`` and ``Backoff/linear`` waits.
/// 2. **Changed source** (`FileUploader`): a source that changed during its transfer is read and sent again
///    (`JobSettings.changedSourceRetry`), then fails `SIZE_NOT_MATCH`.
/// 3. **Multipart** (`MultipartUploader`): `NoSuchUpload` restarts the upload once (``noSuchUpload``).
/// 4. **Unrecorded outcome** (`TaskRunner.recordingRetry`): files whose outcome did not reach the disk run again.
/// 5. **Job** (`ImportService`) and 6. **user** (`retry`, incremental passes) are not loops of this type.
///
/// Attempt `n` (1-based, counting the first) that failed waits ``delay(afterAttempt:throttled:)`` before attempt
/// `n + 1`; ``run(_:retryIf:)`` checks cancellation before every attempt and sleeps with ``sleep``, which tests
/// replace (or bind ``sleepOverride`` for a whole task tree) so no test depends on real milliseconds.
public struct RetryPolicy: Sendable, Equatable {
    /// How the wait grows with the attempt number.
    public enum Backoff: Sendable, Equatable {
        /// A random wait in `0...min(maxDelay, base * 2^(n-1))`, as the official OSS SDKs do.
        case fullJitter
        /// Exactly `min(maxDelay, base * 2^(n-1))`.
        case exponential
        /// Exactly `min(maxDelay, base * (n + 1))`.
        case linear
    }

    /// What ``run(_:retryIf:)`` does after a failed attempt.
    public enum Decision: Sendable, Equatable {
        /// Give up: the error is thrown.
        case stop
        /// Try again after the ordinary wait.
        case retry
        /// Try again after a throttling wait (from ``throttleBaseDelay``).
        case retryThrottled
    }

    public var maxAttempts: Int
    public var baseDelay: Duration
    public var throttleBaseDelay: Duration
    public var maxDelay: Duration
    public var backoff: Backoff
    /// Waits between attempts; `Task.sleep` (or ``sleepOverride``) unless a test gives its own.
    public var sleep: @Sendable (Duration) async throws -> Void = RetryPolicy.defaultSleep

    public init(
        maxAttempts: Int = 5,
        baseDelay: Duration = .milliseconds(200),
        throttleBaseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(20),
        backoff: Backoff = .fullJitter
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.throttleBaseDelay = throttleBaseDelay
        self.maxDelay = maxDelay
        self.backoff = backoff
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// `NoSuchUpload` during a multipart upload: the upload starts over once, at once.
    public static let noSuchUpload = RetryPolicy(maxAttempts: 2, baseDelay: .zero, backoff: .exponential)

    /// Binds a sleep for every policy that uses the default one, in this task and its children (tests).
    @TaskLocal public static var sleepOverride: (@Sendable (Duration) async throws -> Void)?

    /// `Task.sleep`, or ``sleepOverride`` when a test bound one.
    public static let defaultSleep: @Sendable (Duration) async throws -> Void = { duration in
        if let override = sleepOverride { return try await override(duration) }
        try await Task.sleep(for: duration)
    }

    /// Runs `body` (given the attempt number, 1-based) until it returns, `retryIf` says ``Decision/stop``, or
    /// ``maxAttempts`` attempts failed; then the last error is thrown. `retryIf` is asked only when another attempt
    /// is allowed, so it may log the retry. Cancellation is checked before every attempt and is never retried.
    public func run<T>(
        _ body: (_ attempt: Int) async throws -> T,
        retryIf: (_ error: any Error, _ attempt: Int) -> Decision
    ) async throws -> T {
        var attempt = 1
        while true {
            try Task.checkCancellation()
            do {
                return try await body(attempt)
            } catch {
                guard !(error is CancellationError), attempt < maxAttempts else { throw error }
                let decision = retryIf(error, attempt)
                guard decision != .stop else { throw error }
                try await sleep(delay(afterAttempt: attempt, throttled: decision == .retryThrottled))
                attempt += 1
            }
        }
    }

    /// The upper bound of the wait after failed attempt `attempt` (1-based).
    public func delayCap(afterAttempt attempt: Int, throttled: Bool) -> Duration {
        let base = throttled ? throttleBaseDelay : baseDelay
        if backoff == .linear { return min(base * (min(max(attempt, 0), 1 << 20) + 1), maxDelay) }
        let exponent = min(max(attempt - 1, 0), 30)
        let cap = base * (1 << exponent)
        return min(cap, maxDelay)
    }

    /// The wait after failed attempt `attempt`: random in `0...delayCap` for ``Backoff/fullJitter``, else the cap.
    public func delay(afterAttempt attempt: Int, throttled: Bool) -> Duration {
        let cap = delayCap(afterAttempt: attempt, throttled: throttled)
        guard backoff == .fullJitter else { return cap }
        let (seconds, attoseconds) = cap.components
        let capNanos = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        guard capNanos > 0 else { return .zero }
        return .nanoseconds(Int64(Double.random(in: 0...capNanos)))
    }

    /// Equal limits and backoff (the sleep is not compared).
    public static func == (lhs: RetryPolicy, rhs: RetryPolicy) -> Bool {
        lhs.maxAttempts == rhs.maxAttempts && lhs.baseDelay == rhs.baseDelay
            && lhs.throttleBaseDelay == rhs.throttleBaseDelay && lhs.maxDelay == rhs.maxDelay && lhs.backoff == rhs.backoff
    }
}
