import Foundation
import TestSupport
import Testing

@testable import ImportKit

/// A directory with more names than the scanner's run limit is sorted in runs spilled to a temporary file and
/// merged: the entries, their order and resuming must be exactly those of the in-memory path.
@Suite struct DirectorySpillTests {
    /// 1,500 files in one directory, with names whose byte order differs from other orders (case, non-ASCII,
    /// prefixes, digits), and two subdirectories among them, one of them large itself.
    func makeTree() throws -> TemporaryDirectory {
        let tree = TemporaryDirectory("scan-spill")
        for i in 0..<1_400 { try tree.file("big/n\(i % 7 == 0 ? "é" : i % 5 == 0 ? "A" : "a")\(i)", "") }
        for name in ["Z", "a", "a.b", "a-b", "ab", "é", "ü", "~", "b b", "0"] { try tree.file("big/\(name)", "x") }
        for i in 0..<300 { try tree.file("big/na500.dir/f\(i)", String(repeating: "y", count: i % 3)) }
        try tree.file("big/zz.dir/inner", "inner")
        return tree
    }

    func scan(_ root: String, runLimit: Int, spill: String? = nil, after: String? = nil) throws -> [ScanEntry] {
        var entries: [ScanEntry] = []
        let scanner = DirectoryScanner(root: root + "/", allowSymbolicLinks: false, spillDirectory: spill, runLimit: runLimit)
        try scanner.scan(resumeAfter: after.map { Array($0.utf8) }) {
            entries.append($0)
            return true
        }
        return entries
    }

    func paths(_ entries: [ScanEntry]) -> [String] { entries.map { String(decoding: $0.relativePath, as: UTF8.self) } }

    @Test(arguments: [2, 3, 64, 999, 1_410, 1_411, 1_412])
    func spilledRunsGiveExactlyTheInMemorySequence(runLimit: Int) throws {
        let tree = try makeTree()
        let reference = try scan(tree.path, runLimit: 1 << 20)
        #expect(reference.count == 1_400 + 10 + 300 + 1)
        let bytes = reference.map(\.relativePath)
        #expect(zip(bytes, bytes.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) }, "byte order, no duplicate")
        let spilled = try scan(tree.path, runLimit: runLimit)
        #expect(spilled.count == reference.count)
        #expect(spilled == reference, "first difference at \(firstDifference(spilled, reference))")
    }

    @Test(arguments: ["big/0", "big/a", "big/na1", "big/na500.dir/f0", "big/na500.dir/f150", "big/na500.dir/f99",
                      "big/nA995", "big/né994", "big/zz.dir/inner", "big/~"])
    func resumesInsideASpilledDirectory(after: String) throws {
        let tree = try makeTree()
        let all = paths(try scan(tree.path, runLimit: 1 << 20))
        let resumed = paths(try scan(tree.path, runLimit: 50, after: after))
        let expected = all.filter { Array($0.utf8).lexicographicallyPrecedes(Array(after.utf8)) == false && $0 != after }
        #expect(resumed.count == expected.count)
        #expect(resumed == expected, "first difference at \(firstDifference(resumed, expected))")
        #expect(!resumed.isEmpty && resumed.count < all.count)
    }

    /// The spill file is used (a missing spill directory fails the scan, naming it) only above the run limit,
    /// and leaves nothing behind.
    @Test func spillsOnlyAboveTheRunLimitAndLeavesNothingBehind() throws {
        let tree = try makeTree()
        let spill = TemporaryDirectory("spill")
        let missing = spill.path + "/missing"
        #expect(try scan(tree.path, runLimit: 1_412, spill: missing).count == 1_711, "no directory above the limit")
        #expect {
            _ = try scan(tree.path, runLimit: 1_411, spill: missing)
        } throws: { error in
            (error as? SystemError)?.path == missing && "\(error)".contains("temporary file")
        }
        #expect(try scan(tree.path, runLimit: 10, spill: spill.path).count == 1_711)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill.path).isEmpty)
    }

    /// The merge alone, on names that share long prefixes, with run limits that leave a short last run.
    @Test func mergeOfManyRunsIsSortedAndComplete() throws {
        let tree = TemporaryDirectory("merge")
        let spill = TemporaryDirectory("merge-spill")
        var names: [String] = []
        var seed: UInt64 = 12345
        for i in 0..<777 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            names.append(String(repeating: "p", count: Int(seed >> 60)) + String(seed >> 40, radix: 36) + "-\(i)")
        }
        for name in names { try tree.file(name, "") }
        let fd = open(tree.path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        for runLimit in [2, 7, 100, 776] {
            var listing = try DirectoryListing(directoryFD: fd, from: nil, runLimit: runLimit, spillDirectory: spill.path)
            var listed: [[UInt8]] = []
            while let entry = try listing.next() { listed.append(entry.name) }
            let expected = names.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
            #expect(listed.count == expected.count, "run limit \(runLimit)")
            #expect(listed == expected, "run limit \(runLimit): first difference at \(firstDifference(listed, expected))")
        }
    }
}

/// The first index where `a` and `b` differ (`-1`: none within the shorter).
private func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    zip(a.indices, zip(a, b)).first { $0.1.0 != $0.1.1 }?.0 ?? -1
}
