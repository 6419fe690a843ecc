/// Where OSS (or an OSS-compatible server) is reached: scheme, host and optional port.
///
/// Accepts `http://oss-cn-hangzhou.aliyuncs.com`, `oss-cn-hangzhou.aliyuncs.com` (https by default),
/// `http://127.0.0.1:9000`, `http://localhost:9000` and `http://[::1]:9000`. A trailing `/` is allowed;
/// any other path, a query, user info or an unknown scheme is rejected.
public struct OSSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// Host name or IP literal (IPv6 without brackets).
    public var host: String
    /// Explicit port, if any.
    public var port: Int?

    /// An endpoint from parts.
    public init(scheme: String, host: String, port: Int? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses a configured endpoint string such as `destDomain`.
    public init(parsing input: String) throws(EndpointError) {
        let text = input.trimmingASCIISpaces()
        guard !text.isEmpty else { throw EndpointError(input: input, reason: .empty) }
        var rest = Substring(text)
        var scheme = "https"
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else {
                throw EndpointError(input: input, reason: .unsupportedScheme(String(rest[..<range.lowerBound])))
            }
            rest = rest[range.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[slash...]
            guard path == "/" else { throw EndpointError(input: input, reason: .hasPath(String(path))) }
            rest = rest[..<slash]
        }
        if rest.contains("?") || rest.contains("#") {
            throw EndpointError(input: input, reason: .hasPath(String(rest)))
        }
        if rest.contains("@") { throw EndpointError(input: input, reason: .hasUserInfo) }

        var host = rest
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw EndpointError(input: input, reason: .invalidHost(String(rest))) }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw EndpointError(input: input, reason: .invalidHost(String(rest))) }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw EndpointError(input: input, reason: .invalidHost(String(host)))
            }
        } else {
            if let colon = rest.lastIndex(of: ":") {
                host = rest[..<colon]
                portText = rest[rest.index(after: colon)...]
            }
            guard !host.isEmpty else { throw EndpointError(input: input, reason: .emptyHost) }
            guard host.utf8.allSatisfy(Self.isHostByte), !host.hasPrefix("."), !host.hasSuffix("."), !host.hasPrefix("-")
            else { throw EndpointError(input: input, reason: .invalidHost(String(host))) }
        }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw EndpointError(input: input, reason: .invalidPort(String(portText)))
            }
            port = value
        }
        self.init(scheme: scheme, host: host.lowercased(), port: port)
    }

    /// The region id from an Alibaba Cloud endpoint: `cn-hangzhou` for `oss-cn-hangzhou.aliyuncs.com`
    /// or `oss-cn-hangzhou-internal.aliyuncs.com`; nil for other hosts (IPs, custom domains, acceleration).
    public var region: String? {
        let labels = host.split(separator: ".")
        guard labels.count >= 3, host.hasSuffix(".aliyuncs.com") else { return nil }
        var first = labels[0]
        // Also accept the V4-style `cn-hangzhou.oss.aliyuncs.com`.
        if labels.count >= 4, labels[1] == "oss", !first.hasPrefix("oss-") {
            return first.isEmpty ? nil : String(first)
        }
        guard first.hasPrefix("oss-") else { return nil }
        first = first.dropFirst(4)
        if first.hasSuffix("-internal") { first = first.dropLast(9) }
        guard !first.isEmpty, !first.hasPrefix("accelerate") else { return nil }
        return String(first)
    }

    /// A leading bucket name mistakenly included in an Alibaba Cloud endpoint: `mybucket` for
    /// `mybucket.oss-cn-hangzhou.aliyuncs.com` (OSS then answers InvalidBucketName). nil otherwise.
    public var likelyBucketPrefix: String? {
        let labels = host.split(separator: ".")
        guard labels.count >= 4, host.hasSuffix(".aliyuncs.com"), labels[1].hasPrefix("oss-"), !labels[0].hasPrefix("oss-")
        else { return nil }
        return String(labels[0])
    }

    /// True for IP literals and `localhost`: such servers cannot route `bucket.host`, so the bucket goes in the path.
    public var usesPathStyle: Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host.utf8.contains(UInt8(ascii: ":")) { return true }
        // An IPv4 literal: four dot-separated numbers 0-255 (no allocation: asked twice per request).
        var parts = 0
        var digits = 0
        var value = 0
        for byte in host.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                parts += 1
                digits = 0
                value = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3 {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= 255 else { return false }
            } else {
                return false
            }
        }
        return digits > 0 && parts == 3
    }

    /// `host[:port]` for the Host header of a request to `bucket` (virtual-hosted unless path style).
    public func hostHeader(bucket: String?) -> String {
        var authority = host.contains(":") ? "[\(host)]" : host
        if let bucket, !bucket.isEmpty, !usesPathStyle { authority = "\(bucket).\(authority)" }
        if let port { authority += ":\(port)" }
        return authority
    }

    /// The request URL: `scheme://bucket.host[:port]/key?query` (virtual-hosted) or
    /// `scheme://host[:port]/bucket/key?query` (path style). The key is encoded with `encodePath` (dot
    /// segments `.`/`..` escaped as `%2E`),
    /// query names and values with `encodeQuery`; a nil value gives a bare name (`?uploads`).
    public func url(bucket: String?, key: String?, query: [(name: String, value: String?)] = []) -> String {
        var url = "\(scheme)://\(hostHeader(bucket: bucket))/"
        if let bucket, !bucket.isEmpty, usesPathStyle {
            url += bucket + "/"
        }
        if let key, !key.isEmpty {
            url += Self.encodeKeyForURL(key)
        }
        if !query.isEmpty {
            url += "?" + query.map { item in
                let name = OSSPercentEncoding.encodeQuery(item.name)
                guard let value = item.value else { return name }
                return name + "=" + OSSPercentEncoding.encodeQuery(value)
            }.joined(separator: "&")
        }
        return url
    }

    /// `encodePath`, except that `.` and `..` path segments become `%2E` / `%2E%2E`, so HTTP clients that
    /// normalise dot segments (libcurl does unless CURLOPT_PATH_AS_IS) cannot turn `a/../b` into `b`.
    static func encodeKeyForURL(_ key: String) -> String {
        let encoded = OSSPercentEncoding.encodePath(key)
        guard encoded.utf8.contains(UInt8(ascii: ".")) else { return encoded }
        return encoded.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment == "." ? "%2E" : segment == ".." ? "%2E%2E" : String(segment)
        }.joined(separator: "/")
    }

    /// `scheme://host[:port]`.
    public var description: String {
        "\(scheme)://\(hostHeader(bucket: nil))"
    }

    private static func isHostByte(_ c: UInt8) -> Bool {
        PercentEncodingBytes.isAlphanumeric(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_")
    }
}

enum PercentEncodingBytes {
    static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }
}

extension String {
    /// Trims ASCII spaces, tabs and line breaks at both ends.
    func trimmingASCIISpaces() -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
