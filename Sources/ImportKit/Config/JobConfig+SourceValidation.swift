extension JobConfig {
    /// Rules for `srcType` and the source keys it needs.
    func validateSource(_ r: ConfigReader, checkFileSystem: Bool) throws(ConfigError) {
        switch srcType {
        case .local:
            try validateLocalPrefix(r, checkFileSystem: checkFileSystem)
        case .http:
            try validateHTTPList(r, checkFileSystem: checkFileSystem)
        case .youpai, .azure:
            // Neither speaks the S3 protocol; they need clients of their own, which this version does not have.
            throw r.error("srcType", "\(srcType.rawValue) is not supported by this version",
                          fix: "migrate through an S3-compatible endpoint of the service with srcType=s3, or use ossimport 2.3.x")
        default:
            try validateCloudSource(r)
        }
    }

    private func validateLocalPrefix(_ r: ConfigReader, checkFileSystem: Bool) throws(ConfigError) {
        let key = "srcPrefix"
        let prefix = srcPrefix
        if prefix.isEmpty {
            throw r.error(key, "is empty; srcType=local needs the directory to migrate",
                          fix: "write the absolute directory ending with /, e.g. srcPrefix=/data/photos/")
        }
        if Self.looksLikeWindowsDrive(prefix) {
            throw r.error(key, "\"\(prefix)\" is a Windows path; this tool runs on Linux",
                          fix: "write the absolute Linux directory, e.g. srcPrefix=/data/photos/")
        }
        if prefix.contains("\\") {
            throw r.error(key, "\"\(prefix)\" contains '\\'",
                          fix: "separate directories with /, e.g. srcPrefix=/data/photos/")
        }
        guard prefix.hasPrefix("/") else {
            throw r.error(key, "\"\(prefix)\" is not an absolute path",
                          fix: "write the full path from /, e.g. srcPrefix=/\(Self.trimSlashes(prefix))/")
        }
        if prefix.contains("//") {
            throw r.error(key, "\"\(prefix)\" contains \"//\"", fix: "write srcPrefix=\(Self.collapseSlashes(prefix))")
        }
        guard prefix.hasSuffix("/") else {
            throw r.error(key, "\"\(prefix)\" must end with \"/\"", fix: "write srcPrefix=\(prefix)/")
        }
        if checkFileSystem, let (problem, fix) = Self.directoryProblem(prefix) {
            throw r.error(key, "\"\(prefix)\": \(problem)", fix: fix)
        }
    }

    private func validateHTTPList(_ r: ConfigReader, checkFileSystem: Bool) throws(ConfigError) {
        let key = "httpListFilePath"
        if httpListFilePath.isEmpty {
            throw r.error(key, "is empty; srcType=http needs the URL list file",
                          fix: "write its absolute path, e.g. httpListFilePath=/data/http.list")
        }
        guard httpListFilePath.hasPrefix("/") else {
            throw r.error(key, "\"\(httpListFilePath)\" is not an absolute path",
                          fix: "write the full path from /, e.g. httpListFilePath=/data/http.list")
        }
        if checkFileSystem, let (problem, fix) = Self.fileProblem(httpListFilePath) {
            throw r.error(key, "\"\(httpListFilePath)\": \(problem)", fix: fix)
        }
        if httpPrefixColumn == relativePathColumn {
            throw r.error("relativePathColumn", "is the same column as httpPrefixColumn (\(httpPrefixColumn))",
                          fix: "use different columns, e.g. httpPrefixColumn=1 and relativePathColumn=2")
        }
    }

    private func validateCloudSource(_ r: ConfigReader) throws(ConfigError) {
        let type = srcType.rawValue
        // COS v3 needs no domain; every other cloud source names its endpoint.
        if srcDomain.isEmpty && srcType != .cos {
            throw r.error("srcDomain", "is required for srcType=\(type)",
                          fix: "write the source endpoint without the bucket, e.g. srcDomain=\(Self.sampleDomain(srcType))")
        }
        if srcBucket.isEmpty {
            throw r.error("srcBucket", "is required for srcType=\(type)", fix: "write the source bucket name, without /")
        }
        if srcBucket.contains("/") {
            throw r.error("srcBucket", "must be a bucket name only, without a path",
                          fix: "move the path into srcPrefix, e.g. srcPrefix=\(Self.pathPart(of: srcBucket))")
        }
        if srcType == .youpai && isDownloadFromCdn && cdnDomain.isEmpty {
            throw r.error("cdnDomain", "is empty but isDownloadFromCdn=true",
                          fix: "write the CDN host bound to the UPYUN bucket, or set isDownloadFromCdn=false")
        }
        if srcType == .oss, let problem = Self.bucketNameProblem(srcBucket) {
            throw r.error("srcBucket", "\"\(srcBucket)\" \(problem)", fix: "use 3 to 63 lowercase letters, digits or '-'")
        }
        if srcType == .cos {
            if !srcPrefix.isEmpty && !(srcPrefix.hasPrefix("/") && srcPrefix.hasSuffix("/")) {
                throw r.error("srcPrefix", "\"\(srcPrefix)\" must start and end with \"/\" for srcType=cos",
                              fix: "write srcPrefix=/\(Self.trimSlashes(srcPrefix))/")
            }
        } else if srcPrefix.hasPrefix("/") {
            throw r.error("srcPrefix", "\"\(srcPrefix)\" starts with \"/\"; for srcType=\(type) it is an object key prefix",
                          fix: "write srcPrefix=\(String(srcPrefix.drop { $0 == "/" }))")
        }
    }

    static func looksLikeWindowsDrive(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars.prefix(3))
        guard scalars.count >= 2, scalars[1] == ":", scalars[0].isASCIILetter
        else { return false }
        return scalars.count == 2 || scalars[2] == "/" || scalars[2] == "\\"
    }

    static func trimSlashes(_ text: String) -> String {
        String(text.drop { $0 == "/" }.reversed().drop { $0 == "/" }.reversed())
    }

    static func collapseSlashes(_ text: String) -> String {
        var out = ""
        for c in text where !(c == "/" && out.hasSuffix("/")) { out.append(c) }
        return out
    }

    private static func pathPart(of bucket: String) -> String {
        guard let slash = bucket.firstIndex(of: "/") else { return "" }
        let rest = trimSlashes(String(bucket[slash...]))
        return rest.isEmpty ? "" : rest + "/"
    }

    private static func sampleDomain(_ type: SourceType) -> String {
        switch type {
        case .oss: "http://oss-cn-hangzhou.aliyuncs.com"
        case .s3: "https://s3.us-west-2.amazonaws.com"
        case .bos: "http://bj.bcebos.com"
        case .ks3: "http://ks3-cn-beijing.ksyun.com"
        case .youpai: "http://v0.api.upyun.com"
        case .azure: "core.windows.net"
        default: "the domain shown in the provider's console"
        }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) }
}
