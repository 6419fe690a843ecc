import OSSCore
import Testing

@Suite struct XMLReaderTests {
    @Test func errorBody() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error>
              <Code>NoSuchKey</Code>
              <Message>The specified key does not exist.</Message>
              <RequestId>5C3D9175B6FC201293AD****</RequestId>
              <HostId>examplebucket.oss-cn-hangzhou.aliyuncs.com</HostId>
              <Key>a&amp;b</Key>
              <EC>0026-00000001</EC>
            </Error>
            """
        let root = try XMLReader.parse(xml)
        #expect(root.name == "Error")
        #expect(root.childText("Code") == "NoSuchKey")
        #expect(root.childText("Key") == "a&b")
        #expect(root.childText("EC") == "0026-00000001")
        #expect(root.childText("Missing") == nil)
    }

    @Test func listBucketResult() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">
              <Name>examplebucket</Name>
              <Prefix></Prefix>
              <MaxKeys>100</MaxKeys>
              <IsTruncated>true</IsTruncated>
              <NextContinuationToken>CgJiYw--</NextContinuationToken>
              <Contents>
                <Key> spaced key </Key>
                <LastModified>2026-11-22T08:00:00.000Z</LastModified>
                <ETag>"5B3C1A2E053D763E1B002CC607C5A0FE"</ETag>
                <Size>344606</Size>
                <StorageClass>Standard</StorageClass>
                <Owner><ID>0022012****</ID><DisplayName>user-example</DisplayName></Owner>
              </Contents>
              <Contents>
                <Key>目录/文件 &lt;1&gt;.txt</Key>
                <Size>0</Size>
              </Contents>
              <CommonPrefixes><Prefix>fun/</Prefix></CommonPrefixes>
              <KeyCount>3</KeyCount>
            </ListBucketResult>
            """
        let root = try XMLReader.parse(xml)
        #expect(root.attributes["xmlns"] == "http://doc.oss-cn-hangzhou.aliyuncs.com")
        #expect(root.childText("Prefix") == "")
        let contents = root.children("Contents")
        #expect(contents.count == 2)
        #expect(contents[0].childText("Key") == " spaced key ")
        #expect(contents[0].childText("ETag") == "\"5B3C1A2E053D763E1B002CC607C5A0FE\"")
        #expect(contents[0].child("Owner")?.childText("DisplayName") == "user-example")
        #expect(contents[1].childText("Key") == "目录/文件 <1>.txt")
        #expect(root.child("CommonPrefixes")?.childText("Prefix") == "fun/")
    }

    @Test func entitiesCDATACommentsAndSelfClosing() throws {
        let xml = """
            <!DOCTYPE r [ <!ENTITY x "y"> ]>
            <r a='1 &amp; 2' b="&quot;q&quot;">
              <!-- a comment with <tags> -->
              <t>&lt;&gt;&amp;&quot;&apos;&#65;&#x4E2D;</t>
              <c><![CDATA[<raw> & ]] text]]></c>
              <empty/>
              <empty2 x="y" />
              <mixed>a<![CDATA[b]]>c</mixed>
            </r>
            """
        let root = try XMLReader.parse(xml)
        #expect(root.attributes == ["a": "1 & 2", "b": "\"q\""])
        #expect(root.childText("t") == "<>&\"'A中")
        #expect(root.childText("c") == "<raw> & ]] text")
        #expect(root.child("empty") == XMLElement(name: "empty"))
        #expect(root.child("empty2")?.attributes["x"] == "y")
        #expect(root.childText("mixed") == "abc")
        #expect(root.children.map(\.name) == ["t", "c", "empty", "empty2", "mixed"])
    }

    @Test(arguments: [
        "", "just text", "<a>", "<a></b>", "<a><b></a>", "<a>&bogus;</a>", "<a>&#xZZ;</a>", "<a x=1/>",
        "<a></a><b></b>", "<a><![CDATA[x</a>", "<a><!-- x</a>", "</a>",
    ])
    func rejectsMalformed(_ xml: String) {
        #expect(throws: XMLParseError.self) { try XMLReader.parse(xml) }
    }

    @Test func deepNestingDoesNotOverflow() throws {
        let depth = 20_000
        let xml = String(repeating: "<a>", count: depth) + "x" + String(repeating: "</a>", count: depth)
        var element = try XMLReader.parse(xml)
        var levels = 1
        while let next = element.children.first {
            element = next
            levels += 1
        }
        #expect(levels == depth)
        #expect(element.text == "x")
    }

    @Test func escapeRoundTrips() throws {
        let raw = "a<b>&\"c\" 'd' 目\u{1}"
        #expect(XMLEscape.escape("plain") == "plain")
        #expect(XMLEscape.escape("<&>") == "&lt;&amp;&gt;")
        var writer = XMLWriter()
        writer.element("Root") { $0.element("Key", raw) }
        let parsed = try XMLReader.parse(writer.bytes)
        #expect(parsed.childText("Key") == raw)
    }
}
