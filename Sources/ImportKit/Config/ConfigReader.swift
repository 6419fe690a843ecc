/// Typed access to a ``PropertiesFile``: a missing or empty key gives the default, a bad value gives a
/// ``ConfigError`` naming the file, line and key. Values of secret keys are never quoted.
struct ConfigReader {
    let file: PropertiesFile

    init(_ file: PropertiesFile) {
        self.file = file
    }

    /// The line of `key`, if present.
    func line(_ key: String) -> Int? {
        file.value(key)?.line
    }

    /// An error about `key`, located at its line.
    func error(_ key: String, _ problem: String, fix: String? = nil) -> ConfigError {
        ConfigError(path: file.path, line: line(key), key: key, problem: problem, fix: fix)
    }

    /// A warning line about `key`.
    func warning(_ key: String, _ text: String) -> String {
        if let line = line(key) { return "\(file.path):\(line): \(key): \(text)" }
        return "\(file.path): \(key): \(text)"
    }

    /// `value` quoted for a message, or a neutral word for secret keys.
    func quoted(_ key: String, _ value: String) -> String {
        ConfigKeys.secret.contains(key) ? "the value" : "\"\(value)\""
    }

    func string(_ key: String, default fallback: String = "") -> String {
        guard let value = file.value(key)?.value, !value.isEmpty else { return fallback }
        return value
    }

    func bool(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
        let text = string(key)
        if text.isEmpty { return fallback }
        guard let value = BoolValue.parse(text) else {
            throw error(key, "\(quoted(key, text)) is not a boolean", fix: "write \(key)=true or \(key)=false")
        }
        return value
    }

    func int64(_ key: String, default fallback: Int64, range: ClosedRange<Int64>, unit: String = "") throws(ConfigError) -> Int64 {
        let text = string(key)
        if text.isEmpty { return fallback }
        let expected = Self.describe(range) + unit
        guard let value = Int64(text) else {
            let cleaned = text.filter { $0 != "," && $0 != "_" && $0 != " " }
            if Int64(cleaned) != nil {
                throw error(key, "\(quoted(key, text)) is not a plain whole number", fix: "write \(key)=\(cleaned)")
            }
            throw error(key, "\(quoted(key, text)) is not a whole number", fix: "use \(expected)")
        }
        guard range.contains(value) else {
            throw error(key, "\(value) is out of range", fix: "use \(expected)")
        }
        return value
    }

    func int(_ key: String, default fallback: Int, range: ClosedRange<Int>, unit: String = "") throws(ConfigError) -> Int {
        let wide = Int64(range.lowerBound)...Int64(range.upperBound)
        return Int(try int64(key, default: Int64(fallback), range: wide, unit: unit))
    }

    func size(_ key: String, default fallback: Int64) throws(ConfigError) -> Int64 {
        let text = string(key)
        if text.isEmpty { return fallback }
        guard let value = SizeValue.parse(text) else {
            throw error(key, "\(quoted(key, text)) is not a size",
                        fix: "write a number of bytes or use a k/m/g suffix, e.g. \(key)=\(SizeValue.format(fallback))")
        }
        return value
    }

    /// A value that must be one of `Value`'s raw values, compared case-sensitively as ossimport does.
    func choice<Value: RawRepresentable & CaseIterable>(_ key: String, default fallback: Value) throws(ConfigError) -> Value
    where Value.RawValue == String {
        let text = string(key)
        if text.isEmpty { return fallback }
        if let value = Value(rawValue: text) { return value }
        if let value = Value.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) {
            throw error(key, "\"\(text)\" is not valid: \(key) is case-sensitive", fix: "write \(key)=\(value.rawValue)")
        }
        let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
        throw error(key, "\"\(text)\" is not one of \(names)", fix: "write \(key)=\(fallback.rawValue) or another of the listed values")
    }

    static func describe(_ range: ClosedRange<Int64>) -> String {
        if range.upperBound == Int64.max { return "a whole number >= \(range.lowerBound)" }
        return "a whole number from \(range.lowerBound) to \(range.upperBound)"
    }
}
