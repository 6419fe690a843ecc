import Foundation
import CurlHTTP

/// Headers the importer sets on new objects.
public struct OSSPutOptions: Sendable, Equatable {
    public var contentType: String?
    /// User metadata without the `x-oss-meta-` prefix, e.g. `["mtime": "1700000000"]`.
    public var metadata: [String: String] = [:]
    public var storageClass: String?
    /// `AES256` or `KMS`.
    public var serverSideEncryption: String?
    public var forbidOverwrite = false
    /// Base64 MD5 of the body, checked by OSS.
    public var contentMD5: String?
    /// PutObject of a file body: look at the file again right after OSS acknowledged it, on the transport's thread
    /// (``OSSWriteResult/bodyFileAfter``). Not a header.
    public var recheckBodyFile: BodyFileRecheck?

    public init(
        contentType: String? = nil, metadata: [String: String] = [:], storageClass: String? = nil,
        serverSideEncryption: String? = nil, forbidOverwrite: Bool = false, contentMD5: String? = nil
    ) {
        self.contentType = contentType
        self.metadata = metadata
        self.storageClass = storageClass
        self.serverSideEncryption = serverSideEncryption
        self.forbidOverwrite = forbidOverwrite
        self.contentMD5 = contentMD5
    }
}

/// The answer to PutObject, UploadPart, CompleteMultipartUpload and CopyObject.
public struct OSSWriteResult: Sendable, Equatable {
    public var etag: String
    /// `x-oss-hash-crc64ecma`, verified against what was sent when both are known.
    public var crc64: UInt64?
    public var requestId: String
    /// PutObject with ``OSSPutOptions/recheckBodyFile``: the body's file right after OSS acknowledged it (`nil`: not
    /// asked for, or the path could not be stat'ed).
    public var bodyFileAfter: BodyFileStatus? = nil
}

/// What HeadObject (or a GET) says about an object.
public struct OSSObjectInfo: Sendable, Equatable {
    public var size: Int64
    public var etag: String
    public var lastModified: Date?
    public var crc64: UInt64?
    public var contentType: String?
    /// User metadata, names lower-cased and without the `x-oss-meta-` prefix.
    public var metadata: [String: String]
    public var storageClass: String?
    public var objectType: String?
    public var requestId: String
}

/// One entry of a listing.
public struct OSSListedObject: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var etag: String
    public var lastModified: Date?
    public var storageClass: String?
}

/// One page of ListObjectsV2.
public struct OSSListPage: Sendable, Equatable {
    public var objects: [OSSListedObject]
    public var commonPrefixes: [String]
    public var isTruncated: Bool
    public var nextContinuationToken: String?
    public var requestId: String
}

/// An uploaded part as ListParts reports it.
public struct OSSPartInfo: Sendable, Equatable {
    public var partNumber: Int
    public var etag: String
    public var size: Int64
    public var crc64: UInt64?
}

/// A part to name in CompleteMultipartUpload.
public struct OSSCompletedPart: Sendable, Equatable {
    public var partNumber: Int
    public var etag: String
    public init(partNumber: Int, etag: String) {
        self.partNumber = partNumber
        self.etag = etag
    }
}

/// A multipart upload in progress, as ListMultipartUploads reports it.
public struct OSSMultipartUploadInfo: Sendable, Equatable {
    public var key: String
    public var uploadId: String
    public var initiated: Date?
}
