import CurlHTTP
import Foundation
import OSSClient
import OSSCore

/// Downloads URL-list entries: HEAD for size/ETag when the server answers it, ranged GETs when it supports them,
/// else one whole GET capped at ``RemoteSourceLimits/maxPartBytes``.
///
/// The URL is the prefix column followed by the relative path with every segment percent-encoded (RFC 3986), so
/// `pics/#photo.jpg` is requested as `pics/%23photo.jpg`, never as `pics/` with a fragment; the object key stays
/// the raw relative path. What is uploaded is exactly the resource named: a redirect (3xx) is not followed and
/// fails naming its `Location`; a body whose length differs from `Content-Length` (or from the HEAD's size) is
/// retried, then fails as `SIZE_NOT_MATCH`; any other status fails as `HTTP <status> <url>` (5xx, 429 and 408, and
/// transport errors that may pass, after ``attempts`` tries).
struct HTTPSourceReader: SourceReader {
    let transport: any HTTPTransport
    /// Tries of one request when the server answers 5xx/429/408 or the connection fails in a retryable way.
    var attempts = 3
    /// Delay before the second try; doubled for each later one (``RetryPolicy/Backoff/exponential``).
    var firstBackoff: Duration = .milliseconds(200)

    /// The URL requested for `entry`: prefix column + percent-encoded relative path.
    func url(_ entry: ScanEntry) -> String {
        HTTPListLister.urlPrefix(of: entry) + OSSPercentEncoding.encodePath(bytes: entry.relativePath)
    }

    var wholeBodyLimit: Int64? { RemoteSourceLimits.maxPartBytes }

    func fingerprint(_ entry: ScanEntry) async throws -> SourceFingerprint {
        let url = url(entry)
        let response = try await send(HTTPRequest(method: "HEAD", url: url))
        if response.status == 404 || response.status == 410 { throw Self.statusError(response, url: url) }
        guard response.isSuccess else {
            // Servers that refuse HEAD (405, 403 for GET-only signed URLs, 3xx...): the GET decides.
            return SourceFingerprint(size: -1, mtimeNanos: 0, inode: 0, isRegularFile: true)
        }
        let ranges = response.headers["Accept-Ranges"]?.lowercased() == "bytes"
        let size = response.headers["Content-Length"].flatMap { Int64($0) } ?? -1
        let modified = response.headers["Last-Modified"].flatMap(HTTPDate.parseRFC1123)
        return SourceFingerprint(
            size: ranges || size <= RemoteSourceLimits.maxPartBytes ? size : -1,
            mtimeNanos: modified.map { Int64($0.timeIntervalSince1970) * 1_000_000_000 } ?? 0,
            inode: 0, isRegularFile: true, version: response.headers["ETag"])
    }

    func body(_ entry: ScanEntry, offset: Int64, length: Int64, expected: SourceFingerprint) async throws -> ObjectBody {
        if length == 0 { return .empty }
        let url = url(entry)
        let whole = length < 0 || (offset == 0 && length == expected.size)
        var request = HTTPRequest(method: "GET", url: url)
        if !whole { request.headers.add(name: "Range", value: "bytes=\(offset)-\(offset + length - 1)") }
        let cap = whole && length < 0 ? RemoteSourceLimits.maxPartBytes : length
        request.maxResponseBodyInMemory = Int(cap) + 1
        let response = try await send(request)
        if response.status == 412 || response.status == 416 {
            throw RemoteSourceError.changed(SourceChange(before: expected, after: .status(response.status), source: url))
        }
        guard response.isSuccess else { throw Self.statusError(response, url: url) }
        if !whole && response.status != 206 {
            throw RemoteSourceError.failed("GET \(url): the server ignored the Range header (HTTP \(response.status))")
        }
        let received = Int64(response.body.count)
        if let announced = response.headers["Content-Length"].flatMap({ Int64($0) }), announced != received {
            throw RemoteSourceError.changed(
                SourceChange(before: expected, after: .announced(contentLength: announced, received: received), source: url))
        }
        if length >= 0 && received != length {
            throw RemoteSourceError.changed(
                SourceChange(before: expected, after: .received(received, expected: length, offset: offset), source: url))
        }
        if let version = expected.version, let etag = response.headers["ETag"], etag != version {
            throw RemoteSourceError.changed(SourceChange(before: expected, after: .version(etag), source: url))
        }
        return .bytes(response.body)
    }

    /// Sends `request`, trying again after 5xx/429/408 answers and retryable transport errors.
    private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let policy = RetryPolicy(maxAttempts: attempts, baseDelay: firstBackoff, backoff: .exponential)
        let retryStatus = { (status: Int) in status >= 500 || status == 429 || status == 408 }
        do {
            let (response, tries) = try await policy.send(over: transport, retryStatus: retryStatus) { request }
            if retryStatus(response.status) && tries > 1 {
                throw RemoteSourceError.failed("HTTP \(response.status) \(request.url) (tried \(tries) times)")
            }
            return response
        } catch let error as HTTPTransportError {
            throw Self.transportError(error, request: request)
        }
    }

    private static func transportError(_ error: HTTPTransportError, request: HTTPRequest) -> RemoteSourceError {
        switch error.kind {
        case .responseTooLarge:
            return .failed(
                "GET \(request.url): larger than \(RemoteSourceLimits.maxPartBytes) bytes and the server offers no ranged reads (Accept-Ranges: bytes)")
        case .connectionReset where request.method == "GET":
            return .changed(SourceChange(before: nil, after: .endedEarly("\(error)"), source: request.url))
        default:
            return .failed("\(request.method) \(request.url): \(error)")
        }
    }

    /// `HTTP <status> <url>`, and for a redirect where it points: redirects are never followed, because whatever
    /// answers there is not the resource the list names.
    static func statusError(_ response: HTTPResponse, url: String) -> RemoteSourceError {
        if (300..<400).contains(response.status) {
            let target = response.headers["Location"].map { " to \($0)" } ?? ""
            return .failed("HTTP \(response.status) \(url) redirects\(target); redirects are not followed — put the final URL in the list")
        }
        return .failed("HTTP \(response.status) \(url)")
    }
}
