import Foundation
import OSSClient

/// Records the retries a client reports.
final class RetryLog: Sendable {
    struct Entry: Sendable {
        var operation: String
        var attempt: Int
        var error: OSSClientError
    }

    private let entries = Locked<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    var callback: @Sendable (String, Int, OSSClientError) -> Void {
        { [entries] operation, attempt, error in
            entries.withLock { $0.append(Entry(operation: operation, attempt: attempt, error: error)) }
        }
    }
}

/// A tiny lock (the tests cannot see CurlHTTP's internal one).
final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
