@testable import CRC64
import Testing

/// The PCLMULQDQ folding path against the slicing-by-16 tables (which the fixtures and a bitwise
/// reference pin down in CRC64Tests), plus the forced fallback.
@Suite struct CRC64FoldingTests {
    /// Bytes from a seeded generator, `count` of them starting `offset` bytes into a 16-aligned allocation.
    private static func withRandomBytes<R>(
        _ count: Int, offset: Int, seed: UInt64, _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count + offset + 1, alignment: 16)
        defer { buffer.deallocate() }
        var rng = SplitMix64(seed: seed)
        var i = 0
        while i < buffer.count {
            var word = rng.next()
            for _ in 0..<8 where i < buffer.count {
                buffer[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        return body(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)]))
    }

    private static func table(_ buffer: UnsafeRawBufferPointer, from crc: UInt64 = 0) -> UInt64 {
        CRC64.continueCRC(crc, buffer, path: .table)
    }

    @Test func foldingIsAvailableOnX86() {
        #if arch(x86_64)
        // Every x86-64 CPU this tool targets has had PCLMULQDQ since 2010; if this fails the fast path is off.
        #expect(CRC64Folding.isAvailable)
        #endif
    }

    @Test(arguments: CRC64Vectors.all.cases)
    func fixtureOnEveryPath(_ c: CRC64Vectors.Case) throws {
        guard c.crcA == nil else { return }  // combine-only cases
        let expected = try #require(UInt64(c.crc64))
        let length = try #require(c.length)
        let data = c.hexData.map(TestHex.bytes) ?? crcPattern(length)
        for path in CRC64Path.allCases {
            let crc = data.withUnsafeBytes { CRC64.continueCRC(0, $0, path: path) }
            #expect(crc == expected, "\(path)")
        }
    }

    @Test func randomLengthsAndAlignmentsMatchTables() {
        var rng = SplitMix64(seed: 0xC0FFEE)
        // Every length 0...300 (all the block/tail/8-lane boundaries), then random lengths up to 4096.
        let lengths = Array(0...300) + (0..<400).map { _ in Int(rng.next() % 4097) }
        for (n, length) in lengths.enumerated() {
            let offset = Int(rng.next() % 16)
            let seed = rng.next()
            let start = n.isMultiple(of: 3) ? rng.next() : 0
            Self.withRandomBytes(length, offset: offset, seed: seed) { bytes in
                let expected = Self.table(bytes, from: start)
                #expect(CRC64.continueCRC(start, bytes, path: .folding) == expected, "length \(length) offset \(offset)")
                #expect(CRC64.continueCRC(start, bytes, path: .automatic) == expected, "length \(length) offset \(offset)")
            }
        }
    }

    @Test(arguments: [(1 << 20, 0), (1 << 20, 5), ((16 << 20) + 7, 0), ((16 << 20) + 7, 13)])
    func largeBuffersMatchTables(length: Int, offset: Int) {
        Self.withRandomBytes(length, offset: offset, seed: UInt64(length)) { bytes in
            let expected = Self.table(bytes)
            #expect(CRC64.checksum(bytes) == expected)
            #expect(CRC64.continueCRC(0, bytes, path: .folding) == expected)
        }
    }

    @Test func incrementalUpdatesAcrossArbitrarySplits() {
        var rng = SplitMix64(seed: 77)
        Self.withRandomBytes(200_003, offset: 3, seed: 9) { bytes in
            let whole = Self.table(bytes)
            for round in 0..<60 {
                // Split points of every size class: single bytes, sub-block, sub-8-lane, large.
                var cuts = (0..<(1 + round % 12)).map { _ in Int(rng.next() % UInt64(bytes.count + 1)) }
                cuts += [0, bytes.count]
                cuts.sort()
                var crc = CRC64()
                for (from, to) in zip(cuts, cuts.dropFirst()) {
                    crc.update(UnsafeRawBufferPointer(rebasing: bytes[from..<to]))
                }
                #expect(crc.value == whole, "cuts \(cuts)")
            }
            var small = CRC64()
            var at = 0
            while at < bytes.count {
                let step = min(Int(rng.next() % 300), bytes.count - at)
                small.update(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + step)]))
                at += step
            }
            #expect(small.value == whole)
        }
    }

    @Test func forcedFallbackMatchesFolding() {
        Self.withRandomBytes(100_000, offset: 1, seed: 1234) { bytes in
            let folded = CRC64.continueCRC(0, bytes, path: .folding)
            let table = CRC64.continueCRC(0, bytes, path: .table)
            #expect(folded == table)
            #expect(CRC64.checksum(bytes) == table)
            // The same continuing from a nonzero CRC (a resumed upload's known prefix CRC).
            let prefix = CRC64.checksum(Array("prefix".utf8))
            #expect(CRC64.continueCRC(prefix, bytes, path: .folding) == CRC64.continueCRC(prefix, bytes, path: .table))
        }
    }
}
