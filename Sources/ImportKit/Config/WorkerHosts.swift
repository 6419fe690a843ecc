/// `conf/workers`: the hosts of ossimport's distributed deployment, one per line, as ossimport reads it; the first
/// line is the master (the host where `console.sh` runs, which also runs a worker), the others are worker hosts.
/// Blank lines and `#` comments are ignored; UTF-8 with or without a byte order mark, LF or CRLF line ends.
///
/// This version runs standalone only: ``remote`` hosts are reported (a warning on every command), never contacted.
/// Source: `../shared/spec/ossimport.md` ("conf/workers").
public struct WorkerHosts: Sendable, Equatable {
    /// The hosts in file order, spelled as in the file (they name `dispatched/<host>` and task ids).
    public var hosts: [String]

    /// The first host: the master.
    public var master: String? { hosts.first }
    /// Every host after the first.
    public var remote: [String] { Array(hosts.dropFirst()) }

    public init(hosts: [String]) {
        self.hosts = hosts
    }

    /// Reads `path`; `nil` when the file does not exist (standalone).
    /// - Throws: ``ConfigError`` naming the file and line: a host that is not a host name or address, the same host
    ///   twice, an unreadable or UTF-16 file.
    public static func load(path: String) throws(ConfigError) -> WorkerHosts? {
        let bytes: [UInt8]?
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            throw ConfigError(path: path, problem: "cannot be read (\(error))", fix: "check the file's permissions")
        }
        guard let bytes else { return nil }
        return try parse(bytes: bytes, path: path)
    }

    /// Parses the bytes of a `workers` file read from `path` (see ``load(path:)``).
    public static func parse(bytes: [UInt8], path: String) throws(ConfigError) -> WorkerHosts {
        if let problem = TextLines.encodingProblem(bytes.prefix(2)) { throw ConfigError(path: path, problem: problem) }
        var hosts: [String] = []
        var firstLine: [String: Int] = [:]
        var failure: ConfigError?
        TextLines.split(bytes[...]) { number, line in
            let text = String(decoding: line, as: UTF8.self).trimmingWhitespace()
            if text.isEmpty || text.hasPrefix("#") { return true }
            if let problem = hostProblem(text) {
                failure = ConfigError(
                    path: path, line: number, problem: "\"\(text)\" \(problem)",
                    fix: "write one host name or IP address per line; the first line is the master (this host)")
                return false
            }
            if let earlier = firstLine[text] {
                failure = ConfigError(
                    path: path, line: number, problem: "host \(text) is listed twice (line \(earlier) and line \(number))",
                    fix: "list each host once")
                return false
            }
            firstLine[text] = number
            hosts.append(text)
            return true
        }
        if let failure { throw failure }
        return WorkerHosts(hosts: hosts)
    }

    /// Why `text` is not a host name or an IPv4/IPv6 address, or `nil`.
    static func hostProblem(_ text: String) -> String? {
        if text.contains(where: { $0 == " " || $0 == "\t" }) { return "holds more than one word (one host per line)" }
        if text.utf8.count > 253 { return "is longer than a host name can be (253 characters)" }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_", ":": return true
            default: return false
            }
        }
        if text.hasPrefix("-") { return "starts with '-'" }
        if !allowed { return "is not a host name or IP address (letters, digits, '.', '-', ':' only)" }
        return nil
    }

    /// The warning every command prints while distributed mode is not implemented and `remote` hosts are listed.
    public func standaloneWarning(path: String) -> String? {
        let others = remote
        guard !others.isEmpty else { return nil }
        let names = others.prefix(5).joined(separator: ", ") + (others.count > 5 ? ", …" : "")
        return "\(path) lists \(others.count) worker host\(others.count == 1 ? "" : "s") besides this one (\(names)): "
            + "distributed mode is not implemented in this version, so every task runs on this host; "
            + "to silence this, leave only this host in \(path) (or remove the file)"
    }
}
