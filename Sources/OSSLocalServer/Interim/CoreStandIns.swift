// TEMPORARY stand-ins for OSSCore/CRC64 API (branch `core`), removed once it is merged.
import COpenSSL
import Foundation

final class MD5Context {
    private let ctx: OpaquePointer
    init() { ctx = EVP_MD_CTX_new(); EVP_DigestInit_ex(ctx, EVP_md5(), nil) }
    deinit { EVP_MD_CTX_free(ctx) }
    func update(_ buffer: UnsafeRawBufferPointer) { EVP_DigestUpdate(ctx, buffer.baseAddress, buffer.count) }
    func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 16); var len: UInt32 = 0
        EVP_DigestFinal_ex(ctx, &out, &len); return out
    }
}

enum Digest {
    static func md5(_ bytes: [UInt8]) -> [UInt8] { let c = MD5Context(); bytes.withUnsafeBytes { c.update($0) }; return c.finalize() }
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { _ = SHA256($0.baseAddress, $0.count, &out) }
        return out
    }
    static func hex(_ bytes: [UInt8]) -> String {
        let d = Array("0123456789abcdef".utf8)
        var s = [UInt8](); s.reserveCapacity(bytes.count * 2)
        for b in bytes { s.append(d[Int(b >> 4)]); s.append(d[Int(b & 15)]) }
        return String(decoding: s, as: UTF8.self)
    }
}

enum XMLEscape {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

enum HTTPDate {
    static func rfc1123(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}

enum ContentType {
    static func forKey(_ key: String) -> String { "application/octet-stream" }
}
