import Foundation
import OSSCore

/// AWS Signature Version 4 for S3 and S3-compatible stores (`AWS4-HMAC-SHA256`), header-based.
///
/// Pure: the time is a parameter, and each stage is public so tests can compare with AWS's published examples.
public struct S3SignerV4: Sendable {
    /// Region such as `us-east-1`.
    public var region: String
    /// Service in the scope; `s3`.
    public var service: String

    public init(region: String, service: String = "s3") {
        self.region = region
        self.service = service
    }

    /// A request to sign: `path` is the raw (not yet encoded) absolute path, such as `/bucket/key` or `/key`.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: [(name: String, value: String)]
        /// Every header to sign, `host` included; names in any case.
        public var headers: [(name: String, value: String)]

        public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)]) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
        }
    }

    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    static let algorithm = "AWS4-HMAC-SHA256"

    /// `name1;name2` of the signed headers, lower-cased and sorted.
    public static func signedHeaders(_ r: Request) -> String {
        Set(r.headers.map { $0.name.lowercased() }).sorted().joined(separator: ";")
    }

    /// `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNED\nPAYLOAD-HASH`.
    public func canonicalRequest(_ r: Request) -> String {
        var grouped: [String: [String]] = [:]
        for header in r.headers {
            let value = header.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            grouped[header.name.lowercased(), default: []].append(value)
        }
        let headers = grouped.keys.sorted().map { "\($0):\(grouped[$0, default: []].joined(separator: ","))\n" }.joined()
        var pairs: [(name: String, value: String)] = []
        for item in r.query {
            pairs.append((OSSPercentEncoding.encodeQuery(item.name), OSSPercentEncoding.encodeQuery(item.value)))
        }
        pairs.sort { (a: (name: String, value: String), b: (name: String, value: String)) -> Bool in
            a.name == b.name ? a.value < b.value : a.name < b.name
        }
        let query = pairs.map { (pair: (name: String, value: String)) -> String in pair.name + "=" + pair.value }
            .joined(separator: "&")
        let payload = grouped["x-amz-content-sha256"]?.first ?? Self.unsignedPayload
        let uri = OSSPercentEncoding.encodePath(r.path.isEmpty ? "/" : r.path)
        let parts: [String] = [r.method, uri, query, headers, Self.signedHeaders(r), payload]
        return parts.joined(separator: "\n")
    }

    /// `<yyyymmdd>/<region>/<service>/aws4_request`.
    public func scope(amzDate: String) -> String { "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request" }

    public func stringToSign(_ r: Request, amzDate: String) -> String {
        Self.algorithm + "\n" + amzDate + "\n" + scope(amzDate: amzDate) + "\n"
            + Hex.encode(Digest.sha256(Array(canonicalRequest(r).utf8)))
    }

    public func signature(_ r: Request, secret: String, amzDate: String) -> String {
        var key = Digest.hmacSHA256(key: Array(("AWS4" + secret).utf8), data: Array(amzDate.prefix(8).utf8))
        for part in [region, service, "aws4_request"] { key = Digest.hmacSHA256(key: key, data: Array(part.utf8)) }
        return Hex.encode(Digest.hmacSHA256(key: key, data: Array(stringToSign(r, amzDate: amzDate).utf8)))
    }

    /// Adds `x-amz-date`, `x-amz-content-sha256` (UNSIGNED-PAYLOAD unless present) and `Authorization`.
    /// `r.headers` must already hold `host`.
    public func sign(_ r: inout Request, accessKeyId: String, secret: String, date: Date) {
        let amzDate = HTTPDate.iso8601Basic(date)
        r.headers.removeAll { $0.name.lowercased() == "x-amz-date" || $0.name.lowercased() == "authorization" }
        r.headers.append(("x-amz-date", amzDate))
        if !r.headers.contains(where: { $0.name.lowercased() == "x-amz-content-sha256" }) {
            r.headers.append(("x-amz-content-sha256", Self.unsignedPayload))
        }
        let value = "\(Self.algorithm) Credential=\(accessKeyId)/\(scope(amzDate: amzDate)), "
            + "SignedHeaders=\(Self.signedHeaders(r)), Signature=\(signature(r, secret: secret, amzDate: amzDate))"
        r.headers.append(("Authorization", value))
    }
}
