import CCurl
import CRC64

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why we stopped a transfer from inside one of its callbacks.
enum CurlAbortReason {
    case sourceRead(String)
    case sourceChanged(String)
    case sinkFailed(String)
    case responseTooLarge(String)
}

/// The state of one request while curl runs it: body source, CRCs, collected response, continuation.
///
/// `@unchecked Sendable`: the transfer is created by `CurlTransport.execute` and handed to one event loop through its
/// locked mailbox; from then on every mutable property is read and written only on that loop's thread (in the loop
/// itself or in curl callbacks, which curl invokes on the thread calling `curl_multi_perform`). The one exception,
/// `cancelRequested`, is lock-protected.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let sink: HTTPResponseBodySink?
    let limiter: RateLimiter?
    let cancelRequested = Locked(false)

    /// Set once before submission; resumed (and cleared) exactly once by the loop.
    var continuation: CheckedContinuation<HTTPResponse, any Error>?

    // Loop-thread state.
    var handle: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>
    var fileDescriptor: Int32 = -1
    let bodyLength: Int64
    var position: Int64 = 0
    var sentCRC = CRC64()
    var receivedCRC = CRC64()
    var receivedCount: Int64 = 0
    var statusFromHeaders = 0
    var responseHeaders = HTTPHeaders()
    var responseBody: [UInt8] = []
    var abortReason: CurlAbortReason?
    var pausedForRate = false
    /// Loop to notify when the read callback pauses for the rate limiter.
    weak var worker: CurlLoopWorker?

    init(request: HTTPRequest, sink: HTTPResponseBodySink?, limiter: RateLimiter?) {
        self.request = request
        self.sink = sink
        self.limiter = limiter
        bodyLength = request.body.length
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        closeFile()
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// `METHOD url-without-query`, for messages.
    var context: String {
        "\(request.method) \(request.redactedURL)"
    }

    /// Opens the body file (if any) and checks it still holds the requested range.
    func openSource() throws(HTTPTransportError) {
        guard case .file(let path, let offset, let length) = request.body else { return }
        guard offset >= 0, length >= 0 else {
            throw HTTPTransportError(kind: .other, message: "\(context): invalid file range offset \(offset) length \(length)")
        }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            throw HTTPTransportError(kind: .sourceRead, message: "\(context): cannot open \(path): \(Self.errnoText())")
        }
        fileDescriptor = fd
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw HTTPTransportError(kind: .sourceRead, message: "\(context): cannot stat \(path): \(Self.errnoText())")
        }
        if Int64(info.st_size) < offset + length {
            throw HTTPTransportError(
                kind: .sourceChanged,
                message: "\(context): \(path) has \(info.st_size) bytes, the request needs bytes \(offset)..<\(offset + length)"
            )
        }
    }

    func closeFile() {
        if fileDescriptor >= 0 {
            close(fileDescriptor)
            fileDescriptor = -1
        }
    }

    /// Copies exactly `count` body bytes at the current position into `buffer`; on failure records the reason.
    func readBody(into buffer: UnsafeMutableRawPointer, count: Int) -> Bool {
        guard count > 0 else { return true }
        switch request.body {
        case .empty:
            return count == 0
        case .bytes(let bytes):
            bytes.withUnsafeBytes { source in
                let start = Int(position)
                UnsafeMutableRawBufferPointer(start: buffer, count: count)
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + count)]))
            }
            return true
        case .file(let path, let offset, _):
            var done = 0
            while done < count {
                let result = pread(fileDescriptor, buffer + done, count - done, off_t(offset + position + Int64(done)))
                if result < 0 {
                    if errno == EINTR { continue }
                    abortReason = .sourceRead("\(context): reading \(path) failed: \(Self.errnoText())")
                    return false
                }
                if result == 0 {
                    let at = offset + position + Int64(done)
                    abortReason = .sourceChanged(
                        "\(context): \(path) ended at byte \(at), expected \(offset + bodyLength) (file changed during upload)"
                    )
                    return false
                }
                done += result
            }
            return true
        }
    }

    /// The error to report for a transfer that ended with `code` (or was aborted by us).
    func error(for code: CURLcode) -> HTTPTransportError {
        let codeValue = Int32(bitPattern: code.rawValue)
        switch abortReason {
        case .sourceRead(let message):
            return HTTPTransportError(kind: .sourceRead, curlCode: codeValue, message: message)
        case .sourceChanged(let message):
            return HTTPTransportError(kind: .sourceChanged, curlCode: codeValue, message: message)
        case .sinkFailed(let message):
            return HTTPTransportError(kind: .sinkFailed, curlCode: codeValue, message: message)
        case .responseTooLarge(let message):
            return HTTPTransportError(kind: .responseTooLarge, curlCode: codeValue, message: message)
        case nil:
            let detail = String(cString: errorBuffer)
            var error = HTTPTransportError(curlCode: code, detail: detail, context: context)
            error.connectedWithoutResponse = statusFromHeaders == 0 && receivedCount == 0 && wasConnected
            return error
        }
    }

    /// Whether libcurl had established the connection (`CURLINFO_CONNECT_TIME_T` is 0 until it has).
    private var wasConnected: Bool {
        guard let handle else { return false }
        var connectTime: curl_off_t = 0
        return ccurl_easy_getinfo_off_t(handle, CURLINFO_CONNECT_TIME_T, &connectTime) == CURLE_OK && connectTime > 0
    }

    /// The response of a transfer that completed.
    func makeResponse() -> HTTPResponse {
        var status = statusFromHeaders
        var sent = position
        if let handle {
            var code = 0
            if ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK, code != 0 { status = code }
            var uploaded: curl_off_t = 0
            if ccurl_easy_getinfo_off_t(handle, CURLINFO_SIZE_UPLOAD_T, &uploaded) == CURLE_OK { sent = Int64(uploaded) }
        }
        var response = HTTPResponse(
            status: status,
            headers: responseHeaders,
            body: responseBody,
            sentBodyCRC64: sentCRC.value,
            receivedBodyCRC64: receivedCRC.value,
            bytesSent: sent,
            bytesReceived: receivedCount
        )
        if let recheck = request.recheckBodyFile, response.isSuccess, case .file(let path, _, _) = request.body {
            response.bodyFileAfter = Self.status(of: path, recheck)
        }
        return response
    }

    /// `stat`/`lstat` of `path`; `nil` when it fails.
    static func status(of path: String, _ recheck: BodyFileRecheck) -> BodyFileStatus? {
        var info = stat()
        guard (recheck == .stat ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return BodyFileStatus(
            size: Int64(info.st_size),
            mtimeNanos: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            inode: UInt64(info.st_ino),
            isRegularFile: (info.st_mode & S_IFMT) == S_IFREG)
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
