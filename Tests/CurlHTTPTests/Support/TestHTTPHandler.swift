import CRC64
import NIOCore
import NIOHTTP1

/// Serves the routes documented on `TestHTTPServer`. One instance per connection, confined to its event loop.
final class TestHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let stats: ServerStats
    private var head: HTTPRequestHead?
    private var bodyCRC = CRC64()
    private var bodyLength = 0

    init(stats: ServerStats) {
        self.stats = stats
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            bodyCRC = CRC64()
            bodyLength = 0
            if requestHead.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))), promise: nil)
            }
        case .body(let buffer):
            buffer.withUnsafeReadableBytes { bodyCRC.update($0) }
            bodyLength += buffer.readableBytes
            stats.received(bodyBytes: buffer.readableBytes)
        case .end:
            guard let head else { return }
            self.head = nil
            respond(context: context, to: head)
        }
    }

    private func respond(context: ChannelHandlerContext, to head: HTTPRequestHead) {
        let (path, query) = Self.split(head.uri)
        let number = { (name: String) in query[name].flatMap { Int($0) } ?? 0 }
        switch path {
        case "/echo":
            var headers = HTTPHeaders()
            headers.add(name: "x-echo-method", value: head.method.rawValue)
            headers.add(name: "x-echo-length", value: String(bodyLength))
            headers.add(name: "x-echo-crc64", value: String(bodyCRC.value))
            headers.add(name: "x-echo-uri", value: head.uri)
            var seen: [String: [String]] = [:]
            var order: [String] = []
            for (name, value) in head.headers {
                let key = name.lowercased()
                if seen[key] == nil { order.append(key) }
                seen[key, default: []].append(value)
            }
            for key in order { headers.add(name: "x-echo-h-\(key)", value: seen[key, default: []].joined(separator: ",")) }
            send(context: context, head: head, status: .ok, headers: headers, body: Array("ok".utf8))
        case "/bytes":
            send(context: context, head: head, status: .ok, headers: HTTPHeaders(), body: TestPattern.bytes(count: number("n")))
        case "/status":
            let body = Array("<Error><Code>Test</Code><Message>status \(number("code"))</Message></Error>".utf8)
            send(context: context, head: head, status: HTTPResponseStatus(statusCode: number("code")), headers: ["content-type": "application/xml"], body: body)
        case "/delay":
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(number("ms")))) {
                guard context.channel.isActive else { return }
                self.send(context: context, head: head, status: .ok, headers: HTTPHeaders(), body: Array("late".utf8))
            }
        case "/truncate":
            let total = number("n")
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: String(total))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            let half = TestPattern.bytes(count: total / 2)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: half)))), promise: nil)
            context.close(promise: nil)
        default:
            send(context: context, head: head, status: .notFound, headers: HTTPHeaders(), body: Array("no route".utf8))
        }
    }

    private func send(
        context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus, headers: HTTPHeaders, body: [UInt8]
    ) {
        var headers = headers
        headers.replaceOrAdd(name: "content-length", value: String(body.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD, !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        stats.requestCompleted()
    }

    private static func split(_ uri: String) -> (path: String, query: [String: String]) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
            }
        }
        return (String(parts.first ?? ""), query)
    }
}
