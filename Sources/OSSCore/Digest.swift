import COpenSSL
import Synchronization

/// One-shot hashes and HMACs through OpenSSL's libcrypto.
public enum Digest {
    /// MD5 of `bytes` (16 bytes), as used for `Content-MD5`.
    public static func md5(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { md5($0) }
    }

    /// MD5 of the bytes in `buffer` (16 bytes).
    public static func md5(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        oneShot(EVP_md5(), buffer)
    }

    /// SHA-256 of `bytes` (32 bytes).
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { oneShot(EVP_sha256(), $0) }
    }

    /// HMAC-SHA1 of `data` under `key` (20 bytes), the V1 signature primitive (one per request: the keyed
    /// context of the last key is kept and copied, see ``KeyedHMAC``).
    public static func hmacSHA1(key: [UInt8], data: [UInt8]) -> [UInt8] {
        let keyed = lastSHA1Key.withLock { last -> KeyedHMAC? in
            if let last, last.key == key { return last }
            last = KeyedHMAC(digest: "SHA1", key: key)
            return last
        }
        return keyed?.mac(data) ?? hmac(EVP_sha1(), key: key, data: data)
    }

    private static let lastSHA1Key = Mutex<KeyedHMAC?>(nil)

    /// HMAC-SHA256 of `data` under `key` (32 bytes), the V4 signature primitive.
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        hmac(EVP_sha256(), key: key, data: data)
    }

    /// Lower-case hexadecimal of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(bytes)
    }

    /// Standard base64 (with padding) of `bytes`.
    public static func base64(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes)
    }

    private static func oneShot(_ md: OpaquePointer?, _ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = withNonNull(buffer) { input in
            out.withUnsafeMutableBufferPointer { o in
                EVP_Digest(input, buffer.count, o.baseAddress, &length, md, nil)
            }
        }
        precondition(ok == 1, "EVP_Digest failed")  // only on allocation failure inside OpenSSL
        return Array(out[0..<Int(length)])
    }

    private static func hmac(_ md: OpaquePointer?, key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { k in
            data.withUnsafeBytes { d in
                withNonNull(k) { keyPointer in
                    withNonNull(d) { dataPointer in
                        out.withUnsafeMutableBufferPointer { o in
                            HMAC(md, keyPointer, Int32(k.count),
                                 dataPointer.assumingMemoryBound(to: UInt8.self), d.count,
                                 o.baseAddress, &length)
                        }
                    }
                }
            }
        }
        precondition(result != nil, "HMAC failed")  // only on allocation failure inside OpenSSL
        return Array(out[0..<Int(length)])
    }

    /// OpenSSL wants a non-null pointer even for zero-length input; empty Swift buffers may have none.
    private static func withNonNull<R>(_ buffer: UnsafeRawBufferPointer, _ body: (UnsafeRawPointer) -> R) -> R {
        if let base = buffer.baseAddress { return body(base) }
        var zero: UInt8 = 0
        return withUnsafeBytes(of: &zero) { body($0.baseAddress.unsafelyUnwrapped) }
    }
}

/// An HMAC context keyed once (OpenSSL fetches the algorithm and digests the key) and copied for each message.
final class KeyedHMAC: Sendable {
    let key: [UInt8]
    /// Never updated after `init`; copied under the lock (`EVP_MAC_CTX_dup` only reads it).
    private let template: Mutex<OpaquePointer>

    init?(digest: String, key: [UInt8]) {
        guard let context = key.withUnsafeBufferPointer({ ossimport_hmac_keyed(digest, $0.baseAddress, $0.count) }) else {
            return nil
        }
        self.key = key
        template = Mutex(context)
    }

    deinit { template.withLock { EVP_MAC_CTX_free($0) } }

    /// The HMAC of `data`; `nil` only when OpenSSL fails to allocate.
    func mac(_ data: [UInt8]) -> [UInt8]? {
        guard let context = template.withLock({ EVP_MAC_CTX_dup($0) }) else { return nil }
        defer { EVP_MAC_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        let ok = data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                let updated = input.isEmpty || EVP_MAC_update(context, input.baseAddress, input.count) == 1
                return updated && EVP_MAC_final(context, output.baseAddress, &length, output.count) == 1
            }
        }
        return ok ? Array(out[0..<length]) : nil
    }
}
