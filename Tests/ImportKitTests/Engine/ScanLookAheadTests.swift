import Foundation
import TestSupport
import Testing

@testable import ImportKit

#if canImport(Glibc)
    import Glibc
#endif

/// The parallel scan (directories listed and stat'ed ahead by ``ScanLookAhead``) gives exactly the serial scan's
/// entries in the same order, resumes like it, and holds a bounded window.
@Suite struct ScanLookAheadTests {
    static let serial = ScanParallelism(threads: 1, maxDepth: 0)

    /// 300 top-level directories (more than the look-ahead's directory window) with nested ones down to 4 levels,
    /// empty directories, names that sort differently name by name than byte by byte (`a-b`, `a.b`, `a/…`), and
    /// one directory larger than a stat window with subdirectories among its names (listed by the walk itself).
    static func makeTree() throws -> TemporaryDirectory {
        let tree = TemporaryDirectory("scan-ahead")
        for i in 0..<300 {
            let top = String(format: "t%03d", (i * 37) % 300)
            for j in 0..<(i % 4) { try tree.file("\(top)/f\(j)", String(repeating: "x", count: j)) }
            if i % 3 == 0 { try tree.file("\(top)/s/u/v/deep\(i % 5)", "d") }
            if i % 7 == 0 { try tree.directory("\(top)/empty") }
            if i % 11 == 0 { try tree.file("\(top)/s-\(i)/g", "g") }
        }
        for name in ["a", "a-b", "a.b", "a0"] { try tree.file("\(name)/inside", name) }
        try tree.file("a-b.txt", "")
        for i in 0..<2_100 { try tree.file(String(format: "wide/n%04d", i), "") }
        for i in 0..<40 { try tree.file(String(format: "wide/n%04d.d/%@", i * 50, i % 2 == 0 ? "x" : "y/z"), "w") }
        return tree
    }

    static func scan(_ root: String, _ parallelism: ScanParallelism, after: String? = nil, stopAfter: Int? = nil) throws -> [ScanEntry] {
        var entries: [ScanEntry] = []
        let scanner = DirectoryScanner(root: root + "/", allowSymbolicLinks: false, parallelism: parallelism)
        try scanner.scan(resumeAfter: after.map { Array($0.utf8) }) {
            entries.append($0)
            return stopAfter.map { entries.count < $0 } ?? true
        }
        return entries
    }

    static func paths(_ entries: [ScanEntry]) -> [String] { entries.map { String(decoding: $0.relativePath, as: UTF8.self) } }

    @Test func scanOrderComparesNameByName() {
        let order = ["a", "a/b", "a/b/c", "a/c", "a-b", "a-b/x", "a.b", "ab", "ab/a", "b"]
        for (index, path) in order.enumerated() {
            for (other, later) in order.enumerated() {
                #expect(ScanLookAhead.precedes(Array(path.utf8), Array(later.utf8)) == (index < other), "\(path) vs \(later)")
            }
        }
    }

    @Test(arguments: [
        ScanParallelism.automatic, ScanParallelism(threads: 4, maxDepth: 1), ScanParallelism(threads: 3, maxDepth: 2),
        ScanParallelism(threads: 32, maxDepth: 16), ScanParallelism(threads: 2, maxDepth: .max, adaptive: true),
    ])
    func everyParallelismGivesTheSerialScanExactly(_ parallelism: ScanParallelism) throws {
        let tree = try Self.makeTree()
        let reference = try Self.scan(tree.path, Self.serial)
        #expect(reference.count > 2_500)
        let paths = Self.paths(reference)
        #expect(Set(paths).count == paths.count, "no path twice")
        #expect(zip(reference, reference.dropFirst()).allSatisfy { ScanLookAhead.precedes($0.relativePath, $1.relativePath) })
        for round in 0..<3 {
            let parallel = try Self.scan(tree.path, parallelism)
            #expect(parallel == reference, "round \(round): first difference at \(firstDifference(parallel, reference))")
        }
    }

