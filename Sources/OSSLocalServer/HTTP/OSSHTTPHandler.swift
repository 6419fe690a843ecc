import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 connection: routes each request, streams its body, applies faults and writes
/// the OSS response. Runs entirely on the channel's event loop (bodies are written to disk with
/// plain `write(2)` into the page cache; multi-megabyte copies run on the thread pool).
final class OSSHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: ServerCore
    private var current: RequestInFlight?
    private var closed = false
    private var cachedDateSecond = -1
    private var cachedDate = ""

    init(core: ServerCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): receiveHead(head, context: context)
        case .body(let buffer): receiveBody(buffer, context: context)
        case .end: receiveEnd(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        current?.abandon()
        current = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        current?.abandon()
        current = nil
        context.close(promise: nil)
    }

    // MARK: request parts

    private func receiveHead(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let request = RequestInFlight(requestId: RequestIDs.next(), head: head)
        current = request
        if head.uri.hasPrefix(AdminEndpoint.pathPrefix) {
            request.operation = "Admin"
            request.prepared = AdminEndpoint.prepare(method: head.method.rawValue, uri: head.uri, core: core)
        } else {
            do throws(OSSLocalError) {
                let parsed = try ParsedRequest.parse(method: head.method.rawValue, uri: head.uri, headers: head.headers)
                request.operation = OSSService.operationName(parsed)
                core.stats.count(request.operation)
                try core.authenticator.check(parsed, now: Date().timeIntervalSince1970)
                request.fault = core.faults.action(method: parsed.method, key: parsed.keyString, queryNames: parsed.query.map(\.name))
                switch request.fault {
                case .error(let status, let code, let message)?:
                    throw OSSLocalError(status: status, code: code, message: message, ec: "0000-00000099")
                case .resetAfterBodyBytes(let n)? where n <= 0:
                    reset(context: context)
                    return
                case .stall?:
                    break
                default:
                    request.prepared = try core.service.prepare(request.operation, parsed, requestId: request.requestId)
                }
            } catch {
                request.early = error.response(requestId: request.requestId, isHead: request.isHead)
                if request.expectsContinue {
                    // The client waits for 100 Continue: answer now and close rather than read the body.
                    send(request, context: context, forceClose: true)
                    return
                }
            }
        }
        if request.expectsContinue {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
        }
    }

    private func receiveBody(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        guard let request = current else { return }
        request.bodyBytes += buffer.readableBytes
        // Counted as bytes arrive (not when the request ends), so rates sampled mid-upload are true.
        if request.operation != "Admin" { core.stats.addBodyBytes(buffer.readableBytes) }
        if case .resetAfterBodyBytes(let n)? = request.fault, request.bodyBytes >= n {
            reset(context: context)
            return
        }
        guard request.early == nil, let prepared = request.prepared else { return }
        switch prepared.body {
        case .ignore:
            break
        case .collect(let limit):
            if request.bodyBytes > limit {
                request.early = OSSLocalError(status: 400, code: "InvalidArgument", message: "The request body is too large for this operation (limit \(limit) bytes).")
                    .response(requestId: request.requestId, isHead: request.isHead)
                request.collected = nil
            } else {
                var incoming = buffer
                if request.collected == nil { request.collected = context.channel.allocator.buffer(capacity: buffer.readableBytes) }
                request.collected?.writeBuffer(&incoming)
            }
        case .stream(let writer):
            do throws(OSSLocalError) {
                try writer.write(buffer)
            } catch {
                writer.abandon()
                request.early = error.response(requestId: request.requestId, isHead: request.isHead)
            }
        }
    }

    private func receiveEnd(context: ChannelHandlerContext) {
        guard let request = current else { return }
        if request.isStalled { return }
        if case .resetAfterBodyBytes? = request.fault {
            reset(context: context)
            return
        }
        if request.early != nil || request.prepared == nil {
            send(request, context: context)
            return
        }
        guard let prepared = request.prepared else { return }
        let body = request.collected
        switch prepared.finish {
        case .onLoop(let finish):
            do throws(OSSLocalError) {
                request.early = try finish(body)
            } catch {
                request.early = error.response(requestId: request.requestId, isHead: request.isHead)
            }
            deliver(request, context: context)
        case .offload(let finish):
            let requestId = request.requestId
            let isHead = request.isHead
            let future = core.threadPool.runIfActive(eventLoop: context.eventLoop) { () -> OSSResponse in
                do throws(OSSLocalError) {
                    return try finish(body)
                } catch {
                    return error.response(requestId: requestId, isHead: isHead)
                }
            }
            future.assumeIsolated().whenComplete { result in
                switch result {
                case .success(let response): request.early = response
                case .failure: request.early = OSSLocalError.internalError("server is shutting down").response(requestId: requestId, isHead: isHead)
                }
                self.deliver(request, context: context)
            }
        }
    }

    // MARK: responses

    /// Applies response-side faults, then sends.
    private func deliver(_ request: RequestInFlight, context: ChannelHandlerContext) {
        if closed {
            request.abandon()
            return
        }
        switch request.fault {
        case .resetBeforeResponse?:
            request.discardEarlyBody()
            reset(context: context)
        case .wrongCRC?:
            if var response = request.early {
                let crc = response.headers.first { $0.0 == "x-oss-hash-crc64ecma" }.flatMap { UInt64($0.1) } ?? 0
                response.headers.removeAll { $0.0 == "x-oss-hash-crc64ecma" }
                response.headers.append(("x-oss-hash-crc64ecma", String(crc ^ 0x5A5A_5A5A_5A5A_5A5A)))
                request.early = response
            }
            send(request, context: context)
        case .delay(let ms)?:
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(ms))) {
                if self.closed { request.abandon() } else { self.send(request, context: context) }
            }
        default:
            send(request, context: context)
        }
    }

    private func send(_ request: RequestInFlight, context: ChannelHandlerContext, forceClose: Bool = false) {
        if current === request { current = nil }
        let response = request.early ?? OSSResponse(status: .internalServerError)
        request.early = nil
        let keepAlive = request.keepAlive && !forceClose
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 6)
        headers.add(name: "Server", value: "AliyunOSS")
        headers.add(name: "Date", value: dateHeader())
        headers.add(name: "x-oss-request-id", value: request.requestId)
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let length: Int64
        switch response.body {
        case .empty: length = response.headContentLength ?? 0
        case .bytes(let bytes): length = Int64(bytes.count)
        case .file(_, _, let fileLength): length = fileLength
        }
        headers.add(name: "Content-Length", value: String(length))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: response.status, headers: headers))), promise: nil)
        if !request.isHead {
            switch response.body {
            case .empty:
                break
            case .bytes(let bytes):
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
            case .file(let fd, let offset, let fileLength):
                let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: fd)
                let region = FileRegion(fileHandle: handle, readerIndex: Int(offset), endIndex: Int(offset + fileLength))
                let written = context.eventLoop.makePromise(of: Void.self)
                context.write(wrapOutboundOut(.body(.fileRegion(region))), promise: written)
                written.futureResult.whenComplete { _ in try? handle.close() }
            }
        } else {
            response.discardBody()
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// Hard reset: SO_LINGER 0 then close, so the peer sees ECONNRESET.
    private func reset(context: ChannelHandlerContext) {
        current?.abandon()
        current = nil
        closed = true
        if let provider = context.channel as? any SocketOptionProvider {
            provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            context.close(promise: nil)
        }
    }

    private func dateHeader() -> String {
        let now = Int(Date().timeIntervalSince1970)
        if now != cachedDateSecond {
            cachedDateSecond = now
            cachedDate = Timestamp.rfc1123(Double(now))
        }
        return cachedDate
    }
}
