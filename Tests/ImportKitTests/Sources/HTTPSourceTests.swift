import CurlHTTP
import Foundation
import OSSClient
import TestSupport
import Testing

@testable import ImportKit

/// `srcType=http`: a URL list served by a loopback HTTP server (ranges supported, one path that lies about its
/// Content-Length), imported into oss-local.
@Suite struct HTTPSourceTests {
    /// Serves argv[1]; `/trunc/...` announces 10 more bytes than it sends; `/norange/...` ignores Range; a directory
    /// answers 200 with an HTML listing; `/status/<code>/...` answers that status; `/redirect/...` a 302.
    static let server = #"""
import http.server, os, sys, socketserver
root = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def target(self):
        from urllib.parse import unquote
        return os.path.join(root, unquote(self.path.split("?")[0]).lstrip("/"))
    def send(self, head):
        path = self.target()
        parts = self.path.split("/")
        if self.path.startswith("/status/"):
            self.send_response(int(parts[2])); self.send_header("Content-Length", "0"); self.end_headers(); return
        if self.path.startswith("/redirect/"):
            self.send_response(302); self.send_header("Location", "/a/one.txt"); self.send_header("Content-Length", "0"); self.end_headers(); return
        if os.path.isdir(path):
            listing = ("<html><body>" + "".join("<a href='%s'>%s</a>" % (n, n) for n in sorted(os.listdir(path))) + "</body></html>").encode()
            self.send_response(200); self.send_header("Content-Type", "text/html"); self.send_header("Content-Length", str(len(listing))); self.end_headers()
            if not head: self.wfile.write(listing)
            return
        if not os.path.isfile(path):
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        data = open(path, "rb").read()
        trunc = self.path.startswith("/trunc/")
        ranges = not self.path.startswith("/norange/")
        rng = self.headers.get("Range")
        status, body = 200, data
        if rng and ranges:
            a, b = rng.split("=")[1].split("-")
            a, b = int(a), min(int(b), len(data) - 1)
            status, body = 206, data[a:b + 1]
        self.send_response(status)
        if ranges: self.send_header("Accept-Ranges", "bytes")
        if status == 206: self.send_header("Content-Range", "bytes %d-%d/%d" % (a, b, len(data)))
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body) + (10 if trunc else 0)))
        if trunc: self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            self.wfile.write(body)
        if trunc:
            self.wfile.flush(); self.close_connection = True
    def do_HEAD(self): self.send(True)
    def do_GET(self): self.send(False)
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#

    @Test func importsAURLListByteForByte() async throws {
        try await withTestBed { h in
            let served = TemporaryDirectory("served")
            let files: [String: [UInt8]] = [
                "a/one.txt": Array("one".utf8),
                "a/empty.bin": [],
                "b/two%20parts.bin": testPattern((1 << 20) + 12345, seed: 5),
                "b/中文.txt": Array("你好".utf8),
                "norange/small.bin": testPattern(70_000, seed: 6),
            ]
            for (path, bytes) in files { try served.file(path, bytes) }
            try served.file("trunc/short.bin", testPattern(5000, seed: 7))
            let python = try await PythonServer(script: Self.server, arguments: [served.path])
            defer { python.stop() }
            let base = "http://127.0.0.1:\(python.port)"
            // Extra columns, CRLF, a blank line; relative path in column 3, prefix in column 1. Relative paths are raw
            // names (the object key): `two%20parts.bin` is a file named so, requested as `two%2520parts.bin`.
            let list = """
                \(base)/a/ x one.txt\r
                \(base)/a/\tx\tempty.bin  trailing\r
                \r
                \(base)/b/ x two%20parts.bin\r
                \(base)/b/ x 中文.txt
                \(base)/norange/ x small.bin
                \(base)/trunc/ x short.bin
                \(base)/a/ x missing.txt

                """
            let listPath = try h.source.file("http.list", list)
            var settings = h.runnerSettings(prefix: "web/")
            settings.source = .http(HTTPListSource(listPath: listPath, prefixColumn: 1, relativeColumn: 3))
            settings.changedFileAttempts = 2
            let (state, layout) = try await h.run(settings)
            #expect(state == .failed)  // the truncated and the missing URL fail; the rest succeed

            let expected: [String: [UInt8]] = [
                "web/one.txt": files["a/one.txt"]!, "web/empty.bin": [], "web/two%20parts.bin": files["b/two%20parts.bin"]!,
                "web/中文.txt": files["b/中文.txt"]!, "web/small.bin": files["norange/small.bin"]!,
            ]
            for (key, bytes) in expected {
                let got = try await h.client.getObject(bucket: "bucket", key: key, maxBytes: 4 << 20)
                #expect(got.body == bytes, "\(key)")
            }
            #expect(try await h.client.headObject(bucket: "bucket", key: "web/short.bin") == nil)
            let failedLogs = try FileSystem.list(layout.root + "/failed_tasks")
            var audit = ""
            for name in failedLogs {
                audit += (try? String(contentsOfFile: layout.root + "/failed_tasks/\(name)/audit.log", encoding: .utf8)) ?? ""
            }
            #expect(audit.contains("short.bin"))
            #expect(audit.contains("SIZE_NOT_MATCH"))
            #expect(audit.contains("HTTP 404 \(base)/a/missing.txt"), "\(audit)")
            #expect(!audit.contains("source deleted"))
            python.stop()
        }
    }

    @Test func malformedListLineFailsTheScanNamingTheLine() async throws {
        try await withTestBed { h in
            let listPath = try h.source.file("bad.list", "http://h/ a.txt\nhttp://h/\n")
            var settings = h.runnerSettings()
            settings.source = .http(HTTPListSource(listPath: listPath, prefixColumn: 1, relativeColumn: 2))
            let layout = WorkingDirectory(h.work.path).job(settings.jobName)
            try layout.createDirectories()
            await #expect {
                try await Master(layout: layout, settings: settings).run { _, _ in }
            } throws: { error in
                "\(error)".contains("bad.list line 2")
            }
        }
    }
}
