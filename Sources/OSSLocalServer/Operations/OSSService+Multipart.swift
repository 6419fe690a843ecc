import Foundation
#if canImport(Glibc)
import OSSCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CRC64
import NIOCore
import NIOHTTP1

extension OSSService {
    /// `encoding-type=url` asks for url-encoded keys in XML responses.
    static func urlEncoded(_ r: ParsedRequest) -> Bool { r.queryValue("encoding-type") == "url" }

    /// A key as shown in XML responses, url-encoded when asked.
    static func shown(_ text: String, _ encode: Bool) -> String { encode ? URLEncoding.encode(text) : text }

    func initiateUpload(_ r: ParsedRequest) throws(OSSLocalError) -> OSSResponse {
        let (bucket, key) = target(r)
        let attributes = try self.attributes(r, key: key)
        if r.header("x-oss-forbid-overwrite")?.lowercased() == "true", (try? store.record(bucket, key)) != nil {
            throw Self.fileAlreadyExists(key)
        }
        let uploadId = try store.initiateUpload(bucket, key: key, attributes: attributes)
        let encode = Self.urlEncoded(r)
        var xml = XMLResponseWriter()
        xml.group("InitiateMultipartUploadResult") { x in
            x.element("Bucket", bucket)
            x.element("Key", Self.shown(key.string, encode))
            x.element("UploadId", uploadId)
            if encode { x.element("EncodingType", "url") }
        }
        return .xml(xml, headers: Self.sseHeaders(attributes.serverSideEncryption, attributes.serverSideEncryptionKeyId))
    }

    func partNumber(_ r: ParsedRequest) throws(OSSLocalError) -> Int {
        let text = r.queryValue("partNumber") ?? ""
        guard let n = Int(text), (1...10000).contains(n) else {
            throw .invalidArgument("Part number must be an integer between 1 and 10000, inclusive.", name: "partNumber", value: text)
        }
        return n
    }

    func prepareUploadPart(_ r: ParsedRequest) throws(OSSLocalError) -> PreparedRequest {
        let (bucket, key) = target(r)
        let uploadId = r.queryValue("uploadId") ?? ""
        let number = try partNumber(r)
        try checkBodySize(r)
        let expected = try expectedMD5(r)
        let upload = try store.upload(bucket, uploadId, key: key)
        let writer = try store.newWriter(bucket, needsMD5: expected != nil)
        let store = self.store
        let sse = Self.sseHeaders(upload.record.attributes.serverSideEncryption, upload.record.attributes.serverSideEncryptionKeyId)
        return PreparedRequest("UploadPart", body: .stream(writer), finish: .onLoop { (_) throws(OSSLocalError) -> OSSResponse in
            let (md5, crc, size) = writer.finish()
            if let expected, expected != md5 { throw Self.badDigest(expected, md5) }
            let part = try store.commitPart(bucket, uploadId: uploadId, key: key, number: number, dataFrom: writer.tempPath,
                                            md5: md5, crc64: crc, size: size)
            writer.disown()
            return OSSResponse(status: .ok, headers: [
                ("ETag", "\"" + part.etag + "\""), ("x-oss-hash-crc64ecma", String(crc)), ("Content-MD5", Base64.encode(md5)),
            ] + sse)
        })
    }

    func prepareUploadPartCopy(_ r: ParsedRequest) throws(OSSLocalError) -> PreparedRequest {
        let (bucket, key) = target(r)
        let uploadId = r.queryValue("uploadId") ?? ""
        let number = try partNumber(r)
        _ = try store.upload(bucket, uploadId, key: key)
        let source = try copySource(r)
        let sourceRecord = try store.record(source.bucket, source.key)
        var rangeFirst: Int64 = 0
        var rangeLast = sourceRecord.size - 1
        if let range = r.header("x-oss-copy-source-range") {
            switch ByteRange.resolve(range, size: sourceRecord.size, standard: true) {
            case .whole: break
            case .partial(let a, let b): rangeFirst = a; rangeLast = b
            case .unsatisfiable:
                throw OSSLocalError(status: 416, code: "InvalidRange", message: "The requested range cannot be satisfied.",
                                    ec: "0026-00000011", extra: [("RangeRequested", range)])
            }
        }
        let store = self.store
        let (first, last) = (rangeFirst, rangeLast)
        return PreparedRequest("UploadPartCopy", finish: .offload { (_) throws(OSSLocalError) -> OSSResponse in
            let (_, fd) = try store.open(source.bucket, source.key)
            let md5 = MD5Context()
            var crc = CRC64()
            let length = Swift.max(0, last - first + 1)
            let temp = try store.copyToTemp(bucket, from: fd, offset: first, length: length) { chunk in
                md5.update(chunk)
                crc.update(chunk)
            }
            let part: PartRecord
            do throws(OSSLocalError) {
                part = try store.commitPart(bucket, uploadId: uploadId, key: key, number: number, dataFrom: temp,
                                            md5: md5.finalize(), crc64: crc.value, size: length)
            } catch {
                if let temp { FileIO.remove(temp) }
                throw error
            }
            var xml = XMLResponseWriter()
            xml.group("CopyPartResult") { x in
                x.element("LastModified", Timestamp.iso8601(part.lastModified))
                x.element("ETag", "\"" + part.etag + "\"")
            }
            return .xml(xml, headers: [("x-oss-hash-crc64ecma", String(part.crc64))])
        })
    }

