import Foundation
import OSSCore

/// Server-side dates on seconds since 1970, formatted and parsed by OSSCore's ``HTTPDate`` (no DateFormatter).
enum Timestamp {
    /// `Sun, 22 Nov 2026 08:00:00 GMT`.
    static func rfc1123(_ seconds: Double) -> String {
        HTTPDate.rfc1123(Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    /// `2026-11-22T08:00:00.000Z` (ListObjects LastModified). OSS always shows `.000` milliseconds,
    /// and oss2 parses exactly that form.
    static func iso8601(_ seconds: Double) -> String {
        HTTPDate.iso8601(Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    /// Parses `20261122T080000Z` (x-oss-date of V4 requests) into seconds since 1970.
    static func parseISO8601Basic(_ text: String) -> Double? {
        guard text.utf8.count == 16 else { return nil }
        return HTTPDate.parseISO8601(text)?.timeIntervalSince1970
    }

    /// Parses `Sun, 22 Nov 2026 08:00:00 GMT` into seconds since 1970.
    static func parseRFC1123(_ text: String) -> Double? {
        HTTPDate.parseRFC1123(text)?.timeIntervalSince1970
    }
}
