import CurlHTTP
import Foundation
import OSSClient
import OSSCore

/// A small client for reading a bucket of an S3-compatible store: ListObjectsV2, HEAD and ranged GET, signed with
/// AWS Signature V4, each request tried again under ``RetryPolicy`` (retryable transport errors and 5xx answers).
///
/// Path-style URLs (`http://host/bucket/key`) for IP addresses, `localhost` and bucket names with dots;
/// virtual-hosted (`http://bucket.host/key`) otherwise. Answers other than 2xx throw ``S3ErrorAnswer``.
public struct S3Client: Sendable {
    public let endpoint: OSSEndpoint
    public let bucket: String
    let accessKeyId: String
    let secret: String
    let signer: S3SignerV4
    let pathStyle: Bool
    let transport: any HTTPTransport
    /// 3 attempts, 200 ms and 300 ms apart.
    public var retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), backoff: .linear)

    /// `region`: the signing region; `nil` derives it from an AWS host name, else `us-east-1`.
    public init(
        endpoint: OSSEndpoint, bucket: String, accessKeyId: String, secret: String, region: String?,
        transport: any HTTPTransport
    ) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.accessKeyId = accessKeyId
        self.secret = secret
        signer = S3SignerV4(region: region ?? Self.region(fromHost: endpoint.host) ?? "us-east-1")
        pathStyle = Self.isPathStyleHost(endpoint.host) || bucket.contains(".")
        self.transport = transport
    }

    /// `s3.<region>.amazonaws.com`, `s3-<region>.amazonaws.com`, `s3.dualstack.<region>.amazonaws.com`.
    public static func region(fromHost host: String) -> String? {
        guard host.hasSuffix(".amazonaws.com") else { return nil }
        let labels = host.split(separator: ".").map(String.init)
        if labels.count >= 4, labels[0] == "s3" {
            let candidate = labels[1] == "dualstack" && labels.count >= 5 ? labels[2] : labels[1]
            return candidate == "amazonaws" ? nil : candidate
        }
        if labels[0].hasPrefix("s3-") { return String(labels[0].dropFirst(3)) }
        return nil
    }

    public static func isPathStyleHost(_ host: String) -> Bool {
        host == "localhost" || host.contains(":") || host.split(separator: ".").allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    private var hostHeader: String {
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let withPort = endpoint.port.map { "\(host):\($0)" } ?? host
        return pathStyle ? withPort : "\(bucket).\(withPort)"
    }

    /// Sends one signed request (signed afresh for every attempt); `key == nil` addresses the bucket.
    func send(
        method: String, key: String?, query: [(name: String, value: String)] = [], headers extra: [(name: String, value: String)] = [],
        maxBody: Int = 16 << 20
    ) async throws -> HTTPResponse {
        let objectPath = key.map { "/" + $0 } ?? "/"
        let path = pathStyle ? "/" + bucket + (key.map { "/" + $0 } ?? "") : objectPath
        var url = "\(endpoint.scheme)://\(hostHeader)\(OSSPercentEncoding.encodePath(path))"
        if !query.isEmpty {
            url +=
                "?"
                + query.map { "\(OSSPercentEncoding.encodeQuery($0.name))=\(OSSPercentEncoding.encodeQuery($0.value))" }
                .joined(separator: "&")
        }
        return try await retry.send(over: transport, retryStatus: Self.isServerError) {
            var signing = S3SignerV4.Request(method: method, path: path, query: query, headers: [("host", hostHeader)] + extra)
            signer.sign(&signing, accessKeyId: accessKeyId, secret: secret, date: Date())
            var headers = HTTPHeaders()
            for header in signing.headers where header.name != "host" { headers.add(name: header.name, value: header.value) }
            var request = HTTPRequest(method: method, url: url, headers: headers)
            request.maxResponseBodyInMemory = maxBody
            return request
        }.response
    }

    /// 5xx answers are tried again.
    static func isServerError(_ status: Int) -> Bool { status >= 500 }

    /// One ListObjectsV2 page after `startAfter`.
    public func listObjectsV2(
        prefix: String, startAfter: String?, maxKeys: Int = 1000
    ) async throws -> (objects: [S3Object], truncated: Bool) {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", String(maxKeys)), ("encoding-type", "url")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        let response = try await send(method: "GET", key: nil, query: query)
        guard response.isSuccess else { throw S3ErrorAnswer(response, operation: "ListObjectsV2", bucket: bucket, key: nil) }
        let root = try XMLReader.parse(response.body)
        let encoded = root.childText("EncodingType") == "url"
        func decoded(_ text: String) -> String { encoded ? OSSPercentEncoding.decode(text, plusAsSpace: true) ?? text : text }
        let objects = root.children("Contents").map { item in
            S3Object(
                key: decoded(item.childText("Key") ?? ""), size: item.childText("Size").flatMap { Int64($0) } ?? 0,
                lastModified: item.childText("LastModified").flatMap(HTTPDate.parseISO8601))
        }
        return (objects, root.childText("IsTruncated") == "true")
    }

    /// HEAD: `nil` when the object does not exist.
    public func head(key: String) async throws -> HTTPResponse? {
        let response = try await send(method: "HEAD", key: key)
        if response.status == 404 { return nil }
        guard response.isSuccess else { throw S3ErrorAnswer(response, operation: "HeadObject", bucket: bucket, key: key) }
        return response
    }

    /// GET of `range` (inclusive) or the whole object, into memory; `ifMatch` pins the version (412 when it moved).
    public func get(key: String, range: ClosedRange<Int64>?, ifMatch: String?, maxBytes: Int) async throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        if let range { headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        if let ifMatch { headers.append(("If-Match", ifMatch)) }
        let response = try await send(method: "GET", key: key, headers: headers, maxBody: maxBytes)
        guard response.isSuccess else { throw S3ErrorAnswer(response, operation: "GetObject", bucket: bucket, key: key) }
        return response
    }
}

/// One entry of an S3 listing.
public struct S3Object: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var lastModified: Date?
}

/// An S3 error answer: the status and the code and message the server sent (never credentials).
public struct S3ErrorAnswer: Error, Sendable, Equatable {
    public var status: Int
    /// The `<Code>` of the error document, or `HTTP <status>` without one.
    public var code: String
    public var message: String
    public var requestId: String
    /// The `<Endpoint>` a wrong-region answer names, when it names one.
    public var endpoint: String?
    public var operation: String
    public var bucket: String
    /// `nil`: a bucket request.
    public var key: String?

    init(_ response: HTTPResponse, operation: String, bucket: String, key: String?) {
        let root = try? XMLReader.parse(response.body)
        status = response.status
        code = root?.childText("Code") ?? "HTTP \(response.status)"
        message = root?.childText("Message") ?? ""
        requestId = response.headers["x-amz-request-id"] ?? ""
        endpoint = root?.childText("Endpoint").flatMap { $0.isEmpty ? nil : $0 }
        self.operation = operation
        self.bucket = bucket
        self.key = key
    }

    /// `s3://bucket/key`.
    public var target: String { "s3://\(bucket)/\(key ?? "")" }
}
