import OSSCore
import Testing

@Suite struct OSSObjectKeyTests {
    @Test func acceptsOrdinaryKeys() {
        #expect(OSSObjectKey.validate("a") == nil)
        #expect(OSSObjectKey.validate("目录/文件 名(1).txt") == nil)
        #expect(OSSObjectKey.validate("tab\there") == nil)
        #expect(OSSObjectKey.validate("a/") == nil)
        #expect(OSSObjectKey.validate([UInt8](repeating: UInt8(ascii: "k"), count: 1023)) == nil)
        #expect(OSSObjectKey.validate("emoji 😀") == nil)
    }

    @Test(arguments: [
        ([], OSSKeyProblem.empty),
        ([UInt8](repeating: UInt8(ascii: "k"), count: 1024), .tooLong(bytes: 1024)),
        (Array("/abs".utf8), .leadingSlash),
        (Array("\\win".utf8), .leadingBackslash),
        ([0x61, 0xB2, 0xE2], .notUTF8),  // GBK-ish bytes
        (Array("line\nbreak".utf8), .controlCharacter),
        (Array("cr\r".utf8), .controlCharacter),
        (Array("nul\u{0}".utf8), .controlCharacter),
        (Array("bell\u{7}".utf8), .controlCharacter),
        (Array("nonchar\u{FFFE}".utf8), .controlCharacter),
    ])
    func rejects(_ key: [UInt8], _ problem: OSSKeyProblem) {
        #expect(OSSObjectKey.validate(key) == problem)
        #expect(!problem.description.isEmpty)
    }

    @Test func descriptionsAreHuman() {
        #expect(OSSKeyProblem.tooLong(bytes: 2000).description.contains("2000"))
        #expect(OSSKeyProblem.leadingSlash.description.contains("'/'"))
    }
}
