extension PropertiesFile {
    /// One physical line of the file: its 1-based number and text.
    struct PhysicalLine {
        var number: Int
        var text: String
        var isComment: Bool
    }

    /// Splits `bytes` into lines through ``TextLines`` (BOM ignored; `\n`, `\r\n` or `\r`) and decodes them as UTF-8.
    ///
    /// NUL bytes mean a binary file. Invalid UTF-8 is tolerated in blank and comment lines (they are
    /// ignored anyway) and is an error anywhere else.
    static func decodeLines(_ bytes: [UInt8], path: String) throws(ConfigError) -> [PhysicalLine] {
        if TextLines.encodingProblem(bytes) != nil {
            throw ConfigError(path: path, problem: "is UTF-16 text", fix: "save the file as UTF-8")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[..<nul].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ConfigError(path: path, line: line, problem: "is not a text file (it contains NUL bytes)",
                              fix: "check that the path names the .cfg or .properties file")
        }
        var lines: [PhysicalLine] = []
        var failure: ConfigError?
        TextLines.split(bytes[...]) { number, slice in
            switch Result(catching: { () throws(ConfigError) -> PhysicalLine in try decodeLine(slice, number: number, path: path) }) {
            case .success(let line):
                lines.append(line)
                return true
            case .failure(let error):
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return lines
    }

    private static func decodeLine(_ slice: ArraySlice<UInt8>, number: Int, path: String) throws(ConfigError) -> PhysicalLine {
        let firstVisible = slice.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0C }
        let isComment = firstVisible == UInt8(ascii: "#") || firstVisible == UInt8(ascii: "!")
        if let text = String(validating: slice, as: UTF8.self) {
            return PhysicalLine(number: number, text: text, isComment: isComment)
        }
        guard isComment else {
            throw ConfigError(path: path, line: number, problem: "is not valid UTF-8 text",
                              fix: "save the file as UTF-8 (for example: iconv -f GBK -t UTF-8)")
        }
        return PhysicalLine(number: number, text: String(decoding: slice, as: UTF8.self), isComment: true)
    }
}
