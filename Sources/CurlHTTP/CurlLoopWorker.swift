import CCurl

/// The body of a `CurlEventLoop` thread: owns the multi handle's use, the active transfers and an easy-handle pool.
///
/// Not Sendable: created on the loop thread and used only there.
final class CurlLoopWorker {
    private let loop: CurlEventLoop
    private let options: CurlTransportOptions
    private var multi: UnsafeMutableRawPointer { loop.multi.raw }
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var pool: [UnsafeMutableRawPointer] = []
    private var rateBlocked: [CurlTransfer] = []
    private static let maxPooledHandles = 256
    private static let idlePollMilliseconds: Int32 = 100

    init(loop: CurlEventLoop, options: CurlTransportOptions) {
        self.loop = loop
        self.options = options
    }

    func run() {
        while true {
            let (submissions, cancellations, shutdown) = loop.mailbox.withLock { box in
                defer {
                    box.submissions = []
                    box.cancellations = []
                    box.waiting = false
                }
                return (box.submissions, box.cancellations, box.shutdownRequested)
            }
            for transfer in submissions { start(transfer) }
            for transfer in cancellations { cancel(transfer) }
            if shutdown { break }

            resumeRateBlocked()
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectFinished()
            // Submissions from here on wake the poll; one that came since the mailbox was read is taken first.
            let idle = loop.mailbox.withLock { box in
                box.waiting = box.submissions.isEmpty && box.cancellations.isEmpty && !box.shutdownRequested
                return box.waiting
            }
            guard idle else { continue }
            var ready: Int32 = 0
            _ = curl_multi_poll(multi, nil, 0, pollTimeout(), &ready)
        }
        close()
    }

    // MARK: Transfers

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelRequested.withLock({ $0 }) {
            finish(transfer, .failure(CancellationError()))
            return
        }
        guard let handle = pool.popLast() ?? curl_easy_init() else {
            finish(transfer, .failure(HTTPTransportError(kind: .other, message: "\(transfer.context): curl_easy_init failed")))
            return
        }
        do {
            try transfer.configure(handle: handle, options: options)
        } catch {
            finish(transfer, .failure(error))
            return
        }
        transfer.worker = self
        let code = curl_multi_add_handle(multi, handle)
        guard code == CURLM_OK else {
            let text = String(cString: curl_multi_strerror(code))
            finish(transfer, .failure(HTTPTransportError(kind: .other, message: "\(transfer.context): \(text)")))
            return
        }
        active[handle] = transfer
    }

    private func cancel(_ transfer: CurlTransfer) {
        guard let handle = transfer.handle, active.removeValue(forKey: handle) != nil else { return }
        curl_multi_remove_handle(multi, handle)
        finish(transfer, .failure(CancellationError()))
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard ccurl_msg_is_done(message) != 0, let handle = ccurl_msg_easy_handle(message) else { continue }
            let code = ccurl_msg_result(message)
            guard let transfer = active.removeValue(forKey: handle) else { continue }
            curl_multi_remove_handle(multi, handle)
            if code == CURLE_OK && transfer.abortReason == nil {
                finish(transfer, .success(transfer.makeResponse()))
            } else {
                finish(transfer, .failure(transfer.error(for: code)))
            }
        }
    }

    /// Resumes the caller exactly once and recycles the easy handle.
    ///
    /// Only a handle whose transfer succeeded goes back to the pool. `curl_easy_reset` does not clear all of an easy
    /// handle's internal state: after a failed request (e.g. curl 3, a URL whose port is not a number) libcurl 7.88
    /// keeps its receive buffer, and the next `CURLOPT_BUFFERSIZE` on that handle fails with curl 43, so one bad URL
    /// made every later GET of the process fail. A failed handle is destroyed instead: a request never inherits
    /// anything from another one. (Connections live in the multi handle's cache, so nothing is lost.)
    private func finish(_ transfer: CurlTransfer, _ result: Result<HTTPResponse, any Error>) {
        transfer.closeFile()
        if let handle = transfer.handle {
            transfer.handle = nil
            let reusable: Bool
            if case .success = result { reusable = pool.count < Self.maxPooledHandles } else { reusable = false }
            if reusable {
                curl_easy_reset(handle)
                pool.append(handle)
            } else {
                curl_easy_cleanup(handle)
            }
        }
        transfer.worker = nil
        if let continuation = transfer.continuation {
            transfer.continuation = nil
            continuation.resume(with: result)
        }
        loop.mailbox.withLock { $0.load -= 1 }
    }

    // MARK: Rate limiting

    /// Called from a READFUNCTION that returned `CURL_READFUNC_PAUSE`.
    func transferPausedForRate(_ transfer: CurlTransfer) {
        rateBlocked.append(transfer)
    }

    private func resumeRateBlocked() {
        guard !rateBlocked.isEmpty, let limiter = options.rateLimiter, limiter.delayUntilAvailable() == .zero else { return }
        let blocked = rateBlocked
        rateBlocked = []
        for transfer in blocked where transfer.pausedForRate {
            transfer.pausedForRate = false
            guard let handle = transfer.handle, active[handle] != nil else { continue }
            _ = curl_easy_pause(handle, CURLPAUSE_CONT)  // may call the read callback, which may pause again
        }
    }

    private func pollTimeout() -> Int32 {
        guard !rateBlocked.isEmpty, let limiter = options.rateLimiter else { return Self.idlePollMilliseconds }
        let delay = limiter.delayUntilAvailable()
        return Int32(min(Int(Self.idlePollMilliseconds), max(1, delay == .zero ? 1 : delay.curlMilliseconds)))
    }

    // MARK: Shutdown

    private func close() {
        let stopped = HTTPTransportError(kind: .cancelled, message: "the HTTP transport was shut down")
        for (handle, transfer) in active {
            curl_multi_remove_handle(multi, handle)
            finish(transfer, .failure(stopped))
        }
        active = [:]
        let late = loop.mailbox.withLock { box in
            box.closed = true
            defer { box.submissions = [] }
            return box.submissions
        }
        for transfer in late { finish(transfer, .failure(stopped)) }
        for handle in pool { curl_easy_cleanup(handle) }
        pool = []
        curl_multi_cleanup(multi)
        loop.markExited()
    }
}
