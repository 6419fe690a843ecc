import OSSCore
import Testing

@Suite struct OSSPercentEncodingTests {
    @Test(arguments: [
        ("abcXYZ019-._~", "abcXYZ019-._~", "abcXYZ019-._~"),
        ("a b", "a%20b", "a%20b"),
        ("dir/sub/file.txt", "dir/sub/file.txt", "dir%2Fsub%2Ffile.txt"),
        ("+%#?&=", "%2B%25%23%3F%26%3D", "%2B%25%23%3F%26%3D"),
        ("目录", "%E7%9B%AE%E5%BD%95", "%E7%9B%AE%E5%BD%95"),
        ("*!'()", "%2A%21%27%28%29", "%2A%21%27%28%29"),
        ("", "", ""),
    ])
    func encode(_ input: String, _ path: String, _ query: String) {
        #expect(OSSPercentEncoding.encodePath(input) == path)
        #expect(OSSPercentEncoding.encodeQuery(input) == query)
        #expect(OSSPercentEncoding.decode(path) == input)
        #expect(OSSPercentEncoding.decode(query) == input)
    }

    @Test func decodeKeepsPlusUnlessAsked() {
        #expect(OSSPercentEncoding.decode("a+b") == "a+b")
        #expect(OSSPercentEncoding.decode("a+b", plusAsSpace: true) == "a b")
        #expect(OSSPercentEncoding.decode("%e7%9b%ae") == "目")
    }

    @Test(arguments: ["%", "%2", "%zz", "%FF", "a%C3"])
    func decodeRejectsInvalid(_ input: String) {
        #expect(OSSPercentEncoding.decode(input) == nil)
    }

    /// URL paths from raw names: every segment encoded (RFC 3986), `/` kept, bytes need not be UTF-8.
    @Test(arguments: [
        ("pics/#photo.jpg", "pics/%23photo.jpg"),
        ("a?b/c d.txt", "a%3Fb/c%20d.txt"),
        ("100%.txt", "100%25.txt"),
        ("x/%23y", "x/%2523y"),
        ("目录/a+b&c=d;e", "%E7%9B%AE%E5%BD%95/a%2Bb%26c%3Dd%3Be"),
        ("./../a~b_c-d.e", "./../a~b_c-d.e"),
    ])
    func encodesPathBytesPerSegment(raw: String, encoded: String) {
        #expect(OSSPercentEncoding.encodePath(bytes: Array(raw.utf8)) == encoded)
        #expect(OSSPercentEncoding.decode(encoded) == raw)
    }

    @Test func encodesBytesThatAreNotUTF8() {
        #expect(OSSPercentEncoding.encodePath(bytes: [0x61, 0xFF, 0x2F, 0x80]) == "a%FF/%80")
    }
}
