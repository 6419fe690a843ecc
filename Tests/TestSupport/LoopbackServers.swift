import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP port that accepts connections (the kernel completes the handshake) and never answers.
public final class SilentListener: @unchecked Sendable {
    public let port: Int
    fileprivate let fd: Int32

    public init() throws {
        (fd, port) = try Self.listenOnLoopback()
    }

    deinit { close(fd) }

    /// A listening socket on 127.0.0.1 with a kernel-chosen port.
    fileprivate static func listenOnLoopback() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// An ordinary web server that is not OSS: every request gets the same small HTML page with `status`, no OSS
/// headers, and the connection closed. Runs on its own thread until `stop()`.
public final class PlainWebServer: Sendable {
    public let port: Int
    private let fd: Int32
    /// `stopped`: `stop()` was called; `closed`: the accept thread closed the socket.
    private let state = Mutex<(stopped: Bool, closed: Bool)>((false, false))

    public init(status: Int) throws {
        (fd, port) = try SilentListener.listenOnLoopback()
        let fd = self.fd
        // The listening socket is closed by this thread only: closing it anywhere else could close a descriptor
        // number the process has reused meanwhile (an NIO socket of a test server).
        let thread = Thread { [self] in
            defer {
                state.withLock { $0.closed = true }
                close(fd)
            }
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    let code = errno
                    if state.withLock({ $0.stopped }) { return }
                    if code == EINTR || code == ECONNABORTED { continue }
                    if code == EMFILE || code == ENFILE {
                        usleep(50_000)
                        continue
                    }
                    return
                }
                if state.withLock({ $0.stopped }) {
                    close(client)
                    return
                }
                Self.answer(client, status: status)
            }
        }
        thread.start()
    }

    private static func answer(_ client: Int32, status: Int) {
        defer { close(client) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.containsHeaderEnd {
            let got = read(client, &buffer, buffer.count)
            if got <= 0 { return }
            request += buffer[0..<got]
        }
        let body = "<html><body><h1>It works</h1></body></html>"
        let isHead = request.starts(with: Array("HEAD ".utf8))
        let text =
            "HTTP/1.1 \(status) Status\r\nContent-Type: text/html\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n" + (isHead ? "" : body)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
        // Let the client finish sending its body (an upload) before the close, so it reads the answer, not a reset.
        shutdown(client, Int32(SHUT_WR))
        while read(client, &buffer, buffer.count) > 0 {}
    }

    /// Stops accepting: the accept thread wakes up, closes the socket and ends. Idempotent.
    public func stop() {
        state.withLock { state in
            // Under the lock: the accept thread cannot close the socket between the check and the shutdown.
            if !state.stopped && !state.closed { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
            state.stopped = true
        }
    }
}

extension [UInt8] {
    fileprivate var containsHeaderEnd: Bool {
        count >= 4 && (0...(count - 4)).contains { self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10 }
    }
}
