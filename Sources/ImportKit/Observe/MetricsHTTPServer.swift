import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `metricsListen=`: an IPv4 address and a port (`127.0.0.1:9487`).
struct MetricsListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: UInt16

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port > 0 else { return nil }
        let host = String(text[..<colon])
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}

/// Serves the latest metrics text at `GET /metrics` (404 elsewhere), one request per connection, on a dedicated
/// thread with blocking sockets (never on the cooperative pool). The text is replaced by ``update(_:)``.
final class MetricsHTTPServer: Sendable {
    private let state = Mutex<(text: String, listener: Int32)>(("", -1))
    public let address: MetricsListenAddress

    /// Binds and listens. Throws a ``SystemError`` naming the address when the port is taken or not allowed.
    public init(address: MetricsListenAddress) throws {
        self.address = address
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SystemError(errno: errno, operation: "socket", path: "metricsListen=\(address)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = address.port.bigEndian
        inet_pton(AF_INET, address.host, &sin.sin_addr)
        let bound = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SystemError(errno: code, operation: "bind", path: "metricsListen=\(address)")
        }
        state.withLock { $0.listener = fd }
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "metrics-http"
        thread.start()
    }

    public func update(_ text: String) {
        state.withLock { $0.text = text }
    }

    /// Stops accepting connections: the accept thread wakes up, closes the socket and ends. Idempotent.
    public func stop() {
        state.withLock { state in
            if state.listener >= 0 {
                // Only shut down here: the accept thread closes the descriptor, so no thread ever uses its number
                // after it was closed (and perhaps reused by another socket of this process).
                shutdown(state.listener, Int32(SHUT_RDWR))
                state.listener = -1
            }
        }
    }

    private func acceptLoop(_ fd: Int32) {
        defer {
            // Marked closed under the lock first, so a later `stop()` does not shut down a reused number.
            state.withLock { $0.listener = -1 }
            Glibc.close(fd)
        }
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                let code = errno
                if state.withLock({ $0.listener < 0 }) { return }  // stopped
                if code == EINTR || code == ECONNABORTED { continue }
                if code == EMFILE || code == ENFILE {
                    usleep(100_000)  // out of descriptors for a moment: try again rather than stop serving
                    continue
                }
                return
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            respond(client)
            Glibc.close(client)
        }
    }

    private func respond(_ client: Int32) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 16 * 1024, !request.ends(with: Array("\r\n\r\n".utf8)) {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            request += buffer[0..<n]
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        let status: String
        var body: String
        var type = MetricsExposition.contentType
        if line.count >= 2, line[0] == "GET" || line[0] == "HEAD", line[1] == "/metrics" || line[1].hasPrefix("/metrics?") {
            status = "200 OK"
            body = state.withLock { $0.text }
        } else {
            status = "404 Not Found"
            body = "only GET /metrics is served here\n"
            type = "text/plain; charset=utf-8"
        }
        let bytes = Array(body.utf8)
        var response = Array("HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n".utf8)
        if line.first != "HEAD" { response += bytes }
        var offset = 0
        while offset < response.count {
            let n = response[offset...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
        body = ""
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
