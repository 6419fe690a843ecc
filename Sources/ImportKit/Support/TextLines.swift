#if canImport(Glibc)
    import Glibc
#endif

/// The one reading of text inputs (job files, `sys.properties`, URL lists): UTF-8, a leading byte order mark
/// ignored, lines ended by LF, CRLF or a lone CR (files saved on Windows or old Macs), UTF-16 refused with a
/// clear problem. Lines are numbered from 1 as an editor shows them.
enum TextLines {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Why the text starting with `prefix` cannot be read as UTF-8, or `nil`.
    static func encodingProblem(_ prefix: some Collection<UInt8>) -> String? {
        if prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF]) {
            return "is UTF-16 text; save it as UTF-8 (for example: iconv -f UTF-16 -t UTF-8)"
        }
        return nil
    }

    /// Splits `bytes` into lines without their terminators and calls `body` with each line's number (`firstNumber`
    /// for the first) until it returns `false`. A byte order mark at the start of line 1 is dropped; text after the
    /// last terminator is a line when it is not empty.
    /// - Returns: the number the line after `bytes` would have.
    @discardableResult
    static func split(_ bytes: ArraySlice<UInt8>, firstNumber: Int = 1, _ body: (Int, ArraySlice<UInt8>) throws -> Bool) rethrows -> Int {
        var start = bytes.startIndex
        if firstNumber == 1, bytes.starts(with: byteOrderMark) { start += 3 }
        var number = firstNumber
        var index = start
        var lineStart = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                if try !body(number, bytes[lineStart..<index]) { return number + 1 }
                if byte == 0x0D, index + 1 < bytes.endIndex, bytes[index + 1] == 0x0A { index += 1 }
                number += 1
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < bytes.endIndex {
            _ = try body(number, bytes[lineStart..<bytes.endIndex])
            number += 1
        }
        return number
    }

    /// Streams the file at `path` line by line (memory bounded by the longest line) with the rules above.
    /// `body` returns `false` to stop.
    /// - Throws: ``SystemError`` when the file cannot be opened or read, ``TextEncodingError`` for UTF-16.
    static func forEachLine(path: String, _ body: (Int, ArraySlice<UInt8>) throws -> Bool) throws {
        guard let file = fopen(path, "rb") else { throw SystemError(errno: errno, operation: "open", path: path) }
        defer { fclose(file) }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        var number = 1
        var pendingCR = false  // the previous chunk ended in CR: an LF right after it belongs to that line end
        while true {
            let count = getline(&buffer, &capacity, file)
            if count < 0 {
                if ferror(file) != 0 { throw SystemError(errno: errno, operation: "read", path: path) }
                return
            }
            guard let buffer else { continue }
            var bytes = ArraySlice(UnsafeRawBufferPointer(start: buffer, count: count))
            if number == 1, let problem = encodingProblem(bytes) { throw TextEncodingError(path: path, problem: problem) }
            if pendingCR, bytes.first == 0x0A { bytes = bytes.dropFirst() }
            pendingCR = bytes.last == 0x0D
            if bytes.isEmpty { continue }
            // getline ends a chunk at LF only; a CR inside it ends a line too.
            var stopped = false
            number = try split(bytes, firstNumber: number) { n, line in
                stopped = try !body(n, line)
                return !stopped
            }
            if stopped { return }
        }
    }
}

/// A text file in an encoding other than UTF-8.
struct TextEncodingError: Error, CustomStringConvertible {
    let path: String
    let problem: String
    var description: String { "\(path) \(problem)" }
}
