import TestSupport
import Testing
@testable import ImportKit

@Suite struct SizeValueTests {
    @Test(arguments: [
        ("0", Int64(0)), ("123", 123), ("123b", 123), ("500k", 512_000), ("500K", 512_000), ("500kb", 512_000),
        ("500KB", 512_000), ("50m", 52_428_800), ("50M", 52_428_800), ("50mb", 52_428_800), ("150m", 157_286_400),
        ("1024m", 1_073_741_824), ("2g", 2_147_483_648), ("5g", 5_368_709_120), ("5GB", 5_368_709_120),
        (" 50m ", 52_428_800), ("50 m", 52_428_800), ("1t", 1_099_511_627_776),
    ])
    func parsesSizes(text: String, bytes: Int64) {
        #expect(SizeValue.parse(text) == bytes)
    }

    @Test(arguments: ["", "m", "abc", "1.5g", "-5m", "+5m", "5x", "5 mm", "50mbb", "99999999999999999999", "9999999999999g", "0x10"])
    func rejectsNonSizes(text: String) {
        #expect(SizeValue.parse(text) == nil)
    }

    @Test(arguments: [
        ("true", true), ("TRUE", true), ("True", true), ("yes", true), ("1", true), (" true ", true),
        ("false", false), ("False", false), ("no", false), ("0", false),
    ])
    func parsesBooleans(text: String, value: Bool) {
        #expect(BoolValue.parse(text) == value)
    }

    @Test(arguments: ["", "flase", "ture", "2", "y", "truee"])
    func rejectsNonBooleans(text: String) {
        #expect(BoolValue.parse(text) == nil)
    }

    @Test(arguments: [(Int64(157_286_400), "150m"), (102_400, "100k"), (5_368_709_120, "5g"), (1000, "1000")])
    func formatsSizes(bytes: Int64, text: String) {
        #expect(SizeValue.format(bytes) == text)
    }
}
