extension JobConfig {
    /// Rules for `destDomain`, `destBucket`, `destPrefix`, region and signature version.
    mutating func validateDestination(_ r: ConfigReader) throws(ConfigError) {
        if destDomain.isEmpty {
            throw r.error("destDomain", "is empty", fix: "write the OSS endpoint without the bucket, e.g. destDomain=http://oss-cn-hangzhou.aliyuncs.com")
        }
        let domain: DomainText
        switch DomainText.parse(destDomain) {
        case .success(let parsed): domain = parsed
        case .failure(let problem): throw Self.domainError(r, key: "destDomain", value: destDomain, problem: problem)
        }
        if let fixed = domain.withoutBucket(named: destBucket) {
            let inDomain = String(domain.host.prefix { $0 != "." })
            let fix: String
            if destBucket.isEmpty {
                fix = "use destDomain=\(fixed.normalized) and destBucket=\(inDomain)"
            } else if destBucket == inDomain {
                fix = "use destDomain=\(fixed.normalized) (destBucket=\(destBucket) already names the bucket)"
            } else {
                fix = "use destDomain=\(fixed.normalized); the bucket is destBucket=\(destBucket) (destDomain named \"\(inDomain)\": check which one you mean)"
            }
            throw r.error("destDomain", "must not include the bucket (\"\(destDomain)\")", fix: fix)
        }
        try validateBucket(r)
        if destPrefix.hasPrefix("/") || destPrefix.hasPrefix("\\") {
            let trimmed = String(destPrefix.drop { $0 == "/" || $0 == "\\" })
            throw r.error("destPrefix", "\"\(destPrefix)\" must not start with \"/\" or \"\\\" (OSS keys cannot)",
                          fix: "write destPrefix=\(trimmed)")
        }
        if destPrefix.utf8.count > 1023 {
            throw r.error("destPrefix", "is longer than 1023 bytes, the OSS key limit", fix: "use a shorter prefix")
        }
        if destSignatureVersion == .v4 && effectiveDestRegion == nil {
            throw r.error("destSignatureVersion", "v4 needs a region, and none can be derived from destDomain \"\(destDomain)\"",
                          fix: "set destRegion, e.g. destRegion=cn-hangzhou, or use destSignatureVersion=auto")
        }
    }

    private func validateBucket(_ r: ConfigReader) throws(ConfigError) {
        let key = "destBucket"
        if destBucket.isEmpty {
            throw r.error(key, "is empty", fix: "write the OSS bucket name, e.g. destBucket=mybucket")
        }
        if destBucket.contains("/") {
            let parts = destBucket.split(separator: "/", omittingEmptySubsequences: true)
            let path = parts.dropFirst().joined(separator: "/")
            let fix = "write destBucket=\(parts.first ?? "")" + (path.isEmpty ? "" : " and destPrefix=\(path)/")
            throw r.error(key, "must be a bucket name only, without a path", fix: fix)
        }
        if let problem = Self.bucketNameProblem(destBucket) {
            throw r.error(key, "\"\(destBucket)\" \(problem)",
                          fix: "use 3 to 63 lowercase letters, digits or '-', not starting or ending with '-'")
        }
    }

    /// Why `name` is not an OSS bucket name, or nil.
    static func bucketNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if !(3...63).contains(bytes.count) { return "must be 3 to 63 characters long" }
        if bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return "must be lowercase" }
        let valid = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        if !valid { return "may contain only lowercase letters, digits and '-'" }
        if bytes.first == 0x2D || bytes.last == 0x2D { return "must not start or end with '-'" }
        return nil
    }

    static func domainError(_ r: ConfigReader, key: String, value: String, problem: DomainText.Problem) -> ConfigError {
        let example = "\(key)=http://oss-cn-hangzhou.aliyuncs.com"
        switch problem {
        case .scheme(let scheme):
            return r.error(key, "scheme \"\(scheme)\" is not http or https", fix: "write e.g. \(example)")
        case .path:
            return r.error(key, "\"\(value)\" contains a path; it must be the endpoint only", fix: "write e.g. \(example)")
        case .userInfo:
            return r.error(key, "must not contain a user name or '@'", fix: "write e.g. \(example)")
        case .host:
            return r.error(key, "\"\(value)\" has no valid host name", fix: "write e.g. \(example)")
        case .port:
            return r.error(key, "\"\(value)\" has an invalid port (1 to 65535)", fix: "write e.g. \(key)=http://127.0.0.1:9000")
        }
    }
}
