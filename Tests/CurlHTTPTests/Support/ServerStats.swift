import Synchronization

/// Counters of a `TestHTTPServer`, with awaitable conditions (no sleeping in tests).
final class ServerStats: Sendable {
    private struct State {
        var connectionsAccepted = 0
        var requestsCompleted = 0
        var bodyBytesReceived = 0
        var byteWaiters: [(threshold: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var byteActions: [(threshold: Int, action: @Sendable () -> Void)] = []
    }

    private let state = Mutex(State())

    var connectionsAccepted: Int { state.withLock { $0.connectionsAccepted } }
    var requestsCompleted: Int { state.withLock { $0.requestsCompleted } }
    var bodyBytesReceived: Int { state.withLock { $0.bodyBytesReceived } }

    func connectionAccepted() {
        state.withLock { $0.connectionsAccepted += 1 }
    }

    func requestCompleted() {
        state.withLock { $0.requestsCompleted += 1 }
    }

    func received(bodyBytes count: Int) {
        let (ready, actions) = state.withLock { state in
            state.bodyBytesReceived += count
            let total = state.bodyBytesReceived
            let ready = state.byteWaiters.filter { $0.threshold <= total }.map(\.continuation)
            state.byteWaiters.removeAll { $0.threshold <= total }
            let actions = state.byteActions.filter { $0.threshold <= total }.map(\.action)
            state.byteActions.removeAll { $0.threshold <= total }
            return (ready, actions)
        }
        // Actions run here, on the server's thread, before more bytes are read: independent of how busy
        // the task pool is.
        for action in actions { action() }
        for continuation in ready { continuation.resume() }
    }

    /// Runs `action` on the server thread as soon as `threshold` request body bytes have arrived.
    func whenBodyBytes(atLeast threshold: Int, _ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.byteActions.append((threshold, action)) }
    }

    /// Returns once the server has received at least `threshold` request body bytes in total.
    func waitForBodyBytes(atLeast threshold: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.bodyBytesReceived >= threshold { return true }
                state.byteWaiters.append((threshold, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }
}
