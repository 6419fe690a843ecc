import Foundation

/// HTTP and OSS date formats, without DateFormatter (UTC only, proleptic Gregorian calendar).
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 22 Nov 2026 08:00:00 GMT` (the `Date` header; sub-second part dropped).
    public static func rfc1123(_ date: Date) -> String {
        let t = CivilTime(date)
        return "\(weekdays[t.weekday]), \(pad2(t.day)) \(months[t.month - 1]) \(t.year) "
            + "\(pad2(t.hour)):\(pad2(t.minute)):\(pad2(t.second)) GMT"
    }

    /// Parses `Sun, 22 Nov 2026 08:00:00 GMT` (weekday optional and not checked; `GMT` or `UTC`).
    public static func parseRFC1123(_ s: String) -> Date? {
        var scanner = ByteScanner(s)
        scanner.skipSpaces()
        if let comma = scanner.bytes.firstIndex(of: UInt8(ascii: ",")) {
            scanner.index = comma + 1
        }
        scanner.skipSpaces()
        guard let day = scanner.number(maxDigits: 2) else { return nil }
        scanner.skipSpaces()
        guard let monthName = scanner.word(), let month = months.firstIndex(where: { $0.lowercased() == monthName.lowercased() })
        else { return nil }
        scanner.skipSpaces()
        guard let year = scanner.number(maxDigits: 4),
            scanner.skipSpaces(), let hour = scanner.number(maxDigits: 2), scanner.expect(":"),
            let minute = scanner.number(maxDigits: 2), scanner.expect(":"),
            let second = scanner.number(maxDigits: 2)
        else { return nil }
        scanner.skipSpaces()
        let zone = scanner.word()?.uppercased()
        guard zone == "GMT" || zone == "UTC" || zone == "Z", scanner.atEnd(ignoringSpaces: true) else { return nil }
        return CivilTime.date(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
    }

    /// `20261122T080000Z` (V4 `x-oss-date`).
    public static func iso8601Basic(_ date: Date) -> String {
        let t = CivilTime(date)
        return "\(pad4(t.year))\(pad2(t.month))\(pad2(t.day))T\(pad2(t.hour))\(pad2(t.minute))\(pad2(t.second))Z"
    }

    /// `2026-11-22T08:00:00.000Z` (ListObjects `LastModified`), with milliseconds.
    public static func iso8601(_ date: Date) -> String {
        let t = CivilTime(date)
        let t1970 = date.timeIntervalSince1970
        let millis = min(999, Int(((t1970 - t1970.rounded(.down)) * 1000).rounded()))
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(pad4(t.year))-\(pad2(t.month))-\(pad2(t.day))T\(pad2(t.hour)):\(pad2(t.minute)):\(pad2(t.second)).\(ms)Z"
    }

    /// Parses `2026-11-22T08:00:00.000Z`, `2026-11-22T08:00:00Z` (any number of fraction digits) and the
    /// basic form `20261122T080000Z`. Only UTC (`Z`) is accepted.
    public static func parseISO8601(_ s: String) -> Date? {
        var scanner = ByteScanner(s)
        let extended = s.utf8.contains(UInt8(ascii: "-"))
        guard let year = scanner.number(exactDigits: 4), !extended || scanner.expect("-"),
            let month = scanner.number(exactDigits: 2), !extended || scanner.expect("-"),
            let day = scanner.number(exactDigits: 2), scanner.expect("T"),
            let hour = scanner.number(exactDigits: 2), !extended || scanner.expect(":"),
            let minute = scanner.number(exactDigits: 2), !extended || scanner.expect(":"),
            let second = scanner.number(exactDigits: 2)
        else { return nil }
        var fraction = 0.0
        if scanner.expect(".") {
            var scale = 0.1
            var digits = 0
            while let d = scanner.digit() {
                fraction += Double(d) * scale
                scale /= 10
                digits += 1
            }
            guard digits > 0 else { return nil }
        }
        guard scanner.expect("Z"), scanner.atEnd(ignoringSpaces: false),
            let whole = CivilTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        return whole.addingTimeInterval(fraction)
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func pad4(_ n: Int) -> String {
        n >= 1000 ? "\(n)" : String(repeating: "0", count: 4 - "\(n)".count) + "\(n)"
    }
}

/// Broken-down UTC time from days-since-epoch arithmetic (Howard Hinnant's civil calendar algorithms).
struct CivilTime {
    var year, month, day, hour, minute, second, weekday: Int

    init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The instant for a UTC civil time; nil if a field is out of range.
    static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let check = CivilTime(Date(timeIntervalSince1970: Double(days * 86_400)))
        guard check.day == day, check.month == month else { return nil }  // e.g. 31 Feb
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
}

/// A tiny cursor over ASCII bytes for the date parsers.
struct ByteScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ s: String) { bytes = Array(s.utf8) }

    @discardableResult
    mutating func skipSpaces() -> Bool {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return true
    }

    mutating func digit() -> Int? {
        guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func number(maxDigits: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maxDigits, let d = digit() {
            value = value * 10 + d
            count += 1
        }
        return count > 0 ? value : nil
    }

    mutating func number(exactDigits: Int) -> Int? {
        let start = index
        guard let value = number(maxDigits: exactDigits), index - start == exactDigits else { return nil }
        return value
    }

    mutating func word() -> String? {
        let start = index
        while index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") {
            index += 1
        }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    mutating func expect(_ c: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: c) else { return false }
        index += 1
        return true
    }

    mutating func atEnd(ignoringSpaces: Bool) -> Bool {
        if ignoringSpaces { skipSpaces() }
        return index == bytes.count
    }
}
