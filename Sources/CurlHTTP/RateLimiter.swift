/// A token bucket limiting upload bytes per second, shared by every transfer of the transports that use it.
///
/// The bucket holds at most `burst` bytes (by default a tenth of a second's worth) and starts full. Transfers take
/// tokens before handing bytes to the connection; when it is empty they pause (never sleep) until it refills.
public final class RateLimiter: Sendable {
    /// Sustained rate.
    public let bytesPerSecond: Int64
    /// Bucket capacity.
    public let burst: Int64

    private struct State {
        var tokens: Double
        var last: ContinuousClock.Instant
    }

    private let state: Locked<State>
    private let clock = ContinuousClock()

    /// - Parameters:
    ///   - bytesPerSecond: sustained rate; values below 1 are treated as 1.
    ///   - burst: bucket capacity; defaults to `bytesPerSecond / 10` (at least 1).
    public init(bytesPerSecond: Int64, burst: Int64? = nil) {
        let rate = max(1, bytesPerSecond)
        self.bytesPerSecond = rate
        self.burst = max(1, burst ?? rate / 10)
        state = Locked(State(tokens: Double(self.burst), last: clock.now))
    }

    /// Smallest grant worth waking a paused transfer for: avoids thrashing with tiny chunks.
    var minimumChunk: Int {
        Int(min(burst, 16 * 1024))
    }

    /// Takes up to `wanted` tokens if at least `min(wanted, minimumChunk)` are available; returns how many were
    /// taken (0 = none, the caller should pause).
    func acquire(upTo wanted: Int) -> Int {
        guard wanted > 0 else { return 0 }
        let needed = Double(min(wanted, minimumChunk))
        let now = clock.now
        return state.withLock { state in
            refill(&state, now: now)
            guard state.tokens >= needed else { return 0 }
            let granted = min(Double(wanted), state.tokens.rounded(.down))
            state.tokens -= granted
            return Int(granted)
        }
    }

    /// How long until a paused transfer may get `minimumChunk` tokens (zero if it may now).
    func delayUntilAvailable() -> Duration {
        let now = clock.now
        let needed = Double(minimumChunk)
        return state.withLock { state in
            refill(&state, now: now)
            guard state.tokens < needed else { return .zero }
            let seconds = (needed - state.tokens) / Double(bytesPerSecond)
            return .nanoseconds(Int64((seconds * 1e9).rounded(.up)))
        }
    }

    private func refill(_ state: inout State, now: ContinuousClock.Instant) {
        let elapsed = state.last.duration(to: now)
        guard elapsed > .zero else { return }
        let (seconds, attoseconds) = elapsed.components
        let elapsedSeconds = Double(seconds) + Double(attoseconds) * 1e-18
        state.tokens = min(Double(burst), state.tokens + elapsedSeconds * Double(bytesPerSecond))
        state.last = now
    }
}