    @Test func resumesAfterAnyPathLikeTheSerialScan() throws {
        let tree = try Self.makeTree()
        let all = Self.paths(try Self.scan(tree.path, Self.serial))
        for index in stride(from: 0, to: all.count, by: 97) + [all.count - 1] {
            let resumed = Self.paths(try Self.scan(tree.path, .automatic, after: all[index]))
            #expect(resumed == Array(all[(index + 1)...]), "after \(all[index])")
        }
    }

    @Test func stopsEarlyWithTheSerialScansFirstEntries() throws {
        let tree = try Self.makeTree()
        let all = try Self.scan(tree.path, Self.serial)
        let first = try Self.scan(tree.path, .automatic, stopAfter: 50)
        #expect(first == Array(all.prefix(50)))
    }

    /// Announced directories are read ahead in scan order, never more than the window at once, and handed over
    /// (or left to the caller) exactly once; threads end on `stop`.
    @Test func theWindowIsBoundedAndEveryDirectoryIsHandedOverOnce() async throws {
        let tree = TemporaryDirectory("scan-window-ahead")
        let names = (0..<400).map { String(format: "d%03d", $0) }
        for (index, name) in names.enumerated() { try tree.file("\(name)/f", String(repeating: "z", count: index % 9)) }
        let rootFD = open(tree.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try #require(rootFD >= 0)
        let root = DirectoryHandle(fd: rootFD)
        let entries = names.map { (name: Array($0.utf8), type: UInt8(DT_DIR)) }
        let statuses = entries.map { FileStatus(directoryFD: rootFD, name: $0.name) }
        let lookAhead = ScanLookAhead(ScanParallelism(threads: 8, maxDepth: 1))
        lookAhead.announce(parent: root, path: [], depth: 0, names: entries[...], statuses: statuses[...])
        // Let the threads fill the window: it stops at `directoryWindow` directories held.
        for _ in 0..<200 where lookAhead.held < ScanLookAhead.directoryWindow { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(lookAhead.held == ScanLookAhead.directoryWindow)
        var readAhead = 0
        for (index, name) in names.enumerated() {
            switch lookAhead.take(Array(name.utf8)) {
            case .listed(_, let listed, let statuses)?:
                readAhead += 1
                #expect(listed.map(\.name) == [Array("f".utf8)])
                #expect(statuses.map(\.size) == [Int64(index % 9)])
            case nil: break
            default: Issue.record("\(name) not read")
            }
            #expect(lookAhead.held <= ScanLookAhead.directoryWindow)
        }
        #expect(readAhead >= ScanLookAhead.directoryWindow)
        #expect(lookAhead.take(Array("d000".utf8)) == nil, "handed over once")
        #expect(lookAhead.held == 0)
        lookAhead.stop()
        for _ in 0..<200 where lookAhead.threadCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(lookAhead.threadCount == 0)
    }

    @Test func ossimportsShippedKeysMeanTheAutomaticScan() {
        #expect(ScanParallelism(scanThreadCount: 1, maxMultiThreadScanDepth: 1) == .automatic)
        #expect(ScanParallelism(scanThreadCount: 1, maxMultiThreadScanDepth: 3) == ScanParallelism(threads: 1, maxDepth: 0))
        #expect(ScanParallelism(scanThreadCount: 8, maxMultiThreadScanDepth: 1) == ScanParallelism(threads: 8, maxDepth: 1))
        #expect(ScanParallelism(scanThreadCount: 32, maxMultiThreadScanDepth: 16) == ScanParallelism(threads: 32, maxDepth: 16))
    }
}

/// Where two entry sequences first differ (index and both entries), for failure messages.
private func firstDifference(_ a: [ScanEntry], _ b: [ScanEntry]) -> String {
    for index in 0..<min(a.count, b.count) where a[index] != b[index] {
        return
            "\(index): \(String(decoding: a[index].relativePath, as: UTF8.self)) vs \(String(decoding: b[index].relativePath, as: UTF8.self))"
    }
    return "lengths \(a.count) vs \(b.count)"
}
