import Foundation
import TestSupport
import Testing

@testable import ImportKit

/// One reading of every text input: BOM ignored, LF/CRLF/CR line ends, the same line numbers in memory and
/// streamed from a file (also when a line end falls across chunks).
@Suite struct TextLinesTests {
    static let cases: [(String, [UInt8], [String])] = [
        ("LF", Array("a\nb\n".utf8), ["1:a", "2:b"]),
        ("CRLF", Array("a\r\nb\r\n".utf8), ["1:a", "2:b"]),
        ("CR", Array("a\rb\r".utf8), ["1:a", "2:b"]),
        ("BOM and CRLF", [0xEF, 0xBB, 0xBF] + Array("a=1\r\n\r\nb=2".utf8), ["1:a=1", "2:", "3:b=2"]),
        ("mixed", Array("a\r\n\rb\nc".utf8), ["1:a", "2:", "3:b", "4:c"]),
    ]

    static func collect(_ run: ((Int, ArraySlice<UInt8>) -> Bool) throws -> Void) rethrows -> [String] {
        var lines: [String] = []
        try run { number, line in
            lines.append("\(number):\(String(decoding: line, as: UTF8.self))")
            return true
        }
        return lines
    }

    @Test(arguments: cases)
    func splitsInMemoryAndStreamedAlike(name: String, bytes: [UInt8], expected: [String]) throws {
        #expect(Self.collect { TextLines.split(bytes[...], $0) } == expected, "\(name)")
        let dir = TemporaryDirectory("text-lines")
        let path = try dir.file("list.txt", bytes)
        #expect(try Self.collect { try TextLines.forEachLine(path: path, $0) } == expected, "\(name)")
    }

    @Test func utf16IsRefusedWithAFix() throws {
        let dir = TemporaryDirectory("text-lines")
        let path = try dir.file("list.txt", [0xFF, 0xFE, 0x61, 0x00])
        #expect(throws: TextEncodingError.self) { try TextLines.forEachLine(path: path) { _, _ in true } }
    }

    @Test func aJobFileWithBOMAndCRLFReadsLikeAPlainOne() throws {
        let plain = ConfigFixture.text([])
        let windows = [0xEF, 0xBB, 0xBF] + Array(plain.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let a = try PropertiesFile.parse(plain, path: "conf/local_job.cfg")
        let b = try PropertiesFile.parse(bytes: windows, path: "conf/local_job.cfg")
        #expect(a.entries == b.entries)
        _ = try JobConfig.parse(b, environment: [:], checkFileSystem: false)
    }
}
