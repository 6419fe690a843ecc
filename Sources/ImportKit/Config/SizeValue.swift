/// Sizes as ossimport writes them: `500k`, `50m`, `1024m`, `5g`, or plain bytes.
///
/// Units are binary (k = 1024). Case-insensitive; a trailing `b` is optional (`kb`, `MB`, `5GB`, `123b`).
/// Whitespace between number and unit is allowed. Decimals and negative numbers are rejected.
enum SizeValue {
    /// The number of bytes `text` stands for, or nil when it is not a size or overflows `Int64`.
    public static func parse(_ text: String) -> Int64? {
        var body = Substring(text.trimmingWhitespace().lowercased())
        if body.hasSuffix("b") { body = body.dropLast() }
        var multiplier: Int64 = 1
        if let unit = body.last, let factor = factor(of: unit) {
            multiplier = factor
            body = body.dropLast()
        }
        let digits = String(body).trimmingWhitespace()
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let number = Int64(digits)
        else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }

    private static func factor(of unit: Character) -> Int64? {
        switch unit {
        case "k": 1 << 10
        case "m": 1 << 20
        case "g": 1 << 30
        case "t": 1 << 40
        default: nil
        }
    }

    /// A short human form for messages: `150m`, `100k`, `5g`, or plain bytes.
    static func format(_ bytes: Int64) -> String {
        for (unit, factor) in [("g", Int64(1) << 30), ("m", Int64(1) << 20), ("k", Int64(1) << 10)]
        where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor)\(unit)"
        }
        return "\(bytes)"
    }
}
