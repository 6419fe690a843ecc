import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1

extension OSSService {
    /// Parses `x-oss-copy-source: /bucket/url-encoded-key` (a `?versionId=` suffix is ignored).
    func copySource(_ r: ParsedRequest) throws(OSSLocalError) -> (bucket: String, key: ObjectKey) {
        let header = r.header("x-oss-copy-source") ?? ""
        var bytes = Array(header.utf8)
        if let q = bytes.firstIndex(of: UInt8(ascii: "?")) { bytes = Array(bytes[..<q]) }
        if bytes.first == UInt8(ascii: "/") { bytes.removeFirst() }
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash > 0 else {
            throw .invalidArgument("Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.",
                                   name: "x-oss-copy-source", value: header)
        }
        let bucket = String(decoding: bytes[..<slash], as: UTF8.self)
        let key = try ParsedRequest.percentDecode(bytes[(slash + 1)...], plusIsSpace: false)
        guard !key.isEmpty, Self.keyProblem(key) == nil else {
            throw .invalidArgument("The copy source key is not valid.", name: "x-oss-copy-source", value: header)
        }
        return (bucket, ObjectKey(key))
    }

    func prepareCopy(_ r: ParsedRequest) throws(OSSLocalError) -> PreparedRequest {
        let (bucket, key) = target(r)
        let source = try copySource(r)
        let sourceRecord = try store.record(source.bucket, source.key)
        let directive = (r.header("x-oss-metadata-directive") ?? "COPY").uppercased()
        guard directive == "COPY" || directive == "REPLACE" else {
            throw .invalidArgument("Invalid metadata directive \(directive).", name: "x-oss-metadata-directive", value: directive)
        }
        var attributes = ObjectAttributes(
            contentType: sourceRecord.contentType, meta: sourceRecord.meta, httpHeaders: sourceRecord.httpHeaders,
            storageClass: r.header("x-oss-storage-class") ?? sourceRecord.storageClass,
            serverSideEncryption: r.header("x-oss-server-side-encryption") ?? sourceRecord.serverSideEncryption,
            serverSideEncryptionKeyId: sourceRecord.serverSideEncryptionKeyId)
        if directive == "REPLACE" { attributes = try self.attributes(r, key: key) }
        let finalAttributes = attributes
        let forbidOverwrite = r.header("x-oss-forbid-overwrite")?.lowercased() == "true"
        let store = self.store
        return PreparedRequest("CopyObject", finish: .offload { (_) throws(OSSLocalError) -> OSSResponse in
            let (record, fd) = try store.open(source.bucket, source.key)
            let temp = try store.copyToTemp(bucket, from: fd, offset: 0, length: record.size)
            var copy = record
            copy.key = key.string
            let attributes = finalAttributes
            copy.contentType = attributes.contentType
            copy.meta = attributes.meta
            copy.httpHeaders = attributes.httpHeaders
            copy.storageClass = attributes.storageClass
            copy.serverSideEncryption = attributes.serverSideEncryption
            copy.serverSideEncryptionKeyId = attributes.serverSideEncryptionKeyId
            copy.lastModified = ObjectStore.now()
            do throws(OSSLocalError) {
                try store.commit(bucket, key, dataFrom: temp, record: copy, forbidOverwrite: forbidOverwrite)
            } catch {
                if let temp { FileIO.remove(temp) }
                throw error
            }
            var xml = XMLResponseWriter()
            xml.group("CopyObjectResult") { x in
                x.element("ETag", copy.quotedETag)
                x.element("LastModified", Timestamp.iso8601(copy.lastModified))
            }
            var headers = Self.sseHeaders(copy.serverSideEncryption, copy.serverSideEncryptionKeyId)
            if let crc = copy.crc64 { headers.append(("x-oss-hash-crc64ecma", String(crc))) }
            return .xml(xml, headers: headers)
        })
    }
}
