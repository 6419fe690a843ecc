import NIOHTTP1

/// An incoming request resolved to bucket, key and decoded query.
struct ParsedRequest: Sendable {
    var method: String
    var bucket: String?
    /// The percent-decoded key; nil for service and bucket requests.
    var key: ObjectKey?
    /// Query parameters in order, decoded; `nil` value for a bare sub-resource (`?uploads`).
    var query: [(name: String, value: String?)]
    var headers: HTTPHeaders

    var keyString: String? { key?.string }

    func hasQuery(_ name: String) -> Bool { query.contains { $0.name == name } }

    func queryValue(_ name: String) -> String? {
        for item in query where item.name == name { return item.value ?? "" }
        return nil
    }

    func header(_ name: String) -> String? { headers.first(name: name) }
}

extension ParsedRequest {
    /// Resolves `uri` and `Host`: path style (`/bucket/key`) when the host is an IP literal or
    /// `localhost` (or has no dot), virtual-hosted (`bucket.host/key`) otherwise. `+` in the path
    /// is a literal plus; in the query it is a space (form encoding), `%2B` a plus.
    static func parse(method: String, uri: String, headers: HTTPHeaders) throws(OSSLocalError) -> ParsedRequest {
        let bytes = Array(uri.utf8)
        let questionMark = bytes.firstIndex(of: UInt8(ascii: "?"))
        let pathBytes = bytes[..<(questionMark ?? bytes.count)]
        var query: [(name: String, value: String?)] = []
        if let questionMark {
            for item in bytes[(questionMark + 1)...].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
                if let eq = item.firstIndex(of: UInt8(ascii: "=")) {
                    let name = try decodeText(item[..<eq], plusIsSpace: true)
                    let value = try decodeText(item[(eq + 1)...], plusIsSpace: true)
                    query.append((name, value))
                } else {
                    query.append((try decodeText(item[...], plusIsSpace: true), nil))
                }
            }
        }
        guard pathBytes.first == UInt8(ascii: "/") else {
            throw .invalidArgument("The request URI must start with '/'.")
        }
        let path = Array(pathBytes.dropFirst())
        var bucket: String?
        var keyBytes: [UInt8]
        if let host = headers.first(name: "host"), let virtualBucket = virtualHostBucket(host) {
            bucket = virtualBucket
            keyBytes = path
        } else if let slash = path.firstIndex(of: UInt8(ascii: "/")) {
            bucket = String(decoding: path[..<slash], as: UTF8.self)
            keyBytes = Array(path[(slash + 1)...])
        } else {
            bucket = path.isEmpty ? nil : String(decoding: path, as: UTF8.self)
            keyBytes = []
        }
        let decodedKey = try percentDecode(keyBytes[...], plusIsSpace: false)
        return ParsedRequest(method: method, bucket: bucket, key: decodedKey.isEmpty ? nil : ObjectKey(decodedKey),
                             query: query, headers: headers)
    }

    /// The bucket named by a virtual-hosted `Host`, or nil for path-style hosts.
    static func virtualHostBucket(_ host: String) -> String? {
        var name = Substring(host)
        if name.hasPrefix("[") { return nil }  // IPv6 literal
        if let colon = name.lastIndex(of: ":") { name = name[..<colon] }
        if name == "localhost" || !name.contains(".") { return nil }
        if name.allSatisfy({ $0.isNumber || $0 == "." }) { return nil }  // IPv4 literal
        guard let dot = name.firstIndex(of: "."), name[..<dot] != "localhost" else { return nil }
        return String(name[..<dot])
    }

    static func decodeText(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) throws(OSSLocalError) -> String {
        let decoded = try percentDecode(bytes, plusIsSpace: plusIsSpace)
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw .invalidArgument("The request URI is not valid UTF-8.")
        }
        return text
    }

    static func percentDecode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) throws(OSSLocalError) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "%")) || (plusIsSpace && bytes.contains(UInt8(ascii: "+"))) else {
            return Array(bytes)
        }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex,
                      let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2])
                else { throw .invalidArgument("The request URI has an invalid percent-encoding.") }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(plusIsSpace && c == UInt8(ascii: "+") ? UInt8(ascii: " ") : c)
                i += 1
            }
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
