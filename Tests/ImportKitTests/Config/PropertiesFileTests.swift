import Foundation
import TestSupport
import Testing
@testable import ImportKit

@Suite struct PropertiesFileTests {
    private func parse(_ text: String) throws -> PropertiesFile {
        try PropertiesFile.parse(text, path: "t.cfg")
    }

    @Test(arguments: [
        ("key=value", "key", "value"),
        ("key:value", "key", "value"),
        ("key value", "key", "value"),
        ("  key  =  value  ", "key", "value"),
        ("key\t=\tvalue\t", "key", "value"),
        ("key = a = b", "key", "a = b"),
        ("key=", "key", ""),
        ("key", "key", ""),
        ("workerMaxThroughput(KB/s)=100000000", "workerMaxThroughput(KB/s)", "100000000"),
        ("key=tab\\there", "key", "tab\there"),
        ("key=line\\nbreak", "key", "line\nbreak"),
        ("key=\\u4e2d\\u6587", "key", "中文"),
        ("key=back\\\\slash", "key", "back\\slash"),
        ("key=c:\\\\data\\\\", "key", "c:\\data\\"),
        ("key=\\d", "key", "d"),
        ("a\\=b=c", "a=b", "c"),
        ("a\\ b=c", "a b", "c"),
        ("key=trailing\\ ", "key", "trailing "),
        ("key=中文值", "key", "中文值"),
        ("key=http://host:9000", "key", "http://host:9000"),
    ])
    func parsesOneLine(line: String, key: String, value: String) throws {
        let file = try parse(line)
        let entry = try #require(file.value(key))
        #expect(entry.value == value)
        #expect(entry.line == 1)
        #expect(file.entries.count == 1)
    }

    @Test func skipsCommentsAndBlankLines() throws {
        let file = try parse("# comment\n! also a comment\n\n   # indented comment \\\nkey=1\n  \t\nother=2")
        #expect(file.entries.map(\.key) == ["key", "other"])
        #expect(file.value("key")?.line == 5)
        #expect(file.value("other")?.line == 7)
    }

    @Test func joinsContinuationLines() throws {
        let file = try parse("list=a,\\\n    b,\\\n    c\nnext=1\nodd=x\\\\\nafter=2")
        #expect(file.value("list")?.value == "a,b,c")
        #expect(file.value("list")?.line == 1)
        #expect(file.value("next")?.line == 4)
        #expect(file.value("odd")?.value == "x\\")
        #expect(file.value("after")?.line == 6)
    }

    @Test func continuationAtEndOfFileIsDropped() throws {
        #expect(try parse("key=value\\").value("key")?.value == "value")
    }

    @Test(arguments: ["a=1\r\nb=2\r\n", "a=1\rb=2\r", "a=1\nb=2"])
    func acceptsEveryLineEnding(text: String) throws {
        let file = try parse(text)
        #expect(file.value("a")?.value == "1")
        #expect(file.value("b")?.value == "2")
        #expect(file.value("b")?.line == 2)
    }

    @Test func ignoresUTF8ByteOrderMark() throws {
        let file = try PropertiesFile.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("jobName=x\n".utf8), path: "t.cfg")
        #expect(file.value("jobName")?.value == "x")
        #expect(file.value("jobName")?.line == 1)
    }

    @Test func duplicateKeyKeepsLastValueWithWarning() throws {
        let file = try parse("a=1\nb=2\na=3\n")
        #expect(file.value("a")?.value == "3")
        #expect(file.value("a")?.line == 3)
        #expect(file.entries.map(\.key) == ["b", "a"])
        #expect(file.warnings == ["t.cfg:3: duplicate key \"a\" (also on line 1); the last value wins"])
    }

    @Test func emptyTextHasNoEntries() throws {
        let file = try parse("")
        #expect(file.entries.isEmpty)
        #expect(file.warnings.isEmpty)
    }

    @Test func malformedUnicodeEscapeIsAnError() {
        #expect(throws: ConfigError(path: "t.cfg", line: 2, key: "key", problem: "malformed \\uXXXX escape",
                                    fix: "write \\u followed by exactly four hex digits, or \\\\u for a literal backslash")) {
            try parse("# c\nkey=\\u12G4")
        }
    }

    @Test func nulBytesMeanBinaryFile() {
        let bytes: [UInt8] = Array("a=1\n".utf8) + [0x1F, 0x8B, 0x08, 0x00, 0x00]
        #expect(throws: ConfigError(path: "t.cfg", line: 2, problem: "is not a text file (it contains NUL bytes)",
                                    fix: "check that the path names the .cfg or .properties file")) {
            try PropertiesFile.parse(bytes: bytes, path: "t.cfg")
        }
    }

    @Test func invalidUTF8InValueIsAnError() {
        let bytes: [UInt8] = Array("a=1\nsrcPrefix=/data/".utf8) + [0xD6, 0xD0] + Array("/\n".utf8)
        let error = ConfigError(path: "t.cfg", line: 2, problem: "is not valid UTF-8 text",
                                fix: "save the file as UTF-8 (for example: iconv -f GBK -t UTF-8)")
        #expect(throws: error) { try PropertiesFile.parse(bytes: bytes, path: "t.cfg") }
        #expect(error.description == "t.cfg:2: is not valid UTF-8 text — save the file as UTF-8 (for example: iconv -f GBK -t UTF-8)")
    }

    @Test func invalidUTF8InCommentIsTolerated() throws {
        // "#中文" in GBK, as old Windows-edited files have.
        let bytes: [UInt8] = [0x23, 0xD6, 0xD0, 0xCE, 0xC4, 0x0A] + Array("a=1\n".utf8)
        let file = try PropertiesFile.parse(bytes: bytes, path: "t.cfg")
        #expect(file.value("a")?.value == "1")
    }

    @Test func utf16IsRejected() {
        #expect(throws: ConfigError(path: "t.cfg", problem: "is UTF-16 text", fix: "save the file as UTF-8")) {
            try PropertiesFile.parse(bytes: [0xFF, 0xFE, 0x61, 0x00], path: "t.cfg")
        }
    }

    @Test func missingFileIsAClearError() {
        let path = "/nonexistent-\(UUID().uuidString)/local_job.cfg"
        #expect(throws: ConfigError(path: path, problem: "file not found",
                                    fix: "check the path, or copy the shipped file from conf/")) {
            try PropertiesFile.load(path: path)
        }
    }

    @Test func directoryIsAClearError() throws {
        let dir = try ConfigFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: ConfigError(path: dir.path, problem: "is a directory, not a configuration file",
                                    fix: "name the file itself, e.g. conf/local_job.cfg")) {
            try PropertiesFile.load(path: dir.path)
        }
    }

    @Test func binaryFileOnDiskIsAClearError() throws {
        let dir = try ConfigFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ossimport.jar")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]).write(to: file)
        let error = try #require(throws: ConfigError.self) { try PropertiesFile.load(path: file.path) }
        #expect(error.description == "\(file.path):1: is not a text file (it contains NUL bytes) — check that the path names the .cfg or .properties file")
    }

    @Test func loadsFileFromDisk() throws {
        let dir = try ConfigFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("job.cfg")
        try Data("# x\njobName=disk_job\n".utf8).write(to: file)
        #expect(try PropertiesFile.load(path: file.path).value("jobName") == PropertiesFile.Entry(key: "jobName", value: "disk_job", line: 2))
    }
}
