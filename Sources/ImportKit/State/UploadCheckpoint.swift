import Foundation

/// Identity of a multipart upload in progress, written right after InitiateMultipartUpload so a crash resumes
/// the same upload (ListParts says which parts OSS has). Discarded when the source no longer matches.
struct UploadCheckpoint: Codable, Sendable, Equatable {
    public var version = 1
    public var bucket: String
    public var key: String
    public var uploadId: String
    public var partSize: Int64
    public var size: Int64
    public var mtimeNanos: Int64
    public var inode: UInt64
    /// Remote sources: the ETag of the source version the parts were read from.
    public var sourceETag: String? = nil

    public init(bucket: String, key: String, uploadId: String, partSize: Int64, size: Int64, mtimeNanos: Int64, inode: UInt64) {
        self.bucket = bucket
        self.key = key
        self.uploadId = uploadId
        self.partSize = partSize
        self.size = size
        self.mtimeNanos = mtimeNanos
        self.inode = inode
    }
}
