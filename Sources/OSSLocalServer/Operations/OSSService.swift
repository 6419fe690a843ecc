import Foundation
import NIOCore
import NIOHTTP1

/// The OSS API over an ``ObjectStore``: routes a parsed request to an operation and prepares it.
struct OSSService: Sendable {
    let store: ObjectStore
    /// Largest object or part accepted (OSS: 5 GiB).
    static let maxObjectSize: Int64 = 5 * 1024 * 1024 * 1024

    /// Names the operation (for stats and errors) without side effects.
    static func operationName(_ r: ParsedRequest) -> String {
        guard r.bucket != nil else { return r.method == "GET" ? "ListBuckets" : "Unsupported" }
        if r.key == nil {
            switch r.method {
            case "PUT": return r.query.isEmpty ? "PutBucket" : "Unsupported"
            case "DELETE": return r.query.isEmpty ? "DeleteBucket" : "Unsupported"
            case "HEAD": return "HeadBucket"
            case "POST": return r.hasQuery("delete") ? "DeleteMultipleObjects" : "Unsupported"
            case "GET":
                if r.hasQuery("uploads") { return "ListMultipartUploads" }
                if r.queryValue("list-type") == "2" { return "ListObjectsV2" }
                if r.hasQuery("location") { return "GetBucketLocation" }
                if r.hasQuery("bucketInfo") { return "GetBucketInfo" }
                let listParams: Set<String> = ["prefix", "delimiter", "marker", "max-keys", "encoding-type"]
                return r.query.allSatisfy { listParams.contains($0.name) } ? "ListObjects" : "Unsupported"
            default: return "Unsupported"
            }
        }
        let copy = r.header("x-oss-copy-source") != nil
        switch r.method {
        case "PUT":
            if r.hasQuery("partNumber") && r.hasQuery("uploadId") { return copy ? "UploadPartCopy" : "UploadPart" }
            if r.query.contains(where: { !$0.name.hasPrefix("x-oss-") }) { return "Unsupported" }
            return copy ? "CopyObject" : "PutObject"
        case "GET":
            if r.hasQuery("uploadId") { return "ListParts" }
            if r.query.contains(where: { !$0.name.hasPrefix("response-") && !$0.name.hasPrefix("x-oss-") }) { return "Unsupported" }
            return "GetObject"
        case "HEAD": return r.hasQuery("objectMeta") ? "GetObjectMeta" : "HeadObject"
        case "DELETE": return r.hasQuery("uploadId") ? "AbortMultipartUpload" : "DeleteObject"
        case "POST":
            if r.hasQuery("uploads") { return "InitiateMultipartUpload" }
            if r.hasQuery("uploadId") { return "CompleteMultipartUpload" }
            return "Unsupported"
        default: return "Unsupported"
        }
    }

    /// Prepares the named operation (checks that can be made from the head happen here).
    func prepare(_ operation: String, _ r: ParsedRequest, requestId: String) throws(OSSLocalError) -> PreparedRequest {
        if let bucket = r.bucket, operation != "PutBucket" {
            try store.withBucket(bucket) { _ in }
        }
        if let key = r.key, let problem = Self.keyProblem(key.bytes) {
            throw .invalidObjectName(problem)
        }
        switch operation {
        case "ListBuckets": return .immediate(operation) { listBuckets() }
        case "PutBucket": return .immediate(operation) { () throws(OSSLocalError) in try putBucket(r) }
        case "DeleteBucket": return .immediate(operation) { () throws(OSSLocalError) in try deleteBucket(r) }
        case "HeadBucket": return .immediate(operation) { OSSResponse(status: .ok) }
        case "GetBucketLocation": return .immediate(operation) { bucketLocation() }
        case "GetBucketInfo": return .immediate(operation) { () throws(OSSLocalError) in try bucketInfo(r) }
        case "ListObjects": return .immediate(operation) { () throws(OSSLocalError) in try listObjects(r, v2: false) }
        case "ListObjectsV2": return .immediate(operation) { () throws(OSSLocalError) in try listObjects(r, v2: true) }
        case "ListMultipartUploads": return .immediate(operation) { () throws(OSSLocalError) in try listUploads(r) }
        case "DeleteMultipleObjects": return prepareDeleteMultiple(r)
        case "PutObject": return try preparePut(r)
        case "CopyObject": return try prepareCopy(r)
        case "GetObject": return .immediate(operation) { () throws(OSSLocalError) in try getObject(r, head: false) }
        case "HeadObject", "GetObjectMeta": return .immediate(operation) { () throws(OSSLocalError) in try getObject(r, head: true) }
        case "DeleteObject": return .immediate(operation) { () throws(OSSLocalError) in try deleteObject(r) }
        case "InitiateMultipartUpload": return .immediate(operation) { () throws(OSSLocalError) in try initiateUpload(r) }
        case "UploadPart": return try prepareUploadPart(r)
        case "UploadPartCopy": return try prepareUploadPartCopy(r)
        case "CompleteMultipartUpload": return try prepareComplete(r)
        case "AbortMultipartUpload": return .immediate(operation) { () throws(OSSLocalError) in try abortUpload(r) }
        case "ListParts": return .immediate(operation) { () throws(OSSLocalError) in try listParts(r) }
        default:
            let what = r.query.map(\.name).joined(separator: "&")
            throw .notImplemented("\(r.method) \(r.key == nil ? "bucket" : "object") request\(what.isEmpty ? "" : " ?" + what)")
        }
    }

    /// nil if the key is acceptable, else the reason (OSS: UTF-8, 1-1023 bytes, no leading `/` or `\`).
    static func keyProblem(_ key: [UInt8]) -> String? {
        if key.count > 1023 { return "the key is \(key.count) bytes long (at most 1023)" }
        if key.first == UInt8(ascii: "/") || key.first == UInt8(ascii: "\\") { return "the key must not start with '/' or '\\'" }
        if String(validating: key, as: UTF8.self) == nil { return "the key is not valid UTF-8" }
        return nil
    }

    /// `bucket` and `key` of a request known to address an object.
    func target(_ r: ParsedRequest) -> (bucket: String, key: ObjectKey) {
        (r.bucket ?? "", r.key ?? ObjectKey([]))
    }
}
