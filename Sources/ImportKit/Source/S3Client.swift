import CurlHTTP
import Foundation
import OSSCore

/// A small S3 client for reading a source bucket: ListObjectsV2, HEAD and ranged GET, AWS Signature V4.
///
/// Path-style URLs (`http://host/bucket/key`) for IP addresses, `localhost` and bucket names with dots;
/// virtual-hosted (`http://bucket.host/key`) otherwise. Retries transport errors and 5xx answers.
struct S3Client: Sendable {
    let endpoint: OSSEndpoint
    let bucket: String
    let accessKeyId: String
    let secret: String
    let signer: S3SignerV4
    let pathStyle: Bool
    let transport: any HTTPTransport
    var maxAttempts = 3

    init(source: RemoteBucketSource, transport: any HTTPTransport) throws {
        endpoint = try OSSEndpoint(parsing: source.endpoint)
        bucket = source.bucket
        accessKeyId = source.accessKeyId
        secret = source.secretKey
        signer = S3SignerV4(region: source.region ?? Self.region(fromHost: endpoint.host) ?? "us-east-1")
        pathStyle = Self.isPathStyleHost(endpoint.host) || bucket.contains(".")
        self.transport = transport
    }

    /// `s3.<region>.amazonaws.com`, `s3-<region>.amazonaws.com`, `s3.dualstack.<region>.amazonaws.com`.
    static func region(fromHost host: String) -> String? {
        guard host.hasSuffix(".amazonaws.com") else { return nil }
        let labels = host.split(separator: ".").map(String.init)
        if labels.count >= 4, labels[0] == "s3" {
            let candidate = labels[1] == "dualstack" && labels.count >= 5 ? labels[2] : labels[1]
            return candidate == "amazonaws" ? nil : candidate
        }
        if labels[0].hasPrefix("s3-") { return String(labels[0].dropFirst(3)) }
        return nil
    }

    static func isPathStyleHost(_ host: String) -> Bool {
        host == "localhost" || host.contains(":") || host.split(separator: ".").allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    private var hostHeader: String {
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let withPort = endpoint.port.map { "\(host):\($0)" } ?? host
        return pathStyle ? withPort : "\(bucket).\(withPort)"
    }

    /// Sends one signed request (retried on transport errors and 5xx); `key == nil` addresses the bucket.
    func send(
        method: String, key: String?, query: [(name: String, value: String)] = [], headers extra: [(name: String, value: String)] = [],
        maxBody: Int = 16 << 20
    ) async throws -> HTTPResponse {
        let objectPath = key.map { "/" + $0 } ?? "/"
        let path = pathStyle ? "/" + bucket + (key.map { "/" + $0 } ?? "") : objectPath
        var url = "\(endpoint.scheme)://\(hostHeader)\(OSSPercentEncoding.encodePath(path))"
        if !query.isEmpty {
            url += "?" + query.map { "\(OSSPercentEncoding.encodeQuery($0.name))=\(OSSPercentEncoding.encodeQuery($0.value))" }
                .joined(separator: "&")
        }
        var attempt = 1
        while true {
            try Task.checkCancellation()
            var signing = S3SignerV4.Request(method: method, path: path, query: query, headers: [("host", hostHeader)] + extra)
            signer.sign(&signing, accessKeyId: accessKeyId, secret: secret, date: Date())
            var headers = HTTPHeaders()
            for header in signing.headers where header.name != "host" { headers.add(name: header.name, value: header.value) }
            var request = HTTPRequest(method: method, url: url, headers: headers)
            request.maxResponseBodyInMemory = maxBody
            do {
                let response = try await transport.execute(request)
                if response.status >= 500 && attempt < maxAttempts {
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(100 * attempt))
                    continue
                }
                return response
            } catch let error as HTTPTransportError where error.isRetryable && attempt < maxAttempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    /// An S3 error answer as an error with the code and message the server sent (never credentials).
    func failure(_ response: HTTPResponse, _ operation: String, _ key: String?) -> RemoteSourceError {
        let root = try? XMLReader.parse(response.body)
        let code = root?.childText("Code") ?? "HTTP \(response.status)"
        let message = root?.childText("Message") ?? ""
        let target = "s3://\(bucket)/\(key ?? "")"
        if response.status == 404 && key != nil && code != "NoSuchBucket" { return .deleted(target) }
        // Keys, bucket or region wrong: name the src… keys (an AccessDenied on one object stays that object's).
        if key == nil || code != "AccessDenied" {
            let answer = ServiceErrorAdvice.Answer(
                status: response.status, code: code, message: message,
                requestId: response.headers["x-amz-request-id"] ?? "",
                endpoint: root?.childText("Endpoint").flatMap { $0.isEmpty ? nil : $0 })
            if let advice = ServiceErrorAdvice.message(for: answer, side: .source, bucket: bucket, domain: "\(endpoint)") {
                return .failed(advice)
            }
        }
        return .failed("\(operation) \(target): \(code)\(message.isEmpty ? "" : ": \(message)") (HTTP \(response.status))")
    }

    /// One ListObjectsV2 page after `startAfter`.
    func listObjectsV2(prefix: String, startAfter: String?, maxKeys: Int = 1000) async throws -> (objects: [ListedObject], truncated: Bool) {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", String(maxKeys)), ("encoding-type", "url")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        let response = try await send(method: "GET", key: nil, query: query)
        guard response.isSuccess else { throw failure(response, "ListObjectsV2", nil) }
        let root = try XMLReader.parse(response.body)
        let encoded = root.childText("EncodingType") == "url"
        func decoded(_ text: String) -> String { encoded ? OSSPercentEncoding.decode(text, plusAsSpace: true) ?? text : text }
        let objects = root.children("Contents").map { item in
            ListedObject(
                key: decoded(item.childText("Key") ?? ""), size: item.childText("Size").flatMap { Int64($0) } ?? 0,
                lastModified: item.childText("LastModified").flatMap(HTTPDate.parseISO8601))
        }
        return (objects, root.childText("IsTruncated") == "true")
    }

    /// HEAD: `nil` when the object does not exist.
    func head(key: String) async throws -> HTTPResponse? {
        let response = try await send(method: "HEAD", key: key)
        if response.status == 404 { return nil }
        guard response.isSuccess else { throw failure(response, "HeadObject", key) }
        return response
    }

    /// GET of `range` (inclusive) or the whole object, into memory.
    func get(key: String, range: ClosedRange<Int64>?, ifMatch: String?, maxBytes: Int) async throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        if let range { headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        if let ifMatch { headers.append(("If-Match", ifMatch)) }
        let response = try await send(method: "GET", key: key, headers: headers, maxBody: maxBytes)
        if response.status == 412 || response.status == 416 {
            throw RemoteSourceError.changed("s3://\(bucket)/\(key) changed since it was listed (HTTP \(response.status))")
        }
        guard response.isSuccess else { throw failure(response, "GetObject", key) }
        return response
    }
}