    func prepareComplete(_ r: ParsedRequest) throws(OSSLocalError) -> PreparedRequest {
        let (bucket, key) = target(r)
        let uploadId = r.queryValue("uploadId") ?? ""
        let upload = try store.upload(bucket, uploadId, key: key)
        let completeAll = r.header("x-oss-complete-all")?.lowercased() == "yes"
        let store = self.store
        let encode = Self.urlEncoded(r)
        let host = r.header("host") ?? "127.0.0.1"
        return PreparedRequest("CompleteMultipartUpload", body: .collect(limit: 4 << 20), finish: .offload { (body) throws(OSSLocalError) -> OSSResponse in
            let requested: [(number: Int, etag: String)]
            if completeAll {
                requested = upload.parts.values.sorted { $0.partNumber < $1.partNumber }.map { ($0.partNumber, $0.etag) }
            } else {
                requested = try CompleteRequestBody.parts(body.map { Array($0.readableBytesView) } ?? [])
            }
            let (record, parts) = try store.validateCompletion(bucket, uploadId: uploadId, key: key, requested: requested)
            let object = try store.completeUpload(bucket, uploadId: uploadId, key: key, record: record, parts: parts)
            var xml = XMLResponseWriter()
            xml.group("CompleteMultipartUploadResult") { x in
                if encode { x.element("EncodingType", "url") }
                x.element("Location", "http://\(host)/\(bucket)/\(URLEncoding.encode(key.string))")
                x.element("Bucket", bucket)
                x.element("Key", Self.shown(key.string, encode))
                x.element("ETag", object.quotedETag)
            }
            var headers = [("ETag", object.quotedETag)]
            if let crc = object.crc64 { headers.append(("x-oss-hash-crc64ecma", String(crc))) }
            return .xml(xml, headers: headers + Self.sseHeaders(object.serverSideEncryption, object.serverSideEncryptionKeyId))
        })
    }

    func abortUpload(_ r: ParsedRequest) throws(OSSLocalError) -> OSSResponse {
        let (bucket, key) = target(r)
        try store.abortUpload(bucket, uploadId: r.queryValue("uploadId") ?? "", key: key)
        return OSSResponse(status: .noContent)
    }

    func listParts(_ r: ParsedRequest) throws(OSSLocalError) -> OSSResponse {
        let (bucket, key) = target(r)
        let uploadId = r.queryValue("uploadId") ?? ""
        let upload = try store.upload(bucket, uploadId, key: key)
        let maxParts = try Self.limit(r, "max-parts", default: 1000, max: 1000)
        let markerText = r.queryValue("part-number-marker") ?? ""
        let marker = markerText.isEmpty ? 0 : (Int(markerText) ?? 0)
        let all = upload.parts.values.filter { $0.partNumber > marker }.sorted { $0.partNumber < $1.partNumber }
        let page = all.prefix(maxParts)
        let truncated = all.count > page.count
        let encode = Self.urlEncoded(r)
        var xml = XMLResponseWriter()
        xml.group("ListPartsResult") { x in
            if encode { x.element("EncodingType", "url") }
            x.element("Bucket", bucket)
            x.element("Key", Self.shown(key.string, encode))
            x.element("UploadId", uploadId)
            x.element("StorageClass", upload.record.attributes.storageClass)
            x.element("PartNumberMarker", marker)
            x.element("NextPartNumberMarker", page.last?.partNumber ?? marker)
            x.element("MaxParts", maxParts)
            x.element("IsTruncated", truncated)
            for part in page {
                x.group("Part") { p in
                    p.element("PartNumber", part.partNumber)
                    p.element("LastModified", Timestamp.iso8601(part.lastModified))
                    p.element("ETag", "\"" + part.etag + "\"")
                    p.element("HashCrc64ecma", String(part.crc64))
                    p.element("Size", part.size)
                }
            }
        }
        return .xml(xml)
    }

    /// An integer list limit such as `max-keys` (1...max, default when absent).
    static func limit(_ r: ParsedRequest, _ name: String, default value: Int, max: Int) throws(OSSLocalError) -> Int {
        guard let text = r.queryValue(name), !text.isEmpty else { return value }
        guard let n = Int(text), n >= 1, n <= max else {
            throw .invalidArgument("Argument \(name) must be an integer between 1 and \(max).", name: name, value: text)
        }
        return n
    }
}
