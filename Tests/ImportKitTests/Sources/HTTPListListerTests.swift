import Foundation
import TestSupport
import Testing

@testable import ImportKit

@Suite struct HTTPListListerTests {
    func scan(_ text: String, prefixColumn: Int = 1, relativeColumn: Int = 2, resumeAfter: [UInt8]? = nil) throws -> [ScanEntry] {
        let dir = TemporaryDirectory("httplist")
        let path = try dir.file("http.list", text)
        let lister = HTTPListLister(source: HTTPListSource(listPath: path, prefixColumn: prefixColumn, relativeColumn: relativeColumn))
        var entries: [ScanEntry] = []
        try lister.scan(resumeAfter: resumeAfter, isCancelled: { false }) { entries.append($0); return true }
        return entries
    }

    @Test func parsesColumnsCRLFAndBlankLines() throws {
        let entries = try scan("http://h/aa/ x y ff.jpg\r\n\r\n   \nhttp://h/b/\tq\tr\tdir/g.txt extra\r\n", prefixColumn: 1, relativeColumn: 4)
        #expect(entries.map { String(decoding: $0.relativePath, as: UTF8.self) } == ["ff.jpg", "dir/g.txt"])
        #expect(entries.map { HTTPListLister.urlPrefix(of: $0) } == ["http://h/aa/", "http://h/b/"])
        #expect(entries.map { $0.location } == ["1 http://h/aa/", "4 http://h/b/"])
    }

    @Test func malformedLineNamesFileAndLine() throws {
        #expect {
            _ = try scan("http://h/ a.txt\nhttp://h/onlyone\n")
        } throws: { error in
            guard let error = error as? HTTPListError else { return false }
            return error.line == 2 && error.description.contains("http.list line 2") && error.description.contains("1 column")
        }
        #expect(throws: HTTPListError.self) { _ = try scan("ftp://h/ a.txt\n") }
    }

    @Test func resumesAfterALineNumberEvenWithDuplicatePaths() throws {
        let text = "http://a/ same.txt\nhttp://b/ same.txt\nhttp://c/ same.txt\n"
        let lister = HTTPListLister(source: HTTPListSource(listPath: "/x", prefixColumn: 1, relativeColumn: 2))
        let all = try scan(text)
        #expect(lister.resumeToken(for: all[1]) == Array("2".utf8))
        let rest = try scan(text, resumeAfter: Array("2".utf8))
        #expect(rest.map { HTTPListLister.urlPrefix(of: $0) } == ["http://c/"])
    }

    @Test func manifestKeepsTheLocation() throws {
        let entries = [
            ScanEntry(kind: .file, size: 0, mtimeNanos: 0, relativePath: Array("a b.txt".utf8), location: "7 http://h/p%20q/"),
            ScanEntry(kind: .file, size: 3, mtimeNanos: 5, relativePath: Array("plain".utf8)),
        ]
        let manifest = TaskManifest(job: "j", sequence: 1, entries: entries)
        #expect(try TaskManifest.decode(manifest.encoded()) == manifest)
    }
}
