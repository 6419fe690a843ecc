import OSSCore
import Testing

@Suite struct DigestTests {
    @Test func knownDigests() {
        #expect(Hex.encode(Digest.md5([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Hex.encode(Digest.md5(Array("hello world".utf8))) == "5eb63bbbe01eeed093cb22bb8f5acdc3")
        #expect(Base64.encode(Digest.md5(Array("hello world".utf8))) == "XrY7u+Ae7tCTyyK7j1rNww==")
        #expect(Digest.hex(Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.hex(Digest.sha256(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hmacRFC4231AndRFC2202() {
        // RFC 4231 test case 2 and RFC 2202 test case 2.
        let key = Array("Jefe".utf8)
        let data = Array("what do ya want for nothing?".utf8)
        #expect(Hex.encode(Digest.hmacSHA256(key: key, data: data))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Hex.encode(Digest.hmacSHA1(key: key, data: data)) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        #expect(Digest.hmacSHA1(key: [], data: []).count == 20)
    }

    @Test func streamingMD5MatchesOneShot() {
        let data = crcPattern(1_000_003)
        let context = MD5Context()
        var offset = 0
        for size in [1, 63, 64, 65, 4096, 100_000] where offset < data.count {
            let end = min(offset + size, data.count)
            context.update(Array(data[offset..<end]))
            offset = end
        }
        data[offset...].withUnsafeBytes { context.update($0) }
        #expect(context.finalize() == Digest.md5(data))
        #expect(MD5Context().finalize() == Digest.md5([]))
    }

    @Test(arguments: ["", "f", "fo", "foo", "foob", "fooba", "foobar"])
    func base64RFC4648(_ text: String) throws {
        let expected = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                        "foobar": "Zm9vYmFy"][text]
        let encoded = Base64.encode(Array(text.utf8))
        #expect(encoded == expected)
        #expect(Base64.decode(encoded) == Array(text.utf8))
    }

    @Test func base64DecodeEdgeCases() {
        #expect(Base64.decode("Zm9v\nYmFy") == Array("foobar".utf8))
        #expect(Base64.decode("Zg") == Array("f".utf8))
        #expect(Base64.decode("Z") == nil)
        #expect(Base64.decode("Zm9v!") == nil)
        #expect(Base64.decode("Zg==Zg") == nil)
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
    }

    @Test func hexRoundTrip() {
        #expect(Hex.encode([0x00, 0xAB, 0xff]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xAB, 0xFF])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
