import Foundation
import OSSCore
import NIOCore
import NIOHTTP1

extension OSSService {
    static let storageClasses: Set<String> = ["Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"]

    /// Object attributes from request headers (PutObject, InitiateMultipartUpload, CopyObject REPLACE).
    func attributes(_ r: ParsedRequest, key: ObjectKey) throws(OSSLocalError) -> ObjectAttributes {
        var meta: [String: String] = [:]
        var httpHeaders: [String: String] = [:]
        for (name, value) in r.headers {
            let lower = name.lowercased()
            if lower.hasPrefix("x-oss-meta-") { meta[lower] = value }
            if storedStandardHeaders.contains(lower) { httpHeaders[lower] = value }
        }
        let storageClass = r.header("x-oss-storage-class") ?? "Standard"
        guard Self.storageClasses.contains(storageClass) else {
            throw .invalidArgument("Invalid storage class \(storageClass).", name: "x-oss-storage-class", value: storageClass)
        }
        let sse = r.header("x-oss-server-side-encryption")
        if let sse, !["AES256", "KMS", "SM4"].contains(sse) {
            throw .invalidArgument("Invalid server side encryption \(sse).", name: "x-oss-server-side-encryption", value: sse)
        }
        let contentType = r.header("content-type").flatMap { $0.isEmpty ? nil : $0 } ?? ContentType.forKey(key.string)
        return ObjectAttributes(contentType: contentType, meta: meta, httpHeaders: httpHeaders, storageClass: storageClass,
                                serverSideEncryption: sse, serverSideEncryptionKeyId: sse == "KMS" ? r.header("x-oss-server-side-encryption-key-id") : nil)
    }

    static func sseHeaders(_ sse: String?, _ keyId: String?) -> [(String, String)] {
        var headers: [(String, String)] = []
        if let sse { headers.append(("x-oss-server-side-encryption", sse)) }
        if let keyId { headers.append(("x-oss-server-side-encryption-key-id", keyId)) }
        return headers
    }

    /// Headers describing a stored object (GET and HEAD).
    static func objectHeaders(_ record: ObjectRecord) -> [(String, String)] {
        var headers: [(String, String)] = [
            ("Content-Type", record.contentType),
            ("ETag", record.quotedETag),
            ("Last-Modified", Timestamp.rfc1123(record.lastModified)),
            ("Accept-Ranges", "bytes"),
            ("x-oss-object-type", record.objectType),
            ("x-oss-storage-class", record.storageClass),
        ]
        if let crc = record.crc64 { headers.append(("x-oss-hash-crc64ecma", String(crc))) }
        if let md5 = record.contentMD5 { headers.append(("Content-MD5", md5)) }
        headers += sseHeaders(record.serverSideEncryption, record.serverSideEncryptionKeyId)
        for (name, value) in record.httpHeaders.sorted(by: { $0.key < $1.key }) { headers.append((name, value)) }
        for (name, value) in record.meta.sorted(by: { $0.key < $1.key }) { headers.append((name, value)) }
        return headers
    }

    func checkBodySize(_ r: ParsedRequest) throws(OSSLocalError) {
        if let length = r.header("content-length").flatMap({ Int64($0) }), length > Self.maxObjectSize {
            throw OSSLocalError(status: 400, code: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed object size.",
                                ec: "0026-00000002", extra: [("MaxSizeAllowed", String(Self.maxObjectSize)), ("ProposedSize", String(length))])
        }
    }

    /// The expected MD5 from `Content-MD5`, if sent (400 InvalidDigest if malformed).
    func expectedMD5(_ r: ParsedRequest) throws(OSSLocalError) -> [UInt8]? {
        guard let header = r.header("content-md5") else { return nil }
        guard let digest = Base64.decode(header), digest.count == 16 else {
            throw OSSLocalError(status: 400, code: "InvalidDigest", message: "The Content-MD5 you specified was invalid.",
                                ec: "0016-00000203", extra: [("Content-MD5", header)])
        }
        return digest
    }

    static func badDigest(_ expected: [UInt8], _ actual: [UInt8]) -> OSSLocalError {
        OSSLocalError(status: 400, code: "BadDigest", message: "The Content-MD5 you specified did not match what we received.",
                      ec: "0016-00000204", extra: [("ExpectedMD5", Base64.encode(expected)), ("CalculatedMD5", Base64.encode(actual))])
    }

    static func fileAlreadyExists(_ key: ObjectKey) -> OSSLocalError {
        OSSLocalError(status: 409, code: "FileAlreadyExists", message: "The object you specified already exists and can not be overwritten.",
                      ec: "0026-00000006", extra: [("Key", key.string)])
    }

