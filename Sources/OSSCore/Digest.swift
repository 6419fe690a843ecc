import COpenSSL

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

    /// HMAC-SHA1 of `data` under `key` (20 bytes), the V1 signature primitive.
    public static func hmacSHA1(key: [UInt8], data: [UInt8]) -> [UInt8] {
        hmac(EVP_sha1(), key: key, data: data)
    }

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
