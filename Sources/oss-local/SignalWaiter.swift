import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM (dispatch sources, so the default handlers are disabled).
enum SignalWaiter {
    static func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "oss-local.signals")
            let once = OnceFlag()
            var sources: [any DispatchSourceSignal] = []
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
                source.setEventHandler {
                    if once.take() { continuation.resume() }
                }
                source.resume()
                sources.append(source)
            }
            Retainer.keep(sources)
        }
    }

    /// Keeps the signal sources alive for the life of the process.
    private enum Retainer {
        nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
        static func keep(_ s: [any DispatchSourceSignal]) { sources = s }
    }

    /// True exactly once (accessed only on the signal queue).
    private final class OnceFlag: @unchecked Sendable {
        private var done = false
        func take() -> Bool {
            if done { return false }
            done = true
            return true
        }
    }
}
