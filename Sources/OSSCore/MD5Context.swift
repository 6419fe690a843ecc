import COpenSSL

/// Streaming MD5 for `Content-MD5` of file bodies read in chunks.
///
/// Owned by one task or thread at a time: it is `@unchecked Sendable` only so it can be handed to a
/// dedicated reader thread; never call it from two threads concurrently.
public final class MD5Context: @unchecked Sendable {
    private let context: OpaquePointer?
    private var finalized = false

    /// A fresh MD5 state.
    public init() {
        context = EVP_MD_CTX_new()
        precondition(context != nil && EVP_DigestInit_ex(context, EVP_md5(), nil) == 1, "MD5 init failed")
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Feeds `buffer`. Calls after `finalize()` are ignored.
    public func update(_ buffer: UnsafeRawBufferPointer) {
        guard !finalized, let base = buffer.baseAddress, buffer.count > 0 else { return }
        EVP_DigestUpdate(context, base, buffer.count)
    }

    /// Feeds `bytes`.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 16-byte digest. Call once; later calls return the digest of nothing fed after it (empty MD5 state is not reset).
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        if finalized {
            EVP_DigestInit_ex(context, EVP_md5(), nil)
        }
        finalized = true
        out.withUnsafeMutableBufferPointer { o in
            _ = EVP_DigestFinal_ex(context, o.baseAddress, &length)
        }
        return Array(out[0..<Int(length)])
    }
}
