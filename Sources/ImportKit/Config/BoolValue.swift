/// Booleans: `true`/`false`, `yes`/`no`, `on`/`off`, `1`/`0`, case-insensitive.
///
/// ossimport (Java `Boolean.parseBoolean`) read anything but `true` as false, so `flase` silently
/// meant false; we reject it instead.
enum BoolValue {
    /// The boolean `text` stands for, or nil.
    public static func parse(_ text: String) -> Bool? {
        switch text.trimmingWhitespace().lowercased() {
        case "true", "yes", "1", "on": true
        case "false", "no", "0", "off": false
        default: nil
        }
    }
}
