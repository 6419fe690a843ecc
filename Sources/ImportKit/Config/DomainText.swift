/// An endpoint as written in `destDomain`/`srcDomain`: `http(s)://host[:port]` or a bare `host[:port]`.
struct DomainText: Equatable {
    /// `http` or `https`; `http` when the text has no scheme (as ossimport assumes).
    var scheme: String
    /// Lower-cased host name or IP address (IPv6 without brackets).
    var host: String
    var port: Int?

    /// Why `text` is not an endpoint, or the parsed endpoint.
    static func parse(_ text: String) -> Result<DomainText, Problem> {
        var rest = Substring(text)
        var scheme = "http"
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { return .failure(.scheme(scheme)) }
            rest = rest[range.upperBound...]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains("/") || rest.contains("?") { return .failure(.path) }
        if rest.contains("@") { return .failure(.userInfo) }
        var host = rest
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .failure(.host) }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = Int(after.dropFirst()) else { return .failure(.port) }
                port = value
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let value = Int(rest[rest.index(after: colon)...]) else { return .failure(.port) }
            port = value
        }
        if let port, !(1...65_535).contains(port) { return .failure(.port) }
        let allowed = host.unicodeScalars.allSatisfy { c in
            c.isASCIILetter || (c.value >= 0x30 && c.value <= 0x39) || c == "." || c == "-" || c == ":" || c == "_"
        }
        guard !host.isEmpty, allowed, !host.hasPrefix("."), !host.hasPrefix("-") else { return .failure(.host) }
        return .success(DomainText(scheme: scheme, host: host.lowercased(), port: port))
    }

    enum Problem: Error, Equatable {
        case scheme(String), path, userInfo, host, port
    }

    /// `scheme://host[:port]` with no trailing slash.
    var normalized: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (port.map { ":\($0)" } ?? "")
    }

    /// The region in `oss-<region>[-internal].aliyuncs.com`, or nil for other hosts.
    var ossRegion: String? {
        let suffix = ".aliyuncs.com"
        guard host.hasPrefix("oss-"), host.hasSuffix(suffix) else { return nil }
        var name = host.dropFirst(4).dropLast(suffix.count)
        guard !name.contains(".") else { return nil }
        if name.hasSuffix("-internal") { name = name.dropLast("-internal".count) }
        guard !name.isEmpty, !name.hasPrefix("accelerate") else { return nil }
        return String(name)
    }

    /// The host without its first label when that label is a bucket in front of an Alibaba Cloud endpoint
    /// (`mybucket.oss-cn-hangzhou.aliyuncs.com`). Other hosts (custom domains, IPs) are left alone.
    func withoutBucket(named bucket: String) -> DomainText? {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 3, let first = labels.first, !first.hasPrefix("oss-") else { return nil }
        let rest = labels.dropFirst().joined(separator: ".")
        guard rest.hasSuffix(".aliyuncs.com") else { return nil }
        let isBucket = (!bucket.isEmpty && first == bucket) || rest.hasPrefix("oss-")
        guard isBucket else { return nil }
        return DomainText(scheme: scheme, host: rest, port: port)
    }
}
