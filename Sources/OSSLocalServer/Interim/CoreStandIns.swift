// TEMPORARY stand-ins for OSSCore/CRC64 API (branch `core`), removed once it is merged.
import COpenSSL
import Foundation

struct CRC64: Sendable, Hashable {
    private(set) var value: UInt64 = 0
    init() {}
    init(value: UInt64) { self.value = value }
    static let table: [UInt64] = (0..<256).map { i -> UInt64 in
        var c = UInt64(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xC96C_5795_D787_0F42 : c >> 1 }
        return c
    }
    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        var c = ~value
        Self.table.withUnsafeBufferPointer { t in
            for b in buffer { c = t[Int(UInt8(truncatingIfNeeded: c) ^ b)] ^ (c >> 8) }
        }
        value = ~c
    }
    mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }
    static func checksum(_ bytes: [UInt8]) -> UInt64 { var c = CRC64(); c.update(bytes); return c.value }
    static func combine(_ crcA: UInt64, _ crcB: UInt64, lengthB: UInt64) -> UInt64 {
        // slow: append lengthB zero bytes to A's register (interim only)
        var a = CRC64(value: crcA)
        let zeros = [UInt8](repeating: 0, count: 65536)
        var left = lengthB
        var z = CRC64()
        while left > 0 {
            let n = Int(min(left, 65536))
            zeros.withUnsafeBytes { a.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])); z.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            left -= UInt64(n)
        }
        return a.value ^ z.value ^ crcB
    }
}

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
