import Foundation
import TestSupport
import Testing

@testable import ImportKit

/// Large directories go through ``StatWindow``: stats fetched ahead in windows, split over threads.
@Suite struct DirectoryScannerWindowTests {
    /// 2,600 files (two windows, parallel path) with sizes 0...6 and a subdirectory among them.
    func makeBigDirectory() throws -> TemporaryDirectory {
        let tree = TemporaryDirectory("scan-window")
        for i in 0..<2_600 {
            try tree.file("big/f\(String(i + 10_000)).bin", String(repeating: "x", count: i % 7))
        }
        try tree.file("big/f12500.dir/inner.bin", "inner")
        return tree
    }

    func scan(_ root: String, after: String? = nil) throws -> [ScanEntry] {
        var entries: [ScanEntry] = []
        try DirectoryScanner(root: root + "/", allowSymbolicLinks: false).scan(resumeAfter: after.map { Array($0.utf8) }) {
            entries.append($0)
            return true
        }
        return entries
    }

    func expectedPaths() -> [String] {
        var paths = (0..<2_600).map { "big/f\(String($0 + 10_000)).bin" }
        paths.append("big/f12500.dir/inner.bin")
        return paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    func expectedSize(_ path: String) -> Int64 {
        if path.hasSuffix("inner.bin") { return 5 }
        let number = Int(path.dropFirst("big/f".count).prefix(5)) ?? -1
        return Int64((number - 10_000) % 7)
    }

    @Test func everyEntryOnceInByteOrderWithItsOwnSize() throws {
        let tree = try makeBigDirectory()
        let entries = try scan(tree.path)
        let paths = entries.map { String(decoding: $0.relativePath, as: UTF8.self) }
        #expect(paths == expectedPaths())
        #expect(entries.allSatisfy { $0.kind == .file && $0.mtimeNanos > 0 })
        let wrong = entries.filter { $0.size != expectedSize(String(decoding: $0.relativePath, as: UTF8.self)) }
        #expect(wrong.isEmpty)
    }

    @Test(arguments: ["big/f10000.bin", "big/f12047.bin", "big/f12500.dir/inner.bin", "big/f12599.bin"])
    func resumesInsideABigDirectory(_ after: String) throws {
        let tree = try makeBigDirectory()
        let resumed = try scan(tree.path, after: after)
        let all = expectedPaths()
        let index = try #require(all.firstIndex(of: after))
        #expect(resumed.map { String(decoding: $0.relativePath, as: UTF8.self) } == Array(all[(index + 1)...]))
        #expect(resumed.allSatisfy { $0.size == expectedSize(String(decoding: $0.relativePath, as: UTF8.self)) })
    }
}
