import CurlHTTP
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `HTTPRequest.recheckBodyFile`: the body's file is stat'ed again on the transport's thread once a 2xx response
/// has arrived (the uploader's "did the source change while it was sent" check, without a thread hop).
@Suite struct CurlTransportRecheckTests {
    static func status(_ path: String, follow: Bool) throws -> BodyFileStatus {
        var info = stat()
        guard (follow ? stat(path, &info) : lstat(path, &info)) == 0 else { throw POSIXError(.ENOENT) }
        return BodyFileStatus(
            size: Int64(info.st_size), mtimeNanos: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            inode: UInt64(info.st_ino), isRegularFile: (info.st_mode & S_IFMT) == S_IFREG)
    }

    @Test func theFileIsLookedAtAgainAfterA2xxResponseOnlyWhenAsked() async throws {
        let file = try TempFile.pattern(size: 10_000)
        defer { file.remove() }
        try await withTestServer { server in
            try await withCurlTransport { transport in
                var request = HTTPRequest(method: "PUT", url: server.url("/echo"), body: .file(path: file.path, offset: 0, length: 10_000))
                let plain = try await transport.execute(request)
                #expect(plain.status == 200 && plain.bodyFileAfter == nil)

                request.recheckBodyFile = .lstat
                let rechecked = try await transport.execute(request)
                #expect(rechecked.status == 200)
                #expect(rechecked.bodyFileAfter == (try Self.status(file.path, follow: false)))

                // The file grew after the upload: the recheck sees the new size (the uploader then tries again).
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.path))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data([1, 2, 3]))
                try handle.close()
                let grown = try await transport.execute(request)
                #expect(grown.bodyFileAfter?.size == 10_003)

                // An error status: not looked at.
                var failing = HTTPRequest(method: "PUT", url: server.url("/status?code=503"), body: .file(path: file.path, offset: 0, length: 100))
                failing.recheckBodyFile = .lstat
                let failed = try await transport.execute(failing)
                #expect(failed.status == 503 && failed.bodyFileAfter == nil)
            }
        }
    }

    @Test func statFollowsALinkAndLstatDoesNot() async throws {
        let file = try TempFile.pattern(size: 1000)
        defer { file.remove() }
        let link = file.path + ".link"
        #expect(symlink(file.path, link) == 0)
        defer { unlink(link) }
        try await withTestServer { server in
            try await withCurlTransport { transport in
                var request = HTTPRequest(method: "PUT", url: server.url("/echo"), body: .file(path: link, offset: 0, length: 1000))
                request.recheckBodyFile = .stat
                let followed = try await transport.execute(request).bodyFileAfter
                #expect(followed == (try Self.status(file.path, follow: true)))
                #expect(followed?.isRegularFile == true)
                request.recheckBodyFile = .lstat
                let notFollowed = try await transport.execute(request).bodyFileAfter
                #expect(notFollowed?.isRegularFile == false)
                #expect(notFollowed?.inode == (try Self.status(link, follow: false)).inode)
            }
        }
    }
}
