import CCurl
import Foundation

/// A curl multi handle pointer that may be shared across threads.
///
/// `@unchecked Sendable`: only `curl_multi_wakeup` (documented thread-safe) is called from other threads, and only
/// under `CurlEventLoop`'s mailbox lock while the handle is open; every other call happens on the loop's thread.
struct MultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// One dedicated thread running a curl multi handle. Other threads talk to it only through its locked mailbox.
final class CurlEventLoop: Sendable {
    struct Mailbox {
        var submissions: [CurlTransfer] = []
        var cancellations: [CurlTransfer] = []
        var shutdownRequested = false
        /// Set by the loop thread right before it cleans up the multi handle: no more wakeups after that.
        var closed = false
        /// Submitted transfers not finished yet (for least-loaded scheduling).
        var load = 0
        /// The loop found nothing to do and is (about to be) waiting in `curl_multi_poll`: only then does a
        /// submission need `curl_multi_wakeup` (a syscall); a busy loop reads its mailbox on its next turn anyway.
        var waiting = true
    }

    struct ExitState {
        var exited = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let index: Int
    let multi: MultiHandle
    let mailbox = Locked(Mailbox())
    let exitState = Locked(ExitState())

    init(index: Int, options: CurlTransportOptions) throws(HTTPTransportError) {
        guard let raw = curl_multi_init() else {
            throw HTTPTransportError(kind: .other, message: "curl_multi_init failed")
        }
        self.index = index
        multi = MultiHandle(raw: raw)
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, options.maxConnectionsPerHost))
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(0, options.maxTotalConnections))
        // curl's default cache (4 x handles currently added) shrinks between waves of requests and closes warm connections.
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, max(1, options.connectionCacheSize))
        let thread = Thread { [self] in
            let worker = CurlLoopWorker(loop: self, options: options)
            worker.run()
        }
        thread.name = "curl-loop-\(index)"
        thread.start()
    }

    /// Submitted and not yet finished transfers.
    var load: Int {
        mailbox.withLock { $0.load }
    }

    /// Hands `transfer` to the loop. Returns false if the loop is shutting down (the transfer was not taken).
    func submit(_ transfer: CurlTransfer) -> Bool {
        mailbox.withLock { box in
            guard !box.shutdownRequested, !box.closed else { return false }
            box.submissions.append(transfer)
            box.load += 1
            if box.waiting {
                box.waiting = false
                curl_multi_wakeup(multi.raw)
            }
            return true
        }
    }

    /// Asks the loop to stop `transfer` and resume it with `CancellationError`.
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.withLock { $0 = true }
        mailbox.withLock { box in
            guard !box.closed else { return }
            box.cancellations.append(transfer)
            curl_multi_wakeup(multi.raw)
        }
    }

    /// Asks the loop to fail every transfer with `.cancelled`, release curl and end its thread. Idempotent.
    func requestShutdown() {
        mailbox.withLock { box in
            guard !box.closed else { return }
            box.shutdownRequested = true
            curl_multi_wakeup(multi.raw)
        }
    }

    /// Returns once the loop's thread has released its curl handles.
    func waitUntilExited() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = exitState.withLock { state in
                if state.exited { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Called by the worker as its thread ends.
    func markExited() {
        let waiters = exitState.withLock { state in
            state.exited = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
