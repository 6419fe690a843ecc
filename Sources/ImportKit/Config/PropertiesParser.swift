/// Turns decoded physical lines into ``PropertiesFile`` entries following `java.util.Properties.load`,
/// except that trailing whitespace of values is trimmed (ossimport's shipped files have stray trailing blanks).
struct PropertiesParser {
    let path: String
    let lines: [PropertiesFile.PhysicalLine]

    init(path: String, lines: [PropertiesFile.PhysicalLine]) {
        self.path = path
        self.lines = lines
    }

    mutating func parse() throws(ConfigError) -> PropertiesFile {
        var entries: [PropertiesFile.Entry] = []
        var positions: [String: Int] = [:]
        var warnings: [String] = []
        var index = 0
        while index < lines.count {
            let first = lines[index]
            index += 1
            let text = Self.dropLeadingWhitespace(first.text)
            if text.isEmpty || first.isComment { continue }
            var logical = text
            while Self.endsWithContinuation(logical), index < lines.count {
                logical.removeLast()
                logical += Self.dropLeadingWhitespace(lines[index].text)
                index += 1
            }
            if Self.endsWithContinuation(logical) { logical.removeLast() }
            let entry = try split(logical, line: first.number)
            if let previous = positions[entry.key] {
                let earlier = entries[previous].line
                warnings.append("\(path):\(entry.line): duplicate key \"\(entry.key)\" (also on line \(earlier)); the last value wins")
                entries.remove(at: previous)
                for (key, position) in positions where position > previous { positions[key] = position - 1 }
            }
            positions[entry.key] = entries.count
            entries.append(entry)
        }
        return PropertiesFile(path: path, entries: entries, warnings: warnings)
    }

    /// Splits one logical line into key and value and resolves escapes in both.
    private func split(_ logical: String, line: Int) throws(ConfigError) -> PropertiesFile.Entry {
        let scalars = Array(logical.unicodeScalars)
        var keyEnd = 0
        var escaped = false
        while keyEnd < scalars.count {
            let c = scalars[keyEnd]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "=" || c == ":" || Self.isWhitespace(c) {
                break
            }
            keyEnd += 1
        }
        var valueStart = keyEnd
        while valueStart < scalars.count, Self.isWhitespace(scalars[valueStart]) { valueStart += 1 }
        if valueStart < scalars.count, scalars[valueStart] == "=" || scalars[valueStart] == ":" {
            valueStart += 1
            while valueStart < scalars.count, Self.isWhitespace(scalars[valueStart]) { valueStart += 1 }
        }
        let key = try unescape(scalars[0..<keyEnd], line: line, key: nil)
        let value = try unescape(scalars[valueStart...], line: line, key: key)
        var entry = PropertiesFile.Entry(key: key, value: value, line: line)
        entry.hasSeparator = keyEnd < scalars.count
        return entry
    }

    /// Resolves `\t \n \r \f \uXXXX` and `\x` → `x`; trims unescaped trailing whitespace.
    /// The message for a bad escape never repeats the value (it may be a secret).
    private func unescape(_ scalars: ArraySlice<Unicode.Scalar>, line: Int, key: String?) throws(ConfigError) -> String {
        var out = String.UnicodeScalarView()
        var keep = 0  // length of `out` up to the last character that must not be trimmed
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let c = scalars[index]
            index += 1
            guard c == "\\" else {
                out.append(c)
                if !Self.isWhitespace(c) { keep = out.count }
                continue
            }
            guard index < scalars.endIndex else { break }
            let next = scalars[index]
            index += 1
            switch next {
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "f": out.append("\u{0C}")
            case "u":
                guard scalars.endIndex - index >= 4,
                    let code = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16),
                    let scalar = Unicode.Scalar(code)
                else {
                    throw ConfigError(path: path, line: line, key: key, problem: "malformed \\uXXXX escape",
                                      fix: "write \\u followed by exactly four hex digits, or \\\\u for a literal backslash")
                }
                out.append(scalar)
                index += 4
            default: out.append(next)
            }
            keep = out.count
        }
        return String(String.UnicodeScalarView(out.prefix(keep)))
    }

    private static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\u{0C}"
    }

    private static func dropLeadingWhitespace(_ text: String) -> String {
        String(text.unicodeScalars.drop(while: isWhitespace))
    }

    private static func endsWithContinuation(_ text: String) -> Bool {
        var count = 0
        for c in text.unicodeScalars.reversed() {
            guard c == "\\" else { break }
            count += 1
        }
        return count % 2 == 1
    }
}
