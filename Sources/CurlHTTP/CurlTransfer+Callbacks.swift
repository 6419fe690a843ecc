import CCurl
import CRC64

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// C callbacks: they cannot capture, so each receives the transfer as an unretained `Unmanaged` pointer. The event
// loop keeps the transfer alive (in its table of active transfers) for as long as curl may call them.

private func transferFrom(_ userdata: UnsafeMutableRawPointer?) -> CurlTransfer? {
    guard let userdata else { return nil }
    return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
}

func curlReadCallback(
    _ buffer: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let transfer = transferFrom(userdata) else { return Int(CURL_READFUNC_ABORT) }
    return transfer.onRead(buffer, capacity: size * count)
}

func curlWriteCallback(
    _ buffer: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let transfer = transferFrom(userdata) else { return 0 }
    return transfer.onWrite(UnsafeRawBufferPointer(start: buffer, count: size * count))
}

func curlHeaderCallback(
    _ buffer: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let transfer = transferFrom(userdata) else { return 0 }
    return transfer.onHeader(UnsafeRawBufferPointer(start: buffer, count: size * count))
}

func curlSeekCallback(_ userdata: UnsafeMutableRawPointer?, _ offset: curl_off_t, _ origin: Int32) -> Int32 {
    guard let transfer = transferFrom(userdata) else { return Int32(CURL_SEEKFUNC_FAIL) }
    return transfer.onSeek(offset: offset, origin: origin)
}

extension CurlTransfer {
    /// READFUNCTION: hands the next body bytes to curl, pausing while the rate limiter has no tokens.
    func onRead(_ buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let remaining = bodyLength - position
        guard remaining > 0 else { return 0 }
        var count = Int(min(Int64(capacity), remaining))
        if let limiter {
            let granted = limiter.acquire(upTo: count)
            if granted == 0 {
                pausedForRate = true
                worker?.transferPausedForRate(self)
                return Int(CURL_READFUNC_PAUSE)
            }
            count = granted
        }
        guard readBody(into: buffer, count: count) else { return Int(CURL_READFUNC_ABORT) }
        sentCRC.update(UnsafeRawBufferPointer(start: buffer, count: count))
        position += Int64(count)
        return count
    }

    /// SEEKFUNCTION: curl rewinds the body to resend it (e.g. after a redirect or a reused connection that closed).
    func onSeek(offset: curl_off_t, origin: Int32) -> Int32 {
        guard origin == SEEK_SET, offset == 0 else { return Int32(CURL_SEEKFUNC_CANTSEEK) }
        position = 0
        sentCRC = CRC64()
        return Int32(CURL_SEEKFUNC_OK)
    }

    /// WRITEFUNCTION: the response body goes to the sink (2xx with a sink) or to memory (bounded).
    func onWrite(_ chunk: UnsafeRawBufferPointer) -> Int {
        receivedCRC.update(chunk)
        receivedCount += Int64(chunk.count)
        if let sink, (200..<300).contains(statusFromHeaders) {
            do {
                try sink(chunk)
            } catch {
                abortReason = .sinkFailed("\(context): response body sink failed: \(error)")
                return 0
            }
            return chunk.count
        }
        let limit = request.maxResponseBodyInMemory
        if responseBody.count + chunk.count > limit {
            abortReason = .responseTooLarge("\(context): response body exceeds the in-memory limit of \(limit) bytes")
            return 0
        }
        if responseBody.isEmpty, let declared = responseHeaders.first(name: "Content-Length").flatMap({ Int($0) }) {
            responseBody.reserveCapacity(min(declared, limit))
        }
        responseBody.append(contentsOf: chunk)
        return chunk.count
    }

    /// HEADERFUNCTION: one header line at a time; a status line starts a new response (after `100 Continue`).
    func onHeader(_ line: UnsafeRawBufferPointer) -> Int {
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        let bytes = UnsafeRawBufferPointer(rebasing: line[0..<end])
        if bytes.starts(with: "HTTP/".utf8) {
            responseHeaders = HTTPHeaders()
            statusFromHeaders = Self.parseStatus(bytes)
        } else if let colon = bytes.firstIndex(of: 0x3A) {
            var valueStart = colon + 1
            while valueStart < end, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            var valueEnd = end
            while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            let name = String(decoding: bytes[0..<colon], as: UTF8.self)
            let value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
            responseHeaders.add(name: name, value: value)
        }
        return line.count
    }

    /// The 3-digit code after the first space of `HTTP/1.1 200 OK`, or 0.
    static func parseStatus(_ line: UnsafeRawBufferPointer) -> Int {
        guard let space = line.firstIndex(of: 0x20) else { return 0 }
        var status = 0
        var index = space + 1
        while index < line.count, line[index] >= 0x30, line[index] <= 0x39, status < 1000 {
            status = status * 10 + Int(line[index] - 0x30)
            index += 1
        }
        return status
    }
}
