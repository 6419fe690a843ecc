import Foundation

/// Header signature version 4 (`OSS4-HMAC-SHA256`), as the official SDKs compute it.
///
/// Each stage is public so tests can check the intermediate strings. Pure: the time is a parameter.
public struct OSSSignerV4: Sendable {
    /// Region id such as `cn-hangzhou` (not `oss-cn-hangzhou`).
    public var region: String
    /// Product name in the scope; `oss`.
    public var product = "oss"

    /// A signer for `region`.
    public init(region: String, product: String = "oss") {
        self.region = region
        self.product = product
    }

    static let algorithm = "OSS4-HMAC-SHA256"
    static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// `VERB\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\n\nAdditionalHeaders\nHashedPayload`.
    public func canonicalRequest(_ r: OSSSigningRequest, additionalHeaders: [String]) -> String {
        let additional = Self.effectiveAdditionalHeaders(additionalHeaders, in: r.headers)
        return r.method + "\n" + Self.canonicalURI(r) + "\n" + Self.canonicalQuery(r.query) + "\n"
            + Self.canonicalHeaders(r.headers, additional: additional) + "\n"
            + additional.joined(separator: ";") + "\n"
            + (r.headers["x-oss-content-sha256"] ?? Self.unsignedPayload)
    }

    /// `OSS4-HMAC-SHA256\n<dateTime>\n<scope>\n<hex sha256(canonical request)>`.
    public func stringToSign(_ r: OSSSigningRequest, dateTime: String, additionalHeaders: [String]) -> String {
        let canonical = canonicalRequest(r, additionalHeaders: additionalHeaders)
        return Self.algorithm + "\n" + dateTime + "\n" + scope(dateTime: dateTime) + "\n"
            + Hex.encode(Digest.sha256(Array(canonical.utf8)))
    }

    /// HMAC-SHA256 chain: `aliyun_v4`+secret → date → region → product → `aliyun_v4_request`.
    public func signingKey(secret: String, date yyyymmdd: String) -> [UInt8] {
        let kDate = Digest.hmacSHA256(key: Array(("aliyun_v4" + secret).utf8), data: Array(yyyymmdd.utf8))
        let kRegion = Digest.hmacSHA256(key: kDate, data: Array(region.utf8))
        let kProduct = Digest.hmacSHA256(key: kRegion, data: Array(product.utf8))
        return Digest.hmacSHA256(key: kProduct, data: Array("aliyun_v4_request".utf8))
    }

    /// `OSS4-HMAC-SHA256 Credential=<AK>/<scope>, Signature=<hex>[, AdditionalHeaders=<a;b>]`.
    /// `dateTime` is the `x-oss-date` value (`20261122T080000Z`), which `r` must carry already.
    public func authorization(
        _ r: OSSSigningRequest, credentials: OSSCredentials, dateTime: String, additionalHeaders: [String]
    ) -> String {
        let toSign = stringToSign(r, dateTime: dateTime, additionalHeaders: additionalHeaders)
        let key = signingKey(secret: credentials.accessKeySecret, date: String(dateTime.prefix(8)))
        let signature = Hex.encode(Digest.hmacSHA256(key: key, data: Array(toSign.utf8)))
        var header = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope(dateTime: dateTime)), Signature=\(signature)"
        let additional = Self.effectiveAdditionalHeaders(additionalHeaders, in: r.headers)
        if !additional.isEmpty {
            header += ", AdditionalHeaders=" + additional.joined(separator: ";")
        }
        return header
    }

    /// Sets `x-oss-date`, `x-oss-content-sha256: UNSIGNED-PAYLOAD` (unless already set), `Date`,
    /// `x-oss-security-token` (when the credentials carry one) and `Authorization`.
    /// `additionalHeaders` names extra headers to sign (such as `host`); names not present in the request are ignored.
    public func sign(
        _ r: inout OSSSigningRequest, credentials: OSSCredentials, date: Date, additionalHeaders: [String] = []
    ) {
        let dateTime = HTTPDate.iso8601Basic(date)
        r.headers["x-oss-date"] = dateTime
        if r.headers["x-oss-content-sha256"] == nil {
            r.headers["x-oss-content-sha256"] = Self.unsignedPayload
        }
        r.headers["Date"] = HTTPDate.rfc1123(date)
        if let token = credentials.securityToken, !token.isEmpty {
            r.headers["x-oss-security-token"] = token
        }
        r.headers["Authorization"] = authorization(
            r, credentials: credentials, dateTime: dateTime, additionalHeaders: additionalHeaders)
    }

    /// `<yyyymmdd>/<region>/<product>/aliyun_v4_request`.
    public func scope(dateTime: String) -> String {
        "\(dateTime.prefix(8))/\(region)/\(product)/aliyun_v4_request"
    }

    // MARK: - Stages

    /// `/bucket/key` percent-encoded with `/` kept; `/` when there is no bucket.
    static func canonicalURI(_ r: OSSSigningRequest) -> String {
        guard let bucket = r.bucket, !bucket.isEmpty else { return "/" }
        return OSSPercentEncoding.encodePath("/\(bucket)/\(r.key ?? "")")
    }

    /// All query parameters, names and values encoded (`/` too), sorted by encoded name, bare when empty.
    static func canonicalQuery(_ query: [(name: String, value: String?)]) -> String {
        let encoded = query.map {
            (name: OSSPercentEncoding.encodeQuery($0.name), value: OSSPercentEncoding.encodeQuery($0.value ?? ""))
        }
        return OSSSignerV1.stableSorted(encoded)
            .map { $0.value.isEmpty ? $0.name : "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    /// Whether a lower-case header name is always signed.
    static func isDefaultSigned(_ lowerName: String) -> Bool {
        lowerName.hasPrefix("x-oss-") || lowerName == "content-type" || lowerName == "content-md5"
    }

    /// Lower-cased, de-duplicated, sorted extra headers that are present and not signed by default.
    static func effectiveAdditionalHeaders(_ names: [String], in headers: OSSHeaders) -> [String] {
        var result = Set<String>()
        for name in names {
            let lower = OSSHeaders.lowercased(name.trimmingCharacters(in: .whitespaces))
            if !lower.isEmpty, !isDefaultSigned(lower), headers.contains(lower) { result.insert(lower) }
        }
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `name:value\n` for every signed header, names lower-cased and sorted, values trimmed,
    /// repeated headers joined with `,`.
    static func canonicalHeaders(_ headers: OSSHeaders, additional: [String]) -> String {
        var grouped: [String: [String]] = [:]
        var order: [String] = []
        for field in headers {
            let name = OSSHeaders.lowercased(field.name)
            guard isDefaultSigned(name) || additional.contains(name) else { continue }
            if grouped[name] == nil { order.append(name) }
            grouped[name, default: []].append(field.value.trimmingCharacters(in: .whitespaces))
        }
        return order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { "\($0):\(grouped[$0, default: []].joined(separator: ","))\n" }
            .joined()
    }
}
