import TestSupport
import Testing

@testable import ImportKit

@Suite struct TaskManifestTests {
    static let entries = [
        ScanEntry(kind: .file, size: 12, mtimeNanos: 1_700_000_000_123_456_789, relativePath: Array("a b/文件.txt".utf8)),
        ScanEntry(kind: .file, size: 0, mtimeNanos: 1, relativePath: Array("tab\there%20".utf8)),
        ScanEntry(kind: .symlinkedFile, size: 5, mtimeNanos: 2, relativePath: Array("link".utf8)),
        ScanEntry(kind: .unreadable, size: 0, mtimeNanos: 0, relativePath: [0x66, 0xFF, 0x0A], reason: "cannot stat: Permission denied"),
        ScanEntry(kind: .skipped, size: 0, mtimeNanos: 0, relativePath: Array("dirlink".utf8), reason: "symbolic link to a directory is not followed"),
    ]

    @Test func roundTripsEveryKindAndOddNames() throws {
        let manifest = TaskManifest(job: "local_test", sequence: 7, entries: Self.entries)
        let decoded = try TaskManifest.decode(manifest.encoded())
        #expect(decoded == manifest)
        #expect(decoded.totalBytes == 17)
    }

    @Test func detectsTornAndCorruptFiles() throws {
        let bytes = TaskManifest(job: "local_test", sequence: 1, entries: Self.entries).encoded()
        #expect(throws: StateFileError.self) { try TaskManifest.decode(Array(bytes.dropLast(10))) }
        var flipped = bytes
        flipped[30] ^= 0x01
        #expect(throws: StateFileError.self) { try TaskManifest.decode(flipped) }
        #expect(throws: StateFileError.self) { try TaskManifest.decode([]) }
    }

    @Test(arguments: [
        ("plain/name.txt", "plain/name.txt"),
        ("100%", "100%25"),
        ("line\nbreak", "line%0Abreak"),
    ])
    func escapesPaths(raw: String, escaped: String) {
        #expect(PathEscaping.escape(Array(raw.utf8)) == escaped)
        #expect(PathEscaping.unescape(Substring(escaped)) == Array(raw.utf8))
    }

    /// `error.list`/`audit.log`: a literal `%` is `%25`, so an escaped newline and a name spelled `%0A` differ.
    @Test(arguments: [
        ("plain/名前.txt", "plain/名前.txt"),
        ("100%.txt", "100%25.txt"),
        ("a\nb", "a%0Ab"),
        ("a%0Ab", "a%250Ab"),
        ("tab\there", "tab%09here"),
    ])
    func listLinesEscapePercentAndControls(raw: String, line: String) {
        #expect(PathEscaping.listLine(Array(raw.utf8)) == line)
        #expect(PathEscaping.unescape(Substring(line)) == Array(raw.utf8))
    }

    @Test func listLinesOfANewlineAndOfItsSpellingDiffer() {
        #expect(PathEscaping.listLine(Array("x\ny".utf8)) != PathEscaping.listLine(Array("x%0Ay".utf8)))
        #expect(PathEscaping.listLine([0x61, 0xFF]) == "a%FF")
    }

    @Test func escapesEveryHighByteOfInvalidUTF8() {
        let raw: [UInt8] = [0x61, 0xC3, 0x28, 0x80]
        let escaped = PathEscaping.escape(raw)
        #expect(escaped == "a%C3(%80")
        #expect(PathEscaping.unescape(Substring(escaped)) == raw)
    }
}
