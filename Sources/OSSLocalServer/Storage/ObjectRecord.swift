import Foundation

/// Everything oss-local keeps about one object; stored as the `.meta` JSON sidecar next to the data.
struct ObjectRecord: Codable, Sendable {
    /// The key (validated UTF-8).
    var key: String
    var size: Int64
    /// ETag without quotes: upper-case MD5 hex for PutObject, `HEX-N` for multipart objects.
    var etag: String
    var crc64: UInt64?
    var contentType: String
    /// Base64 MD5 of the data (Normal objects only).
    var contentMD5: String?
    /// User metadata, lower-cased names including the `x-oss-meta-` prefix.
    var meta: [String: String]
    /// Standard headers stored with the object (cache-control, content-disposition, ...).
    var httpHeaders: [String: String]
    var storageClass: String
    var serverSideEncryption: String?
    var serverSideEncryptionKeyId: String?
    /// Seconds since 1970 (millisecond precision).
    var lastModified: Double
    /// `Normal` or `Multipart`.
    var objectType: String

    var quotedETag: String { "\"" + etag + "\"" }
    var lastModifiedDate: Date { Date(timeIntervalSince1970: lastModified) }
}

/// Attributes given when an object is created (PutObject, InitiateMultipartUpload, CopyObject REPLACE).
struct ObjectAttributes: Codable, Sendable {
    var contentType: String
    var meta: [String: String]
    var httpHeaders: [String: String]
    var storageClass: String
    var serverSideEncryption: String?
    var serverSideEncryptionKeyId: String?
}

/// Standard headers OSS stores with an object and returns on GET/HEAD.
let storedStandardHeaders = ["cache-control", "content-disposition", "content-encoding", "content-language", "expires"]
