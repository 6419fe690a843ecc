import Foundation
import TestSupport
import Testing

@testable import ImportKit

@Suite struct DirectoryScannerTests {
    func makeTree() throws -> TemporaryDirectory {
        let tree = TemporaryDirectory("scan")
        try tree.file("b/2.txt", "22")
        try tree.file("b/1.txt", "1")
        try tree.file("a.txt", "aaa")
        try tree.file("c/d/e/deep.bin", "deep")
        try tree.file("中文/名 字.txt", "x")
        try tree.directory("empty/inner")
        try tree.file("z.txt", "")
        return tree
    }

    func scan(_ root: String, after: String? = nil, symlinks: Bool = false) throws -> [ScanEntry] {
        var entries: [ScanEntry] = []
        try DirectoryScanner(root: root + "/", allowSymbolicLinks: symlinks).scan(resumeAfter: after.map { Array($0.utf8) }) {
            entries.append($0)
            return true
        }
        return entries
    }

    /// Empty directories are reported (issue 9 §10), in walk order, as their own kind: never as files.
    @Test func walksInByteOrderWithSizesAndReportsEmptyDirectories() throws {
        let tree = try makeTree()
        let entries = try scan(tree.path)
        #expect(entries.map { String(decoding: $0.relativePath, as: UTF8.self) } == [
            "a.txt", "b/1.txt", "b/2.txt", "c/d/e/deep.bin", "empty/inner", "z.txt", "中文/名 字.txt",
        ])
        #expect(entries.map(\.size) == [3, 1, 2, 4, 0, 0, 1])
        #expect(entries.filter { $0.kind == .emptyDirectory }.map { String(decoding: $0.relativePath, as: UTF8.self) } == ["empty/inner"])
        #expect(entries.filter { $0.kind != .emptyDirectory }.allSatisfy { $0.kind == .file && $0.mtimeNanos > 0 })
    }

    @Test func emptyRootReportsNothingAndAnEmptyDirectoryIsATaskEntryButNotAFile() throws {
        let tree = TemporaryDirectory("scan-empty")
        #expect(try scan(tree.path).isEmpty)
        try tree.directory("x")
        let entries = try scan(tree.path)
        #expect(entries.map(\.kind) == [.emptyDirectory])
        let manifest = TaskManifest(job: "j", sequence: 0, entries: entries + [ScanEntry(kind: .file, size: 3, mtimeNanos: 1, relativePath: Array("y".utf8))])
        #expect(manifest.fileCount == 1 && manifest.emptyDirectoryCount == 1 && manifest.totalBytes == 3)
        #expect(try TaskManifest.decode(manifest.encoded()) == manifest)
    }

    @Test(arguments: ["a.txt", "b/1.txt", "b/2.txt", "c/d/e/deep.bin", "z.txt", "b", "bb-missing", "c/d/zzz-gone"])
    func resumesExactlyAfterAnyPath(_ after: String) throws {
        let tree = try makeTree()
        let all = try scan(tree.path).map { String(decoding: $0.relativePath, as: UTF8.self) }
        let resumed = try scan(tree.path, after: after).map { String(decoding: $0.relativePath, as: UTF8.self) }
        // Walk order compares path components one by one; a directory named by the checkpoint was fully handled.
        func components(_ path: String) -> [[UInt8]] { path.split(separator: "/").map { Array($0.utf8) } }
        let expected = all.filter { path in
            components(after).lexicographicallyPrecedes(components(path)) { $0.lexicographicallyPrecedes($1) }
                && !path.hasPrefix(after + "/")
        }
        #expect(resumed == expected)
        #expect(Set(resumed).isSubset(of: Set(all)))
    }

    @Test func symlinksFollowPolicyAndNeverEnterDirectories() throws {
        let tree = TemporaryDirectory("scan-links")
        try tree.file("real/file.txt", "hello")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/link.txt", withDestinationPath: tree.path + "/real/file.txt")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/dirlink", withDestinationPath: tree.path + "/real")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/broken", withDestinationPath: tree.path + "/nowhere")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/loop", withDestinationPath: tree.path + "/loop")

        let denied = try scan(tree.path, symlinks: false)
        #expect(denied.filter { $0.kind == .skipped }.count == 4)
        #expect(denied.filter { $0.kind == .file }.count == 1)

        let allowed = try scan(tree.path, symlinks: true)
        let byName = Dictionary(uniqueKeysWithValues: allowed.map { (String(decoding: $0.relativePath, as: UTF8.self), $0) })
        #expect(byName["link.txt"]?.kind == .symlinkedFile)
        #expect(byName["link.txt"]?.size == 5)
        #expect(byName["dirlink"]?.kind == .skipped)
        #expect(byName["broken"]?.kind == .unreadable)
        #expect(byName["loop"]?.kind == .unreadable)
        #expect(byName["loop"]?.reason.contains("loop") == true)
        #expect(byName["real/file.txt"]?.kind == .file)
    }

    @Test func unlistableDirectoryIsReportedNotFatal() throws {
        guard getuid() != 0 else { return }  // root reads everything; covered by the end-to-end suite
        let tree = TemporaryDirectory("scan-perm")
        try tree.file("ok.txt", "1")
        try tree.file("locked/secret.txt", "2")
        chmod(tree.path + "/locked", 0)
        defer { chmod(tree.path + "/locked", 0o755) }
        let entries = try scan(tree.path)
        #expect(entries.contains { $0.kind == .unreadable && String(decoding: $0.relativePath, as: UTF8.self) == "locked" })
        #expect(entries.contains { $0.kind == .file })
    }

    @Test func nonUTF8NamesAreKeptAsBytes() throws {
        let tree = TemporaryDirectory("scan-bytes")
        let name: [UInt8] = Array("bad-".utf8) + [0xFF, 0xFE] + Array(".txt".utf8)
        let path = Array(tree.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(fd >= 0)
        close(fd)
        let entries = try scan(tree.path)
        #expect(entries.map(\.relativePath) == [name])
    }
}
