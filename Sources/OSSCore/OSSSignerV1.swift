import Foundation

/// Header signature version 1: `Authorization: OSS <AccessKeyId>:<base64 HMAC-SHA1>`.
///
/// Pure: no clock reads and no I/O; the time is a parameter of `sign`.
public struct OSSSignerV1: Sendable {
    public init() {}

    /// `VERB\nContent-MD5\nContent-Type\nDate\n` + canonicalized `x-oss-*` headers + canonicalized resource.
    /// `x-oss-date`, when present and non-empty, stands in for `Date` (as oss2 does).
    public static func stringToSign(_ r: OSSSigningRequest) -> String {
        let contentMD5 = r.headers["Content-MD5"] ?? ""
        let contentType = r.headers["Content-Type"] ?? ""
        let ossDate = r.headers["x-oss-date"] ?? ""
        let date = ossDate.isEmpty ? (r.headers["Date"] ?? "") : ossDate
        return r.method + "\n" + contentMD5 + "\n" + contentType + "\n" + date + "\n"
            + canonicalizedOSSHeaders(r.headers) + canonicalizedResource(r)
    }

    /// `OSS <AccessKeyId>:<Signature>` for `r` as it stands (its `Date` header must already be set).
    public static func authorization(_ r: OSSSigningRequest, credentials: OSSCredentials) -> String {
        let mac = Digest.hmacSHA1(key: Array(credentials.accessKeySecret.utf8), data: Array(stringToSign(r).utf8))
        return "OSS \(credentials.accessKeyId):\(Base64.encode(mac))"
    }

    /// Sets `Date` (RFC 1123 of `date`), `x-oss-security-token` when the credentials carry one, and `Authorization`.
    public static func sign(_ r: inout OSSSigningRequest, credentials: OSSCredentials, date: Date) {
        r.headers["Date"] = HTTPDate.rfc1123(date)
        if let token = credentials.securityToken, !token.isEmpty {
            r.headers["x-oss-security-token"] = token
        }
        r.headers["Authorization"] = authorization(r, credentials: credentials)
    }

    /// `x-oss-*` headers: lower-cased names, sorted, `name:value\n` each.
    static func canonicalizedOSSHeaders(_ headers: OSSHeaders) -> String {
        var selected: [(name: String, value: String)] = []
        for field in headers {
            let name = OSSHeaders.lowercased(field.name)
            if name.hasPrefix("x-oss-") { selected.append((name, field.value)) }
        }
        return stableSorted(selected).map { "\($0.name):\($0.value)\n" }.joined()
    }

    /// `/bucket/key` (raw key), `/bucket/` or `/`, then `?` and the signed sub-resources sorted by name.
    static func canonicalizedResource(_ r: OSSSigningRequest) -> String {
        var resource: String
        if let bucket = r.bucket, !bucket.isEmpty {
            resource = "/\(bucket)/\(r.key ?? "")"
        } else {
            resource = "/"
        }
        let sub = stableSorted(r.query.filter { OSSSubResources.signed.contains($0.name) }.map { (name: $0.name, value: $0.value ?? "") })
        if !sub.isEmpty {
            resource += "?" + sub.map { $0.value.isEmpty ? $0.name : "\($0.name)=\($0.value)" }.joined(separator: "&")
        }
        return resource
    }

    /// Sorts by name (byte order), keeping the original order of equal names.
    static func stableSorted(_ items: [(name: String, value: String)]) -> [(name: String, value: String)] {
        items.enumerated().sorted { a, b in
            if a.element.name != b.element.name {
                return a.element.name.utf8.lexicographicallyPrecedes(b.element.name.utf8)
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}
