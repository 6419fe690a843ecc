import CurlHTTP
import Synchronization

/// Wraps a transport and lets a test act before a request goes out (modify the source, fail the request as a dead
/// endpoint would).
public final class HookedTransport: HTTPTransport {
    public typealias Hook = @Sendable (HTTPRequest) throws -> Void
    public let inner: any HTTPTransport
    private let hook = Mutex<Hook?>(nil)

    public init(inner: any HTTPTransport) { self.inner = inner }

    /// Runs `body` before every request; throwing fails the request with that error. Nil removes the hook.
    public func setHook(_ body: Hook?) { hook.withLock { $0 = body } }

    public func execute(_ request: HTTPRequest, responseBody sink: HTTPResponseBodySink?) async throws -> HTTPResponse {
        if let hook = hook.withLock({ $0 }) { try hook(request) }
        return try await inner.execute(request, responseBody: sink)
    }
}

/// A counter shared with hooks.
public final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    /// Adds one and returns the new value.
    @discardableResult public func next() -> Int { value.add(1, ordering: .relaxed).newValue }
    public var current: Int { value.load(ordering: .relaxed) }
}

/// Deterministic test bytes (xorshift over `seed`), `count` long.
public func testPattern(_ count: Int, seed: Int = 0) -> [UInt8] {
    var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
    var out = [UInt8](repeating: 0, count: count)
    for i in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        out[i] = UInt8(truncatingIfNeeded: state)
    }
    return out
}
