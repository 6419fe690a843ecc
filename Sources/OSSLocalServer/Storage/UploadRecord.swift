/// A multipart upload in progress; stored as `uploads/<uploadId>/upload.json`.
struct UploadRecord: Codable, Sendable {
    var uploadId: String
    var key: String
    /// Seconds since 1970.
    var initiated: Double
    var attributes: ObjectAttributes
}

/// One uploaded part; stored as `uploads/<uploadId>/part-<N>.meta`.
struct PartRecord: Codable, Sendable {
    var partNumber: Int
    var size: Int64
    /// Upper-case MD5 hex, without quotes.
    var etag: String
    var crc64: UInt64
    var lastModified: Double
}

/// An upload plus its parts, as held in memory.
struct UploadState: Sendable {
    var record: UploadRecord
    var parts: [Int: PartRecord] = [:]
}

/// One bucket: its objects and its open multipart uploads.
struct BucketState: Sendable {
    var name: String
    var created: Double
    var index = BucketIndex()
    var uploads: [String: UploadState] = [:]
}
