import Foundation

/// Loads the JSON vector files from the test bundle's `Fixtures/` directory.
enum FixtureLoader {
    struct MissingFixture: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name).json not found in the test bundle" }
    }

    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw MissingFixture(name: name)
        }
        return try Data(contentsOf: url)
    }

    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(name))
    }

    /// Decodes `name`, or returns `fallback` so that `@Test(arguments:)` can be built; a separate
    /// test asserts that the file loads and holds enough cases.
    static func decodeOrEmpty<T: Decodable>(_ type: T.Type, from name: String, fallback: T) -> T {
        (try? decode(T.self, from: name)) ?? fallback
    }
}

/// Hex helpers for test data.
enum TestHex {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let hi = iterator.next(), let lo = iterator.next() {
            out.append(nibble(hi) << 4 | nibble(lo))
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: 0
        }
    }
}
