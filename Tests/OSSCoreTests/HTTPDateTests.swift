import Foundation
import OSSCore
import Testing

@Suite struct HTTPDateTests {
    static let vectorDate = Date(timeIntervalSince1970: 1_795_334_400)  // 2026-11-22 08:00:00 UTC

    @Test func formats() {
        #expect(HTTPDate.rfc1123(Self.vectorDate) == "Sun, 22 Nov 2026 08:00:00 GMT")
        #expect(HTTPDate.iso8601Basic(Self.vectorDate) == "20261122T080000Z")
        #expect(HTTPDate.iso8601(Self.vectorDate.addingTimeInterval(0.123)) == "2026-11-22T08:00:00.123Z")
        #expect(HTTPDate.rfc1123(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.rfc1123(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }

    @Test func parses() {
        #expect(HTTPDate.parseRFC1123("Sun, 22 Nov 2026 08:00:00 GMT") == Self.vectorDate)
        #expect(HTTPDate.parseRFC1123("22 Nov 2026 08:00:00 UTC") == Self.vectorDate)
        #expect(HTTPDate.parseISO8601("2026-11-22T08:00:00.000Z") == Self.vectorDate)
        #expect(HTTPDate.parseISO8601("2026-11-22T08:00:00Z") == Self.vectorDate)
        #expect(HTTPDate.parseISO8601("20261122T080000Z") == Self.vectorDate)
        let fractional = HTTPDate.parseISO8601("2026-11-22T08:00:00.5Z")
        #expect(fractional == Self.vectorDate.addingTimeInterval(0.5))
    }

    @Test(arguments: [
        "", "Sun, 22 Foo 2026 08:00:00 GMT", "Sun, 22 Nov 2026 08:00 GMT", "Sun, 22 Nov 2026 25:00:00 GMT",
        "Sun, 31 Feb 2026 08:00:00 GMT", "Sun, 22 Nov 2026 08:00:00 PST",
    ])
    func rejectsBadRFC1123(_ s: String) {
        #expect(HTTPDate.parseRFC1123(s) == nil)
    }

    @Test(arguments: ["", "2026-11-22", "2026-11-22T08:00:00", "2026-11-22T08:00:00+08:00", "2026-13-01T00:00:00Z",
                      "2026-11-22T08:00:00.Z"])
    func rejectsBadISO8601(_ s: String) {
        #expect(HTTPDate.parseISO8601(s) == nil)
    }

    @Test func roundTripsAcrossCenturies() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            // 1900 ... 2200, whole seconds
            let seconds = Int64(rng.next() % 9_467_280_000) - 2_208_988_800
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(HTTPDate.parseRFC1123(HTTPDate.rfc1123(date)) == date)
            #expect(HTTPDate.parseISO8601(HTTPDate.iso8601Basic(date)) == date)
            #expect(HTTPDate.parseISO8601(HTTPDate.iso8601(date)) == date)
        }
    }

    @Test func weekdaysAgreeWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        for day in stride(from: -40_000, to: 80_000, by: 97) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 3_661)
            let weekday = calendar.component(.weekday, from: date)
            #expect(HTTPDate.rfc1123(date).hasPrefix(names[weekday - 1]))
        }
    }
}
