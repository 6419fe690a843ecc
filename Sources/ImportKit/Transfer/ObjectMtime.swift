import Foundation
import OSSClient

/// The source mtime an object records in `x-oss-meta-mtime`: `<seconds>.<nine digits>` (Unix time with
/// nanoseconds, e.g. `1700000000.123456789`), a decimal that older readers can still parse as a number.
/// Objects uploaded by older versions carry whole seconds (`1700000000`).
struct RecordedMtime: Equatable, CustomStringConvertible {
    /// Unix time in nanoseconds.
    var nanos: Int64
    /// True when only whole seconds were recorded: equality with a source mtime is then unknown.
    var isWholeSeconds: Bool

    /// The `x-oss-meta-mtime` value for a source mtime in nanoseconds.
    static func format(nanos: Int64) -> String {
        let sign = nanos < 0 ? "-" : ""
        let magnitude = nanos.magnitude
        return "\(sign)\(magnitude / 1_000_000_000).\(nineDigits(Int64(magnitude % 1_000_000_000)))"
    }

    /// Parses `123`, `123.5`, `123.123456789` (at most nine fraction digits) or a negative of those; nil otherwise.
    init?(parsing text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
            let seconds = Int64(whole), seconds < Int64.max / 1_000_000_000 - 1
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = Int64(digits + String(repeating: "0", count: 9 - digits.count)) ?? 0
        }
        let value = seconds * 1_000_000_000 + fraction
        nanos = negative ? -value : value
        isWholeSeconds = parts.count == 1
    }

    init(nanos: Int64, isWholeSeconds: Bool) {
        self.nanos = nanos
        self.isWholeSeconds = isWholeSeconds
    }

    var description: String {
        isWholeSeconds ? String(nanos / 1_000_000_000) : Self.format(nanos: nanos)
    }
}

/// How an object's recorded time relates to a source file's mtime, with both values in words.
enum MtimeMatch: Equatable {
    /// `x-oss-meta-mtime` at full precision equals the source mtime.
    case equal(String)
    /// The object was written after the source's last change (Last-Modified in a later second).
    case writtenAfter(String)
    /// Only whole seconds are known and they are equal: the content may differ (compare CRC-64s).
    case sameWholeSecond(String)
    /// A different version of the source, or written before it changed.
    case differs(String)

    /// Compares `x-oss-meta-mtime` (or, without it, Last-Modified) with the source mtime in nanoseconds.
    /// - Returns: `.differs` also when the object has neither header.
    static func compare(_ info: OSSObjectInfo, sourceNanos: Int64) -> MtimeMatch {
        let source = RecordedMtime.format(nanos: sourceNanos)
        let sourceSeconds = floorSeconds(sourceNanos)
        if let recorded = info.metadata["mtime"].flatMap(RecordedMtime.init(parsing:)) {
            let both = "source mtime \(source), x-oss-meta-mtime \(recorded)"
            if !recorded.isWholeSeconds {
                return recorded.nanos == sourceNanos ? .equal(both) : .differs(both)
            }
            return floorSeconds(recorded.nanos) == sourceSeconds ? .sameWholeSecond(both) : .differs(both)
        }
        guard let modified = info.lastModified else {
            return .differs("source mtime \(source), object has neither x-oss-meta-mtime nor Last-Modified")
        }
        let seconds = Int64(modified.timeIntervalSince1970.rounded(.down))
        let both = "source mtime \(source), Last-Modified \(seconds)"
        if seconds > sourceSeconds { return .writtenAfter(both) }
        return seconds == sourceSeconds ? .sameWholeSecond(both) : .differs(both)
    }

    /// Whole seconds as earlier versions recorded them (truncated).
    private static func floorSeconds(_ nanos: Int64) -> Int64 { nanos / 1_000_000_000 }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
