#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JobConfig {
    /// Values above this are taken for milliseconds (10^11 s is the year 5138).
    static let largestPlausibleSeconds: Int64 = 100_000_000_000

    /// Checks the rules beyond each value's syntax, in file order (source, credentials, destination, job,
    /// transfer), and throws the first problem; fills credentials from `environment`.
    mutating func validate(
        _ r: ConfigReader, environment: [String: String], checkFileSystem: Bool, warnings: inout [String]
    ) throws(ConfigError) {
        try validateSource(r, checkFileSystem: checkFileSystem)
        try resolveCredentials(r, environment: environment)
        try validateDestination(r)
        try validateJob(r, environment: environment, warnings: &warnings)
        try validateTransfer(r, warnings: &warnings)
    }

    /// The smallest `incrementalModeInterval` accepted: 900 s, or for tests only the value of
    /// `OSSIMPORT_TEST_MIN_INTERVAL` (seconds) so a test can run several passes quickly. Not for production use.
    static func minimumIncrementalInterval(environment: [String: String]) -> Int {
        environment["OSSIMPORT_TEST_MIN_INTERVAL"].flatMap { Int($0) }.map { max(0, $0) } ?? 900
    }

    private mutating func validateJob(_ r: ConfigReader, environment: [String: String], warnings: inout [String]) throws(ConfigError) {
        let minimum = Self.minimumIncrementalInterval(environment: environment)
        if isIncremental && incrementalModeInterval < minimum {
            throw r.error("incrementalModeInterval", "\(incrementalModeInterval) seconds is below the minimum of \(minimum)",
                          fix: "write incrementalModeInterval=\(max(3600, minimum)) or more (each rescan lists the whole source; at least \(minimum))")
        }
        if isIncremental && incrementalModeInterval < 3600 && minimum == 900 {
            warnings.append(r.warning("incrementalModeInterval",
                "rescanning every \(incrementalModeInterval) s lists the whole source each time; 3600 or more is recommended"))
        }
        if !Self.isValidJobName(jobName) {
            throw r.error("jobName", "\"\(jobName)\" is not a valid job name",
                          fix: "use 4 to 128 letters, digits, '_' or '-', e.g. jobName=local_test")
        }
        for key in ["importSince", "lastModify"] {
            let value = key == "importSince" ? importSince : lastModify
            if value > Self.largestPlausibleSeconds {
                throw r.error(key, "\(value) looks like milliseconds, not Unix seconds",
                              fix: "use seconds: date +%s (here \(key)=\(value / 1000))")
            }
        }
        if jobType == .audit && isSkipExistFile {
            warnings.append(r.warning("isSkipExistFile", "has no effect when jobType=audit"))
        }
        if getObjectMetaMode != "stat" && getObjectMetaMode != "head" {
            throw r.error("getObjectMetaMode", "\"\(getObjectMetaMode)\" is not head or stat",
                          fix: "write getObjectMetaMode=stat")
        }
    }

    private mutating func validateTransfer(_ r: ConfigReader, warnings: inout [String]) throws(ConfigError) {
        let partKey = "multipartUploadPartSize"
        if multipartUploadPartSize < Self.minimumPartSize {
            warnings.append(r.warning(partKey,
                "\(multipartUploadPartSize) bytes is below 100k, so the default 50m is used (as ossimport does) — write \(partKey)=50m or any size from 100k to 5g"))
            multipartUploadPartSize = Self.fallbackPartSize
        }
        if multipartUploadPartSize > Self.maximumPartSize {
            throw r.error(partKey, "\(SizeValue.format(multipartUploadPartSize)) is larger than the OSS maximum part size of 5g",
                          fix: "use a size from 100k to 5g, e.g. \(partKey)=50m")
        }
        let thresholdKey = "multipartUploadThreshold"
        if multipartUploadThreshold < Self.minimumPartSize {
            throw r.error(thresholdKey, "\(SizeValue.format(multipartUploadThreshold)) is below 100k",
                          fix: "use a size from 1m to 5g, e.g. \(thresholdKey)=150m")
        }
        if multipartUploadThreshold > Self.maximumPartSize {
            throw r.error(thresholdKey, "\(SizeValue.format(multipartUploadThreshold)) is larger than 5g, the largest single upload OSS accepts",
                          fix: "use a size from 1m to 5g, e.g. \(thresholdKey)=150m")
        }
        if multipartUploadThreshold < 1 << 20 {
            warnings.append(r.warning(thresholdKey,
                "\(SizeValue.format(multipartUploadThreshold)) is below the 1m ossimport recommends; small files will use multipart upload"))
        }
        if !destStorageClass.isEmpty {
            let classes = ["Standard", "IA", "Archive", "ColdArchive"]
            guard let match = classes.first(where: { $0.lowercased() == destStorageClass.lowercased() }) else {
                throw r.error("destStorageClass", "\"\(destStorageClass)\" is not a storage class",
                              fix: "use Standard, IA, Archive or ColdArchive, or leave it empty for the bucket's default")
            }
            destStorageClass = match
        }
        let algorithm = serverSideEncryptionAlgorithm.uppercased()
        guard algorithm == "AES256" || algorithm == "KMS" else {
            throw r.error("serverSideEncryptionAlgorithm", "\"\(serverSideEncryptionAlgorithm)\" is not AES256 or KMS",
                          fix: "write serverSideEncryptionAlgorithm=AES256")
        }
        serverSideEncryptionAlgorithm = algorithm
    }

    /// `[a-zA-Z0-9_-]{4,128}`.
    static func isValidJobName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (4...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }

    /// Whether `path` is an existing directory this process can list, and if not, why.
    static func directoryProblem(_ path: String) -> (problem: String, fix: String)? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOTDIR {
                return ("is not a directory (srcPrefix cannot name a single file)", "point srcPrefix at the directory that holds the file")
            }
            if errno == EACCES {
                return ("cannot be reached (permission denied)", "give this user search (x) permission on every parent directory")
            }
            return ("directory does not exist", "create it, or point srcPrefix at the directory to migrate")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            return ("is not a directory (srcPrefix cannot name a single file)", "point srcPrefix at the directory that holds the file")
        }
        guard access(path, R_OK | X_OK) == 0 else {
            return ("directory is not readable by this user", "chmod u+rx the directory, or run as a user who can read it")
        }
        return nil
    }

    /// Whether `path` is an existing regular file this process can read, and if not, why.
    static func fileProblem(_ path: String) -> (problem: String, fix: String)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return ("file does not exist", "check the path of the URL list file") }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { return ("is a directory", "name the URL list file itself") }
        guard access(path, R_OK) == 0 else { return ("file is not readable by this user", "chmod u+r the file") }
        return nil
    }
}