    func preparePut(_ r: ParsedRequest) throws(OSSLocalError) -> PreparedRequest {
        let (bucket, key) = target(r)
        try checkBodySize(r)
        let expected = try expectedMD5(r)
        let attributes = try self.attributes(r, key: key)
        let forbidOverwrite = r.header("x-oss-forbid-overwrite")?.lowercased() == "true"
        if forbidOverwrite, (try? store.record(bucket, key)) != nil { throw Self.fileAlreadyExists(key) }
        let writer = try store.newWriter(bucket, needsMD5: expected != nil)
        let store = self.store
        return PreparedRequest("PutObject", body: .stream(writer), finish: .onLoop { (_) throws(OSSLocalError) -> OSSResponse in
            let (md5, crc, size) = writer.finish()
            if let expected, expected != md5 { throw Self.badDigest(expected, md5) }
            let record = ObjectRecord(
                key: key.string, size: size, etag: Hex.encode(md5, uppercase: true), crc64: crc, contentType: attributes.contentType,
                contentMD5: Base64.encode(md5), meta: attributes.meta, httpHeaders: attributes.httpHeaders,
                storageClass: attributes.storageClass, serverSideEncryption: attributes.serverSideEncryption,
                serverSideEncryptionKeyId: attributes.serverSideEncryptionKeyId, lastModified: ObjectStore.now(), objectType: "Normal")
            try store.commit(bucket, key, dataFrom: writer.tempPath, record: record, forbidOverwrite: forbidOverwrite)
            writer.disown()
            return OSSResponse(status: .ok, headers: [
                ("ETag", record.quotedETag), ("x-oss-hash-crc64ecma", String(crc)), ("Content-MD5", Base64.encode(md5)),
            ] + Self.sseHeaders(attributes.serverSideEncryption, attributes.serverSideEncryptionKeyId))
        })
    }

    func getObject(_ r: ParsedRequest, head: Bool) throws(OSSLocalError) -> OSSResponse {
        let (bucket, key) = target(r)
        if store.discard && !head {
            _ = try store.record(bucket, key)
            throw OSSLocalError(status: 404, code: "NoSuchKey", message: "oss-local runs with --discard and keeps no object data.",
                                ec: "0026-00000001", extra: [("Key", key.string)])
        }
        let (record, fd) = head ? (try store.record(bucket, key), nil) : try store.open(bucket, key)
        var headers = Self.objectHeaders(record)
        do throws(OSSLocalError) {
            if let failure = Self.preconditionFailure(r, record) { throw failure }
            for (name, value) in r.query where name.hasPrefix("response-") {
                let header = String(name.dropFirst("response-".count))
                headers.removeAll { $0.0.lowercased() == header }
                headers.append((header, value ?? ""))
            }
            var offset: Int64 = 0
            var length = record.size
            var status = HTTPResponseStatus.ok
            if let range = r.header("range") {
                let standard = r.header("x-oss-range-behavior")?.lowercased() == "standard"
                switch ByteRange.resolve(range, size: record.size, standard: standard) {
                case .whole: break
                case .partial(let first, let last):
                    offset = first
                    length = last - first + 1
                    status = .partialContent
                    headers.append(("Content-Range", "bytes \(first)-\(last)/\(record.size)"))
                case .unsatisfiable:
                    throw OSSLocalError(status: 416, code: "InvalidRange", message: "The requested range cannot be satisfied.",
                                        ec: "0026-00000011", extra: [("RangeRequested", range), ("ActualObjectSize", String(record.size))])
                }
            }
            if head {
                var response = OSSResponse(status: status, headers: headers)
                response.headContentLength = record.size
                return response
            }
            return OSSResponse(status: status, headers: headers, body: fd.map { .file(descriptor: $0, offset: offset, length: length) } ?? .empty)
        } catch {
            if let fd { OSSResponse(status: .ok, body: .file(descriptor: fd, offset: 0, length: 0)).discardBody() }
            throw error
        }
    }

    /// 412 / 304 for If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since.
    static func preconditionFailure(_ r: ParsedRequest, _ record: ObjectRecord) -> OSSLocalError? {
        let etag = record.quotedETag
        if let match = r.header("if-match"), match != "*", match.replacingOccurrences(of: "\"", with: "").uppercased() != record.etag {
            return OSSLocalError(status: 412, code: "PreconditionFailed", message: "At least one of the pre-conditions you specified did not hold.", ec: "0026-00000004")
        }
        if let none = r.header("if-none-match"), none == "*" || none.replacingOccurrences(of: "\"", with: "").uppercased() == record.etag {
            return OSSLocalError(status: 304, code: "NotModified", message: "The object was not modified (ETag \(etag)).", ec: "0026-00000005")
        }
        let modified = record.lastModified.rounded(.down)
        if let since = r.header("if-unmodified-since").flatMap(Timestamp.parseRFC1123), modified > since {
            return OSSLocalError(status: 412, code: "PreconditionFailed", message: "At least one of the pre-conditions you specified did not hold.", ec: "0026-00000004")
        }
        if let since = r.header("if-modified-since").flatMap(Timestamp.parseRFC1123), modified <= since {
            return OSSLocalError(status: 304, code: "NotModified", message: "The object was not modified.", ec: "0026-00000005")
        }
        return nil
    }

    func deleteObject(_ r: ParsedRequest) throws(OSSLocalError) -> OSSResponse {
        let (bucket, key) = target(r)
        try store.deleteObject(bucket, key)
        return OSSResponse(status: .noContent)
    }
}
