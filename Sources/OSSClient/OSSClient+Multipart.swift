import CurlHTTP
import Foundation
import OSSCore

extension OSSClient {
    /// InitiateMultipartUpload: returns the upload id. Object headers (type, metadata, storage class, SSE) go here.
    public func initiateMultipartUpload(
        bucket: String, key: String, options: OSSPutOptions = OSSPutOptions()
    ) async throws -> String {
        var request = OSSRequest("InitiateMultipartUpload", "POST", bucket: bucket, key: key)
        request.query = [("uploads", nil)]
        request.headers.apply(options)
        let response = try await perform(request)
        guard let uploadId = try parseXML(response, operation: request.operation).childText("UploadId"), !uploadId.isEmpty
        else {
            throw OSSClientError.invalidResponse(
                operation: request.operation, detail: "no UploadId", requestId: response.requestId)
        }
        return uploadId
    }

    /// UploadPart: `partNumber` 1...10000; the part's CRC-64 is verified against what was sent.
    public func uploadPart(
        bucket: String, key: String, uploadId: String, partNumber: Int, body: ObjectBody
    ) async throws -> OSSWriteResult {
        var request = OSSRequest("UploadPart", "PUT", bucket: bucket, key: key)
        request.query = [("partNumber", String(partNumber)), ("uploadId", uploadId)]
        request.body = body.http
        let response = try await perform(request, validate: { response throws(OSSClientError) in
            try self.checkSentCRC(response, operation: "UploadPart")
        })
        let crc = response.ossCRC64 ?? response.sentBodyCRC64
        return OSSWriteResult(etag: response.etag, crc64: crc, requestId: response.requestId)
    }

    /// UploadPartCopy: copies `range` (inclusive) of an existing object into a part.
    public func uploadPartCopy(
        sourceBucket: String, sourceKey: String, range: ClosedRange<Int64>?,
        bucket: String, key: String, uploadId: String, partNumber: Int
    ) async throws -> OSSWriteResult {
        var request = OSSRequest("UploadPartCopy", "PUT", bucket: bucket, key: key)
        request.query = [("partNumber", String(partNumber)), ("uploadId", uploadId)]
        request.headers["x-oss-copy-source"] = "/\(sourceBucket)/\(OSSPercentEncoding.encodePath(sourceKey))"
        if let range { request.headers["x-oss-copy-source-range"] = "bytes=\(range.lowerBound)-\(range.upperBound)" }
        let response = try await perform(request)
        let etag = try parseXML(response, operation: request.operation).childText("ETag") ?? response.etag
        return OSSWriteResult(etag: etag, crc64: response.ossCRC64, requestId: response.requestId)
    }

    /// CompleteMultipartUpload. With `expectedCRC64` (the parts' CRCs combined locally), a different whole-object
    /// CRC from OSS is an error, never a success.
    public func completeMultipartUpload(
        bucket: String, key: String, uploadId: String, parts: [OSSCompletedPart], expectedCRC64: UInt64? = nil
    ) async throws -> OSSWriteResult {
        var request = OSSRequest("CompleteMultipartUpload", "POST", bucket: bucket, key: key)
        request.query = [("uploadId", uploadId)]
        var xml = "<CompleteMultipartUpload>"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            xml += "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(XMLEscape.escape(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let body = Array(xml.utf8)
        request.body = .bytes(body)
        request.headers["Content-Type"] = "application/xml"
        request.headers["Content-MD5"] = Data(Digest.md5(body)).base64EncodedString()
        let response = try await perform(request, validate: { response throws(OSSClientError) in
            if self.configuration.verifyCRC, let expectedCRC64, let remote = response.ossCRC64, remote != expectedCRC64 {
                throw .crcMismatch(
                    operation: "CompleteMultipartUpload", local: expectedCRC64, remote: remote,
                    requestId: response.requestId)
            }
        })
        let etag = (try? XMLReader.parse(response.body).childText("ETag")) ?? response.etag
        return OSSWriteResult(etag: etag, crc64: response.ossCRC64, requestId: response.requestId)
    }

    /// AbortMultipartUpload; an upload that no longer exists counts as aborted.
    public func abortMultipartUpload(bucket: String, key: String, uploadId: String) async throws {
        var request = OSSRequest("AbortMultipartUpload", "DELETE", bucket: bucket, key: key)
        request.query = [("uploadId", uploadId)]
        do {
            _ = try await perform(request)
        } catch let error as OSSClientError where error.serviceCode == "NoSuchUpload" {
            return
        }
    }

    /// ListParts, all pages.
    public func listParts(bucket: String, key: String, uploadId: String) async throws -> [OSSPartInfo] {
        var parts: [OSSPartInfo] = []
        var marker: String?
        repeat {
            var request = OSSRequest("ListParts", "GET", bucket: bucket, key: key)
            request.query = [("uploadId", uploadId), ("max-parts", "1000")]
            if let marker { request.query.append(("part-number-marker", marker)) }
            let response = try await perform(request)
            let root = try parseXML(response, operation: request.operation)
            for part in root.children("Part") {
                guard let number = part.childText("PartNumber").flatMap({ Int($0) }) else { continue }
                parts.append(
                    OSSPartInfo(
                        partNumber: number,
                        etag: part.childText("ETag") ?? "",
                        size: part.childText("Size").flatMap { Int64($0) } ?? -1,
                        crc64: part.childText("HashCrc64ecma").flatMap { UInt64($0) }))
            }
            let truncated = root.childText("IsTruncated") == "true"
            marker = truncated ? root.childText("NextPartNumberMarker") : nil
        } while marker != nil
        return parts
    }

    /// ListMultipartUploads under `prefix`, all pages.
    public func listMultipartUploads(bucket: String, prefix: String = "") async throws -> [OSSMultipartUploadInfo] {
        var uploads: [OSSMultipartUploadInfo] = []
        var keyMarker: String?
        var uploadIdMarker: String?
        while true {
            var request = OSSRequest("ListMultipartUploads", "GET", bucket: bucket)
            request.query = [("uploads", nil), ("max-uploads", "1000"), ("encoding-type", "url")]
            if !prefix.isEmpty { request.query.append(("prefix", prefix)) }
            if let keyMarker { request.query.append(("key-marker", keyMarker)) }
            if let uploadIdMarker { request.query.append(("upload-id-marker", uploadIdMarker)) }
            let response = try await perform(request)
            let root = try parseXML(response, operation: request.operation)
            for upload in root.children("Upload") {
                let key = upload.childText("Key").map { OSSPercentEncoding.decode($0) ?? $0 } ?? ""
                uploads.append(
                    OSSMultipartUploadInfo(
                        key: key, uploadId: upload.childText("UploadId") ?? "",
                        initiated: upload.childText("Initiated").flatMap(HTTPDate.parseISO8601)))
            }
            guard root.childText("IsTruncated") == "true" else { break }
            keyMarker = root.childText("NextKeyMarker").map { OSSPercentEncoding.decode($0) ?? $0 }
            uploadIdMarker = root.childText("NextUploadIdMarker")
            if keyMarker == nil && uploadIdMarker == nil { break }
        }
        return uploads
    }
}
