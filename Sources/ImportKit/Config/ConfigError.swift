/// A configuration problem, reported as one line that names the file, the line, the key,
/// what is wrong and how to fix it.
///
/// `description` reads `"<path>:<line>: <key>: <problem> — <fix>"`; missing parts are left out.
/// The problem and fix texts never contain credential values.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The configuration file, as the user named it.
    public var path: String
    /// The 1-based line of the offending entry, when there is one.
    public var line: Int?
    /// The key the problem is about, when there is one.
    public var key: String?
    /// What is wrong.
    public var problem: String
    /// How to fix it.
    public var fix: String?

    /// Creates an error; see the type's documentation for how it is printed.
    public init(path: String, line: Int? = nil, key: String? = nil, problem: String, fix: String? = nil) {
        self.path = path
        self.line = line
        self.key = key
        self.problem = problem
        self.fix = fix
    }

    /// One line: `"<path>:<line>: <key>: <problem> — <fix>"`.
    public var description: String {
        var text = path
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "\(key): " }
        text += problem
        if let fix, !fix.isEmpty { text += " — \(fix)" }
        return text
    }
}
