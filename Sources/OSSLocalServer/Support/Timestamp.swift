/// Fast UTC date formatting for response headers and listings (no DateFormatter).
enum Timestamp {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// (year, month 1-12, day 1-31) for days since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 for a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func split(_ seconds: Double) -> (days: Int, h: Int, m: Int, s: Int, ms: Int) {
        let totalMs = Int((seconds * 1000).rounded(.down))
        let totalS = totalMs >= 0 ? totalMs / 1000 : (totalMs - 999) / 1000
        let ms = totalMs - totalS * 1000
        let days = totalS >= 0 ? totalS / 86400 : (totalS - 86399) / 86400
        let rest = totalS - days * 86400
        return (days, rest / 3600, rest / 60 % 60, rest % 60, ms)
    }

    /// `Sun, 22 Nov 2026 08:00:00 GMT`.
    static func rfc1123(_ seconds: Double) -> String {
        let t = split(seconds)
        let c = civil(days: t.days)
        let weekday = weekdays[((t.days % 7) + 7) % 7]
        return "\(weekday), \(pad(c.day, 2)) \(months[c.month - 1]) \(c.year) \(pad(t.h, 2)):\(pad(t.m, 2)):\(pad(t.s, 2)) GMT"
    }

    /// `2026-11-22T08:00:00.000Z` (ListObjects LastModified). OSS always shows `.000` milliseconds,
    /// and oss2 parses exactly that form.
    static func iso8601(_ seconds: Double) -> String {
        let t = split(seconds)
        let c = civil(days: t.days)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(t.h, 2)):\(pad(t.m, 2)):\(pad(t.s, 2)).000Z"
    }

    /// Parses `20261122T080000Z` (x-oss-date of V4 requests) into seconds since 1970.
    static func parseISO8601Basic(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard let y = number(0..<4), let mo = number(4..<6), let d = number(6..<8),
              let h = number(9..<11), let mi = number(11..<13), let s = number(13..<15),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        return Double(days(year: y, month: mo, day: d) * 86400 + h * 3600 + mi * 60 + s)
    }

    /// Parses `Sun, 22 Nov 2026 08:00:00 GMT` into seconds since 1970.
    static func parseRFC1123(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
              let month = months.firstIndex(of: String(parts[2])) else { return nil }
        let hms = parts[4].split(separator: ":")
        guard hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), let s = Int(hms[2]) else { return nil }
        return Double(days(year: year, month: month + 1, day: day) * 86400 + h * 3600 + m * 60 + s)
    }
}
