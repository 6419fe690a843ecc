import CurlHTTP
import Foundation
import OSSClient
import TestSupport
import Testing

@testable import ImportKit

/// `srcType=http`: the object key is the raw relative path, the URL percent-encodes it, and only the resource the
/// list names is ever uploaded (no redirect followed, statuses reported as `HTTP <status> <url>`).
@Suite struct HTTPSourceURLTests {
    struct Run {
        var state: JobState
        var audit: String
        var errorList: String
    }

    /// Serves `files`, imports the list `lines(base)` (written with `listBytes`), returns the outcome.
    static func run(
        _ h: TestBed, files: [String: [UInt8]], concurrency: Int = 8,
        list: (String) -> [UInt8]
    ) async throws -> Run {
        let served = TemporaryDirectory("served")
        for (path, bytes) in files { try served.file(path, bytes) }
        try served.directory("pics")
        let python = try await PythonServer(script: HTTPSourceTests.server, arguments: [served.path])
        defer { python.stop() }
        let listPath = try h.source.file("http.list", list("http://127.0.0.1:\(python.port)"))
        var settings = h.runnerSettings(prefix: "")
        settings.source = .http(HTTPListSource(listPath: listPath, prefixColumn: 1, relativeColumn: 2))
        settings.changedFileAttempts = 2
        settings.fileConcurrency = concurrency
        let (state, layout) = try await h.run(settings)
        var run = Run(state: state, audit: "", errorList: "")
        for kind in ["succeed_tasks", "failed_tasks"] {
            for name in (try? FileSystem.list(layout.root + "/" + kind)) ?? [] {
                run.audit += (try? String(contentsOfFile: layout.root + "/\(kind)/\(name)/audit.log", encoding: .utf8)) ?? ""
                run.errorList += (try? String(contentsOfFile: layout.root + "/\(kind)/\(name)/error.list", encoding: .utf8)) ?? ""
            }
        }
        return run
    }

    /// The example: `pics/#photo.jpg` was requested as `pics/` and the HTML listing stored under its name.
    @Test func reservedCharactersFetchTheNamedResourceNeverAnother() async throws {
        try await withTestBed { h in
            let files: [String: [UInt8]] = [
                "pics/#photo.jpg": Array("the photo".utf8), "pics/a?b.txt": Array("question".utf8),
                "pics/100%.txt": Array("percent".utf8), "pics/%23.txt": Array("spelled".utf8),
            ]
            let result = try await Self.run(h, files: files) { base in
                Array("""
                    \(base)/ pics/#photo.jpg
                    \(base)/ pics/a?b.txt
                    \(base)/ pics/100%.txt
                    \(base)/ pics/%23.txt
                    \(base)/ pics/#missing.jpg

                    """.utf8)
            }
            #expect(result.state == .failed)  // only #missing.jpg
            for (key, bytes) in files {
                let got = try await h.client.getObject(bucket: "bucket", key: key, maxBytes: 1 << 20)
                #expect(got.body == bytes, "\(key)")
            }
            #expect(try await h.client.headObject(bucket: "bucket", key: "pics/#missing.jpg") == nil)
            #expect(result.audit.contains("HTTP 404 http://127.0.0.1:"), "\(result.audit)")
            #expect(result.audit.contains("/pics/%23missing.jpg"), "\(result.audit)")
            #expect(result.errorList == "pics/#missing.jpg\n")
        }
    }

    @Test func redirectsAndErrorStatusesFailNamingStatusAndURL() async throws {
        try await withTestBed { h in
            let result = try await Self.run(h, files: ["a/one.txt": Array("one".utf8)]) { base in
                Array("""
                    \(base)/ redirect/x.txt
                    \(base)/ status/403/x.txt
                    \(base)/ status/410/x.txt
                    \(base)/ status/503/x.txt
                    \(base)/ a/one.txt

                    """.utf8)
            }
            #expect(result.state == .failed)
            #expect(result.audit.contains("HTTP 302 http://127.0.0.1:"), "\(result.audit)")
            #expect(result.audit.contains("redirects to /a/one.txt"), "\(result.audit)")
            #expect(result.audit.contains("HTTP 403 http://"), "\(result.audit)")
            #expect(result.audit.contains("HTTP 410 http://"), "\(result.audit)")
            #expect(result.audit.contains("HTTP 503 http://"), "\(result.audit)")
            #expect(result.audit.contains("tried 3 times"), "\(result.audit)")
            #expect(!result.audit.contains("source deleted"))
            for key in ["redirect/x.txt", "status/403/x.txt", "status/410/x.txt", "status/503/x.txt"] {
                #expect(try await h.client.headObject(bucket: "bucket", key: key) == nil, "\(key)")
            }
            #expect(try await h.client.getObject(bucket: "bucket", key: "a/one.txt", maxBytes: 100).body == Array("one".utf8))
        }
    }

    @Test func aListWithBOMAndCRLFIsReadLikeAPlainOne() async throws {
        try await withTestBed { h in
            let files: [String: [UInt8]] = ["a/one.txt": Array("one".utf8), "a/two.txt": Array("two".utf8)]
            let result = try await Self.run(h, files: files) { base in
                [0xEF, 0xBB, 0xBF] + Array("\(base)/ a/one.txt\r\n\r\n\(base)/ a/two.txt\r\n".utf8)
            }
            #expect(result.state == .succeed, "\(result.audit)")
            for (key, bytes) in files {
                #expect(try await h.client.getObject(bucket: "bucket", key: key, maxBytes: 100).body == bytes, "\(key)")
            }
        }
    }

    /// A URL curl cannot parse (port not a number) fails alone: the well-formed entries after it succeed.
    @Test func aMalformedURLNeverPoisonsTheNextRequests() async throws {
        try await withTestBed { h in
            var files: [String: [UInt8]] = [:]
            for i in 0..<6 { files["a/f\(i).txt"] = Array("file \(i)".utf8) }
            let result = try await Self.run(h, files: files, concurrency: 1) { base in
                var text = "http://127.0.0.1:80x/ bad.txt\n"
                for i in 0..<6 { text += "\(base)/ a/f\(i).txt\n" + (i % 2 == 0 ? "http://127.0.0.1:80x/ bad\(i).txt\n" : "") }
                return Array(text.utf8)
            }
            #expect(result.state == .failed)
            for (key, bytes) in files {
                #expect(try await h.client.getObject(bucket: "bucket", key: key, maxBytes: 100).body == bytes, "\(key)")
            }
            #expect(result.errorList.split(separator: "\n").sorted() == ["bad.txt", "bad0.txt", "bad2.txt", "bad4.txt"])
            #expect(!result.audit.contains("curl 43"), "\(result.audit)")
            #expect(!result.audit.contains("setting curl option"), "\(result.audit)")
        }
    }
}
