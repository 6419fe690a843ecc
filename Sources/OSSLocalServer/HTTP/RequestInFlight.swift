import NIOCore
import NIOHTTP1

/// The request a connection is currently receiving or answering.
final class RequestInFlight {
    let requestId: String
    let version: HTTPVersion
    let isHead: Bool
    let keepAlive: Bool
    let expectsContinue: Bool
    var operation = "Unknown"
    var prepared: PreparedRequest?
    /// Set when the request failed before its body was complete: sent once the body is read
    /// (or at once, closing the connection, if the client waits for `100 Continue`).
    var early: OSSResponse?
    var fault: FaultRule.Action?
    var collected: ByteBuffer?
    var bodyBytes = 0

    init(requestId: String, head: HTTPRequestHead) {
        self.requestId = requestId
        self.version = head.version
        self.isHead = head.method == .HEAD
        self.keepAlive = head.isKeepAlive
        self.expectsContinue = head.headers.first(name: "expect")?.lowercased() == "100-continue"
    }

    var isStalled: Bool {
        if case .stall = fault { return true }
        return false
    }

    /// Drops a writer's temp file when the request is abandoned. Idempotent: the early response's file is closed
    /// once (a second close could hit a descriptor another event loop has opened since).
    func abandon() {
        if case .stream(let writer) = prepared?.body { writer.abandon() }
        discardEarlyBody()
    }

    /// Closes the early response's file, if any, and forgets the response.
    func discardEarlyBody() {
        early?.discardBody()
        early = nil
    }
}
