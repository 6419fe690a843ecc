/// MIME types guessed from an object key's extension, for the `Content-Type` of uploads.
public enum ContentType {
    /// The default for unknown or missing extensions.
    public static let defaultType = "application/octet-stream"

    /// The MIME type for `key`'s extension (case-insensitive), or `application/octet-stream`.
    public static func forKey(_ key: String) -> String {
        // On the UTF-8 bytes: called for every upload, and splitting the key into components costs allocations.
        let utf8 = key.utf8
        let nameStart = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        guard let dot = utf8[nameStart...].lastIndex(of: UInt8(ascii: ".")), dot != nameStart,
            utf8.distance(from: dot, to: utf8.endIndex) <= 8  // no known extension is longer than 7 bytes
        else { return defaultType }
        let ext = String(decoding: utf8[utf8.index(after: dot)...], as: UTF8.self).lowercased()
        return types[ext] ?? defaultType
    }

    static let types: [String: String] = [
        // Text and web
        "html": "text/html", "htm": "text/html", "css": "text/css", "js": "application/javascript",
        "mjs": "application/javascript", "json": "application/json", "xml": "application/xml",
        "txt": "text/plain", "text": "text/plain", "log": "text/plain", "md": "text/markdown",
        "csv": "text/csv", "tsv": "text/tab-separated-values", "yaml": "application/x-yaml",
        "yml": "application/x-yaml", "ics": "text/calendar", "rtf": "application/rtf",
        "wasm": "application/wasm", "map": "application/json",
        // Images
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
        "webp": "image/webp", "svg": "image/svg+xml", "ico": "image/x-icon", "bmp": "image/bmp",
        "tif": "image/tiff", "tiff": "image/tiff", "heic": "image/heic", "avif": "image/avif",
        "psd": "image/vnd.adobe.photoshop",
        // Audio and video
        "mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav", "flac": "audio/flac",
        "ogg": "audio/ogg", "aac": "audio/aac", "amr": "audio/amr", "mid": "audio/midi", "midi": "audio/midi",
        "mp4": "video/mp4", "m4v": "video/mp4", "avi": "video/x-msvideo", "mov": "video/quicktime",
        "mkv": "video/x-matroska", "webm": "video/webm", "flv": "video/x-flv", "wmv": "video/x-ms-wmv",
        "mpeg": "video/mpeg", "mpg": "video/mpeg", "3gp": "video/3gpp", "ts": "video/mp2t",
        "m3u8": "application/vnd.apple.mpegurl",
        // Documents
        "pdf": "application/pdf", "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt": "application/vnd.ms-powerpoint",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "epub": "application/epub+zip",
        // Archives and binaries
        "zip": "application/zip", "gz": "application/gzip", "tgz": "application/gzip",
        "tar": "application/x-tar", "bz2": "application/x-bzip2", "xz": "application/x-xz",
        "7z": "application/x-7z-compressed", "rar": "application/vnd.rar", "zst": "application/zstd",
        "apk": "application/vnd.android.package-archive", "exe": "application/x-msdownload",
        "msi": "application/x-msdownload", "dmg": "application/x-apple-diskimage",
        "iso": "application/x-iso9660-image", "jar": "application/java-archive", "deb": "application/vnd.debian.binary-package",
        "rpm": "application/x-rpm", "bin": "application/octet-stream",
        // Fonts
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "eot": "application/vnd.ms-fontobject",
    ]
}
