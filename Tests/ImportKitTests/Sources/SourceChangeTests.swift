import Testing

@testable import ImportKit

/// `SIZE_NOT_MATCH` words of remote sources are made from typed values and stay what `audit.log` always said.
@Suite struct SourceChangeTests {
    static let before = SourceFingerprint(size: 10, mtimeNanos: 0, inode: 0, isRegularFile: true, version: "\"E1\"")

    @Test func wordsAreTheOnesAuditLogAlwaysHad() {
        let url = "http://h/a.txt"
        let cases: [(SourceChange, String)] = [
            (SourceChange(before: Self.before, after: .version("\"E2\"")), "source changed (etag before: \"E1\"; now: \"E2\")"),
            (
                SourceChange(before: Self.before, after: .version("\"E2\""), source: url),
                "http://h/a.txt changed (etag before: \"E1\"; now: \"E2\")"
            ),
            (SourceChange(before: Self.before, after: .shorterThan(20)), "source shrank below 20 bytes (was \(Self.before))"),
            (
                SourceChange(before: Self.before, after: .received(3, expected: 5, offset: 8)),
                "expected 5 bytes from offset 8, received 3"
            ),
            (
                SourceChange(before: Self.before, after: .received(3, expected: 5, offset: 8), source: url),
                "http://h/a.txt: expected 5 bytes from offset 8, received 3"
            ),
            (
                SourceChange(before: nil, after: .announced(contentLength: 9, received: 7), source: url),
                "http://h/a.txt announced Content-Length 9, received 7 bytes"
            ),
            (
                SourceChange(before: nil, after: .notAsListed(status: 412), source: "s3://b/k"),
                "s3://b/k changed since it was listed (HTTP 412)"
            ),
            (SourceChange(before: nil, after: .status(416), source: url), "http://h/a.txt changed (HTTP 416)"),
            (
                SourceChange(before: nil, after: .endedEarly("reset"), source: url),
                "GET http://h/a.txt ended early (fewer bytes than Content-Length): reset"
            ),
            (
                SourceChange(before: Self.before, after: .copied(crc64: 1, sourceCRC64: 2)),
                "server-side copy CRC-64 1 differs from the source's 2 (source changed?)"
            ),
            (
                SourceChange(before: Self.before, after: .duringUpload(nil)),
                "source changed during upload (before: \(Self.before); after: deleted)"
            ),
            (
                SourceChange(before: Self.before, after: .duringUpload(Self.before)),
                "source changed during upload (before: \(Self.before); after: \(Self.before))"
            ),
        ]
        for (change, words) in cases {
            #expect(change.description == words)
            #expect(RemoteSourceError.changed(change).description == "SIZE_NOT_MATCH: " + words)
        }
    }
}
