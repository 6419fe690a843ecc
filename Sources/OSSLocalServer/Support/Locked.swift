import Synchronization

/// A value guarded by a `Mutex`, in a class so that value types holding it stay copyable. Used for state shared
/// between NIO event loops (the bucket index, fault rules, statistics); critical sections are short and never do I/O.
final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<T: Sendable, E: Error>(_ body: (inout sending Value) throws(E) -> T) throws(E) -> T {
        try mutex.withLock { (value: inout sending Value) throws(E) -> T in try body(&value) }
    }
}
