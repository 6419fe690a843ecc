import OSSCore
import Testing

@Suite struct ContentTypeTests {
    @Test(arguments: [
        ("index.html", "text/html"), ("a/b/STYLE.CSS", "text/css"), ("x.json", "application/json"),
        ("photo.JPG", "image/jpeg"), ("v.mp4", "video/mp4"), ("doc.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.tar.gz", "application/gzip"), ("font.woff2", "font/woff2"), ("noext", "application/octet-stream"),
        (".hidden", "application/octet-stream"), ("dir.d/file", "application/octet-stream"),
        ("weird.unknownext", "application/octet-stream"), ("x.svg", "image/svg+xml"), ("m.md", "text/markdown"),
        ("dir/", "application/octet-stream"), ("a.b/c.PnG", "image/png"), ("x.", "application/octet-stream"),
    ])
    func forKey(_ key: String, _ type: String) {
        #expect(ContentType.forKey(key) == type)
    }
}
