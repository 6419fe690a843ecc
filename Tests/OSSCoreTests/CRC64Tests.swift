import CRC64
import Foundation
import Testing

struct CRC64Vectors: Decodable {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let hexData: String?
        let generator: String?
        let length: Int?
        let crc64: String
        let crcA: String?
        let crcB: String?
        let lengthB: UInt64?
        var testDescription: String { name }
    }
    let cases: [Case]

    static let all = FixtureLoader.decodeOrEmpty(CRC64Vectors.self, from: "crc64", fallback: .init(cases: []))
}

/// The generated pattern of the vectors file: byte i = (i*31+7) % 251.
func crcPattern(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8((($0 &* 31) &+ 7) % 251) }
}

@Suite struct CRC64Tests {
    @Test func fixtureLoads() throws {
        let vectors = try FixtureLoader.decode(CRC64Vectors.self, from: "crc64")
        #expect(vectors.cases.count >= 6)
    }

    @Test(arguments: CRC64Vectors.all.cases)
    func vector(_ c: CRC64Vectors.Case) throws {
        let expected = try #require(UInt64(c.crc64))
        if let a = c.crcA, let b = c.crcB, let lengthB = c.lengthB {
            let crcA = try #require(UInt64(a))
            let crcB = try #require(UInt64(b))
            #expect(CRC64.combine(crcA, crcB, lengthB: lengthB) == expected)
            return
        }
        let data: [UInt8]
        if let hex = c.hexData {
            data = TestHex.bytes(hex)
        } else {
            data = crcPattern(try #require(c.length))
        }
        #expect(data.count == c.length)
        #expect(CRC64.checksum(data) == expected)
        var streaming = CRC64()
        for chunk in stride(from: 0, to: data.count, by: 4099) {
            streaming.update(Array(data[chunk..<min(chunk + 4099, data.count)]))
        }
        #expect(streaming.value == expected)
    }

    @Test func knownStrings() {
        #expect(CRC64.checksum([]) == 0)
        #expect(CRC64().value == 0)
        #expect(CRC64.checksum(Array("123456789".utf8)) == 0x995D_C9BB_DF19_39FA)
        #expect(CRC64.checksum(Array("hello world".utf8)) == 5_981_764_153_023_615_706)
    }

    @Test func continueFromKnownValue() {
        let head = Array("hello ".utf8)
        var crc = CRC64(value: CRC64.checksum(head))
        crc.update(Array("world".utf8))
        #expect(crc.value == 5_981_764_153_023_615_706)
    }

    @Test func everyLengthMatchesBytewiseReference() {
        // Exercises the 16-byte loop, the tail loop and unaligned starts against a bit-by-bit CRC.
        let data = crcPattern(300)
        for start in 0..<5 {
            for end in start...data.count {
                let slice = Array(data[start..<end])
                #expect(CRC64.checksum(slice) == referenceCRC(slice), "start \(start) end \(end)")
            }
        }
    }

    @Test func collectionUpdate() {
        let data = crcPattern(1000)
        var crc = CRC64()
        crc.update(contentsOf: data[0..<500])
        crc.update(contentsOf: data[500...])
        #expect(crc.value == CRC64.checksum(data))
    }

    @Test func combineWithEmptyParts() {
        let a = CRC64.checksum(Array("abc".utf8))
        #expect(CRC64.combine(a, 0, lengthB: 0) == a)
        #expect(CRC64.combine(0, a, lengthB: 3) == a)
    }

    @Test func splitAnywhereCombineEqualsWhole() {
        var rng = SplitMix64(seed: 0x5EED)
        let data = crcPattern(200_000)
        let whole = CRC64.checksum(data)
        for _ in 0..<200 {
            let split = Int(rng.next() % UInt64(data.count + 1))
            let a = CRC64.checksum(Array(data[..<split]))
            let b = CRC64.checksum(Array(data[split...]))
            #expect(CRC64.combine(a, b, lengthB: UInt64(data.count - split)) == whole, "split \(split)")
        }
    }

    @Test func combineManyParts() {
        var rng = SplitMix64(seed: 42)
        let data = crcPattern(1 << 20)
        var cuts = (0..<20).map { _ in Int(rng.next() % UInt64(data.count)) }
        cuts.append(contentsOf: [0, data.count])
        cuts.sort()
        var combined: UInt64 = 0
        for (from, to) in zip(cuts, cuts.dropFirst()) {
            let part = CRC64.checksum(Array(data[from..<to]))
            combined = CRC64.combine(combined, part, lengthB: UInt64(to - from))
        }
        #expect(combined == CRC64.checksum(data))
    }

    @Test func combineHugeLengthIsFast() {
        // O(log n): a length near 48.8 TB (OSS's max object) must work without touching data.
        let a = CRC64.checksum(Array("x".utf8))
        let result = CRC64.combine(a, 0, lengthB: 53_687_091_200_000)
        #expect(result != a)
    }

    /// Bit-at-a-time CRC-64/XZ, independent of the table code.
    private func referenceCRC(_ bytes: [UInt8]) -> UInt64 {
        var crc = UInt64.max
        for byte in bytes {
            crc ^= UInt64(byte)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xC96C_5795_D787_0F42 : crc >> 1
            }
        }
        return ~crc
    }
}

/// Deterministic PRNG so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
