#if canImport(Glibc)
    import Glibc
#endif

/// A line of the URL list that cannot be used.
struct HTTPListError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var detail: String

    public var description: String { "\(file) line \(line): \(detail)" }
}

/// Reads `httpListFilePath` line by line through ``TextLines`` (UTF-8 BOM ignored; LF, CRLF or CR line ends):
/// columns split on spaces and tabs, blank lines skipped.
/// Each line becomes a ``ScanEntry`` with the relative-path column as its path and `"<line> <prefix>"` as its
/// location; the checkpoint token is the line number, so a resumed scan continues after the last line written
/// (duplicate relative paths cannot confuse it).
struct HTTPListLister: SourceLister {
    let source: HTTPListSource

    func resumeToken(for entry: ScanEntry) -> [UInt8] {
        Array(entry.location.prefix { $0 != " " }.utf8)
    }

    /// The URL prefix an entry's location holds.
    static func urlPrefix(of entry: ScanEntry) -> String {
        guard let space = entry.location.firstIndex(of: " ") else { return entry.location }
        return String(entry.location[entry.location.index(after: space)...])
    }

    /// Splits one line into columns; `nil` for a blank line.
    static func columns(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
        var line = line
        while let last = line.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: "\n") { line.removeLast() }
        let columns = line.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        return columns.isEmpty ? nil : columns
    }

    /// The entry for line `number`, or the reason it is malformed.
    func entry(line: ArraySlice<UInt8>, number: Int) throws(HTTPListError) -> ScanEntry? {
        guard let columns = Self.columns(line) else { return nil }
        let needed = max(source.prefixColumn, source.relativeColumn)
        guard columns.count >= needed, source.prefixColumn >= 1, source.relativeColumn >= 1 else {
            throw HTTPListError(
                file: source.listPath, line: number,
                detail: "has \(columns.count) column(s), but httpPrefixColumn=\(source.prefixColumn) and relativePathColumn=\(source.relativeColumn) need \(needed)")
        }
        let prefix = String(decoding: columns[source.prefixColumn - 1], as: UTF8.self)
        guard prefix.hasPrefix("http://") || prefix.hasPrefix("https://") else {
            throw HTTPListError(file: source.listPath, line: number, detail: "column \(source.prefixColumn) \"\(prefix)\" is not an http:// or https:// URL prefix")
        }
        let relative = Array(columns[source.relativeColumn - 1])
        return ScanEntry(kind: .file, size: 0, mtimeNanos: 0, relativePath: relative, location: "\(number) \(prefix)")
    }

    func scan(resumeAfter: [UInt8]?, isCancelled: () -> Bool, emit: (ScanEntry) throws -> Bool) throws {
        let skipThrough = resumeAfter.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
        try TextLines.forEachLine(path: source.listPath) { number, line in
            if number <= skipThrough { return true }
            if isCancelled() { return false }
            guard let entry = try entry(line: line, number: number) else { return true }
            return try emit(entry)
        }
    }
}
