import CurlHTTP
import Foundation
import OSSCore

/// Downloads URL-list entries: HEAD for size/ETag when the server answers it, ranged GETs when it supports them,
/// else one whole GET capped at ``RemoteSourceLimits/maxPartBytes``. `Content-Length` is checked against the bytes
/// received (a short body is retried, then fails as `SIZE_NOT_MATCH`).
struct HTTPSourceReader: SourceReader {
    let transport: any HTTPTransport

    func url(_ entry: ScanEntry) -> String {
        HTTPListLister.urlPrefix(of: entry) + String(decoding: entry.relativePath, as: UTF8.self)
    }

    var wholeBodyLimit: Int64? { RemoteSourceLimits.maxPartBytes }

    func fingerprint(_ entry: ScanEntry) async throws -> SourceFingerprint {
        let url = url(entry)
        let response: HTTPResponse
        do {
            response = try await transport.execute(HTTPRequest(method: "HEAD", url: url))
        } catch let error as HTTPTransportError {
            throw RemoteSourceError.failed("HEAD \(url): \(error)")
        }
        if response.status == 404 || response.status == 410 { throw RemoteSourceError.deleted(url) }
        guard response.isSuccess else {
            // No HEAD here: size unknown until the body arrives.
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

    func body(_ entry: ScanEntry, offset: Int64, length: Int64, expected: SourceFingerprint) async throws -> HTTPBody {
        if length == 0 { return .empty }
        let url = url(entry)
        let whole = length < 0 || (offset == 0 && length == expected.size)
        var request = HTTPRequest(method: "GET", url: url)
        if !whole { request.headers.add(name: "Range", value: "bytes=\(offset)-\(offset + length - 1)") }
        let cap = whole && length < 0 ? RemoteSourceLimits.maxPartBytes : length
        request.maxResponseBodyInMemory = Int(cap) + 1
        let response: HTTPResponse
        do {
            response = try await transport.execute(request)
        } catch let error as HTTPTransportError {
            switch error.kind {
            case .responseTooLarge:
                throw RemoteSourceError.failed(
                    "GET \(url): larger than \(RemoteSourceLimits.maxPartBytes) bytes and the server offers no ranged reads (Accept-Ranges: bytes)")
            case .connectionReset:
                throw RemoteSourceError.changed("SIZE_NOT_MATCH: GET \(url) ended early (fewer bytes than Content-Length): \(error)")
            default:
                throw RemoteSourceError.failed("GET \(url): \(error)")
            }
        }
        if response.status == 404 || response.status == 410 { throw RemoteSourceError.deleted(url) }
        if response.status == 412 || response.status == 416 {
            throw RemoteSourceError.changed("SIZE_NOT_MATCH: \(url) changed (HTTP \(response.status))")
        }
        guard response.isSuccess else { throw RemoteSourceError.failed("GET \(url): HTTP \(response.status)") }
        if !whole && response.status != 206 {
            throw RemoteSourceError.failed("GET \(url): the server ignored the Range header (HTTP \(response.status))")
        }
        let received = Int64(response.body.count)
        if let announced = response.headers["Content-Length"].flatMap({ Int64($0) }), announced != received {
            throw RemoteSourceError.changed("SIZE_NOT_MATCH: \(url) announced Content-Length \(announced), received \(received) bytes")
        }
        if length >= 0 && received != length {
            throw RemoteSourceError.changed("SIZE_NOT_MATCH: \(url): expected \(length) bytes from offset \(offset), received \(received)")
        }
        if let version = expected.version, let etag = response.headers["ETag"], etag != version {
            throw RemoteSourceError.changed("SIZE_NOT_MATCH: \(url) changed (etag before: \(version); now: \(etag))")
        }
        return .bytes(response.body)
    }
}
