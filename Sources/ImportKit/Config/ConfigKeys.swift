/// Key names that the configuration files may contain.
enum ConfigKeys {
    /// Every key of ossimport's `local_job.cfg` / `job.cfg`, in file order.
    static let ossimportJob: [String] = [
        "isIncremental", "incrementalModeInterval", "srcType", "srcAccessKey", "srcSecretKey", "srcDomain",
        "srcBucket", "srcPrefix", "destAccessKey", "destSecretKey", "destDomain", "destBucket", "destPrefix",
        "appId", "isDownloadFromCdn", "cdnDomain", "httpListFilePath", "httpPrefixColumn", "relativePathColumn",
        "jobName", "jobType", "importSince", "lastModify", "isSkipExistFile", "taskObjectCountLimit",
        "taskObjectSizeLimit", "scanThreadCount", "maxMultiThreadScanDepth", "multipartUploadThreshold",
        "multipartUploadPartSize", "uploadThreadNumPerLargeFile", "isServerSideEncryption", "isAllowSymbolicLink",
        "getObjectMetaMode", "isAuditAfterImport", "auditMode",
    ]

    /// Keys added by this implementation (all optional).
    static let ourJob: [String] = [
        "destRegion", "destSignatureVersion", "destSecurityToken", "destStorageClass",
        "serverSideEncryptionAlgorithm", "srcRegion", "createEmptyDirMarker",
    ]

    /// Keys of other ossimport variants and of `sys.properties` that are accepted in a job file and ignored.
    static let toleratedInJob: [String] = [
        "isUseExpressTunnel", "expressTunnelProxyHost", "expressTunnelProxyType", "expressTunnelProxyUser",
        "expressTunnelProxyDest", "expressTunnelAuthToken",
    ] + ossimportSys + ourSys

    /// Every key of ossimport's `sys.properties` (standalone and distributed).
    static let ossimportSys: [String] = [
        "workingDir", "workerUserName", "workerPassword", "privateKeyFile", "sshPort", "workerTaskThreadNum",
        "workerMaxThroughput(KB/s)", "dispatcherThreadNum", "workerAbortWhenUncatchedException", "workerRecordMd5",
        "javaHeapMaxSize",
    ]

    /// `sys.properties` keys added by this implementation (all optional).
    static let ourSys: [String] = [
        "requestIdleTimeoutSeconds", "endpointProbeTimeoutSeconds", "metricsTextfileDir", "metricsListen",
        "metricsIntervalSeconds",
    ]

    /// ossimport 2.1 names renamed in 2.2.0 (slave → worker): accepted, ignored, with a hint.
    static let renamedSys: [String: String] = [
        "slaveUserName": "workerUserName", "slavePassword": "workerPassword",
        "slaveTaskThreadNum": "workerTaskThreadNum", "slaveMaxThroughput(KB/s)": "workerMaxThroughput(KB/s)",
        "slaveAbortWhenUncatchedException": "workerAbortWhenUncatchedException",
    ]

    /// Keys whose values are credentials: never printed, in any message.
    static let secret: Set<String> = [
        "srcAccessKey", "srcSecretKey", "destAccessKey", "destSecretKey", "destSecurityToken",
        "workerPassword", "expressTunnelAuthToken",
    ]

    /// Checks the keys of `file` against `known` (and `tolerated`: accepted, ignored).
    ///
    /// A key that is not used must never pass silently, because its value then does not apply (`destPrefx=` puts
    /// the data at the bucket root, `workerMaxThroughput=` removes the throttle). With `strict` (job files) every
    /// unknown key or non `key=value` line is an error; otherwise (`sys.properties`) an unknown key is an error
    /// when it is a near miss of a known key, and a warning when it resembles none.
    /// - Returns: the warnings, one line each.
    /// - Throws: the first unknown key that is an error, as `<file>:<line>: <key>: unknown key — did you mean …?`.
    static func checkUnknownKeys(
        in file: PropertiesFile, known: [String], tolerated: [String], strict: Bool
    ) throws(ConfigError) -> [String] {
        let accepted = Set(known + tolerated)
        var warnings: [String] = []
        for entry in file.entries where !accepted.contains(entry.key) {
            let location = "\(file.path):\(entry.line)"
            if let current = renamedSys[entry.key] {
                warnings.append("\(location): key \"\(entry.key)\" is the ossimport 2.1 name of \(current) and is ignored — rename it to \(current)")
                continue
            }
            guard entry.hasSeparator else {
                // Not echoed: a bare word on its own line may be a pasted credential.
                if strict {
                    throw ConfigError(path: file.path, line: entry.line, problem: "this line is not a key=value pair",
                                      fix: "write it as key=value, or start it with # to make it a comment")
                }
                warnings.append("\(location): line ignored: it is not a key=value pair")
                continue
            }
            let guess = closest(to: entry.key, in: known + tolerated)
            if let guess {
                let elsewhere = !known.contains(guess) && ossimportSys.contains(guess)
                throw ConfigError(
                    path: file.path, line: entry.line, key: entry.key, problem: "unknown key, its value would not be used",
                    fix: elsewhere
                        ? "did you mean \(guess)? It belongs in conf/sys.properties (a job file ignores it)"
                        : "did you mean \(guess)? Rename the key to \(guess)")
            }
            if strict {
                throw ConfigError(
                    path: file.path, line: entry.line, key: entry.key, problem: "unknown key, its value would not be used",
                    fix: "fix its name (keys are case-sensitive; conf/local_job.cfg lists every key) or delete the line")
            }
            warnings.append("\(location): unknown key \"\(entry.key)\" ignored")
        }
        return warnings
    }

    /// The known key nearest to `key` when it is a plausible typo (case or a few edits away).
    static func closest(to key: String, in known: [String]) -> String? {
        let lowered = key.lowercased()
        if let match = known.first(where: { $0.lowercased() == lowered }) { return match }
        if let match = known.first(where: { $0.lowercased().hasPrefix(lowered + "(") }) { return match }
        let limit = max(1, min(3, key.count / 4))
        var best: (key: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(Array(lowered), Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.key
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, table[i - 2][j - 2] + 1)
                }
                table[i][j] = value
            }
        }
        return table[a.count][b.count]
    }
}
