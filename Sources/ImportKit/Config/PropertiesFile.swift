#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Java `.properties` file as ossimport reads its `local_job.cfg`, `job.cfg` and `sys.properties`.
///
/// Syntax: `#` and `!` start comment lines; `key=value`, `key:value` or `key value`; whitespace around keys
/// and values is trimmed; a line ending in an odd number of backslashes continues on the next line;
/// escapes `\t \n \r \f \uXXXX \\` (any other `\x` means `x`). Text is UTF-8, a leading BOM is ignored,
/// and bytes that are not UTF-8 are tolerated inside comment lines only (old files with GBK comments).
/// A repeated key keeps its last value and adds a warning.
public struct PropertiesFile: Sendable {
    /// One `key=value` pair and the line where it starts (1-based).
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int
        /// False for a line with a bare word and no `=`, `:` or blank separator (possibly a pasted secret).
        var hasSeparator: Bool = true

        public init(key: String, value: String, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    /// The path the file was loaded from (used in messages).
    public let path: String
    /// The entries, one per key, in the order of their last occurrence.
    public let entries: [Entry]
    /// Warnings found while reading, such as duplicate keys.
    public let warnings: [String]
    private let index: [String: Int]

    init(path: String, entries: [Entry], warnings: [String]) {
        self.path = path
        self.entries = entries
        self.warnings = warnings
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() { index[entry.key] = position }
        self.index = index
    }

    /// The entry for `key` (exact, case-sensitive), if the file has one.
    public func value(_ key: String) -> Entry? {
        index[key].map { entries[$0] }
    }

    /// The largest file accepted; configuration files are a few kilobytes.
    static let maximumSize = 4 << 20

    /// Reads and parses the file at `path`.
    ///
    /// Throws a ``ConfigError`` when the file is missing, unreadable, a directory, too large, or not text.
    public static func load(path: String) throws(ConfigError) -> PropertiesFile {
        let bytes = try readBytes(path: path)
        return try parse(bytes: bytes, path: path)
    }

    /// Parses `text` as if it had been read from `path`.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> PropertiesFile {
        try parse(bytes: Array(text.utf8), path: path)
    }

    /// Parses raw file bytes (see the type's documentation for the accepted syntax and encodings).
    public static func parse(bytes: [UInt8], path: String) throws(ConfigError) -> PropertiesFile {
        let lines = try decodeLines(bytes, path: path)
        var parser = PropertiesParser(path: path, lines: lines)
        return try parser.parse()
    }

    private static func readBytes(path: String) throws(ConfigError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw openError(path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw openError(path: path, errno: errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw ConfigError(path: path, problem: "is a directory, not a configuration file",
                              fix: "name the file itself, e.g. conf/local_job.cfg")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw openError(path: path, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumSize {
                throw ConfigError(path: path, problem: "is larger than \(maximumSize >> 20) MiB, too large for a configuration file",
                                  fix: "check that the path names the .cfg or .properties file")
            }
        }
        return bytes
    }

    private static func openError(path: String, errno code: Int32) -> ConfigError {
        switch code {
        case ENOENT:
            return ConfigError(path: path, problem: "file not found", fix: "check the path, or copy the shipped file from conf/")
        case EACCES, EPERM:
            return ConfigError(path: path, problem: "cannot be read (permission denied)",
                               fix: "make it readable for this user, e.g. chmod u+r \(path)")
        case EISDIR:
            return ConfigError(path: path, problem: "is a directory, not a configuration file",
                               fix: "name the file itself, e.g. conf/local_job.cfg")
        default:
            let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
            return ConfigError(path: path, problem: "cannot be read (\(reason))", fix: nil)
        }
    }
}
