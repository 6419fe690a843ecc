import CurlHTTP
import Foundation
import OSSCore

extension OSSClient {
    /// PutObject: uploads `body` (bytes or a file range) and verifies the CRC-64 OSS computed.
    public func putObject(
        bucket: String, key: String, body: ObjectBody, options: OSSPutOptions = OSSPutOptions()
    ) async throws -> OSSWriteResult {
        var request = OSSRequest("PutObject", "PUT", bucket: bucket, key: key)
        request.body = body.http
        request.headers.apply(options)
        request.recheckBodyFile = options.recheckBodyFile
        let response = try await perform(request, validate: { response throws(OSSClientError) in
            try self.checkSentCRC(response, operation: "PutObject")
        })
        return OSSWriteResult(
            etag: response.etag, crc64: response.ossCRC64, requestId: response.requestId, bodyFileAfter: response.bodyFileAfter)
    }

    /// HeadObject: `nil` when the object does not exist.
    public func headObject(bucket: String, key: String) async throws -> OSSObjectInfo? {
        let request = OSSRequest("HeadObject", "HEAD", bucket: bucket, key: key)
        do {
            let response = try await perform(request)
            return OSSObjectInfo(response)
        } catch let error as OSSClientError where error.statusCode == 404 && error.serviceCode != "NoSuchBucket" {
            return nil
        }
    }

    /// GetObject into memory (bounded by `maxBytes`); `range` is inclusive, as in `Range: bytes=a-b`, and sent with
    /// `x-oss-range-behavior: standard` (an end past the object is clamped; a start past it is 416 `InvalidRange`).
    /// A whole-object read is verified against `x-oss-hash-crc64ecma`.
    public func getObject(
        bucket: String, key: String, range: ClosedRange<Int64>? = nil, maxBytes: Int = 64 << 20
    ) async throws -> (info: OSSObjectInfo, body: [UInt8]) {
        var request = OSSRequest("GetObject", "GET", bucket: bucket, key: key)
        request.maxResponseBodyInMemory = maxBytes
        request.headers.applyRange(range)
        let response = try await perform(request, validate: { response throws(OSSClientError) in
            try self.checkGetAnswer(response, range: range)
        })
        return (OSSObjectInfo(response), response.body)
    }

    /// GetObject streamed into `sink` (called on the transport thread). Not retried once bytes flowed;
    /// the CRC-64 of a whole-object read is verified after the last byte.
    public func getObject(
        bucket: String, key: String, range: ClosedRange<Int64>? = nil, sink: @escaping HTTPResponseBodySink
    ) async throws -> OSSObjectInfo {
        var request = OSSRequest("GetObject", "GET", bucket: bucket, key: key)
        request.headers.applyRange(range)
        let response = try await perform(request, sink: sink, validate: { response throws(OSSClientError) in
            try self.checkGetAnswer(response, range: range)
        })
        return OSSObjectInfo(response)
    }

    /// DeleteObject (succeeds for a missing key, as OSS does).
    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await perform(OSSRequest("DeleteObject", "DELETE", bucket: bucket, key: key))
    }

    /// CopyObject within OSS: `sourceBucket/sourceKey` to `bucket/key`. With `options`, metadata is replaced.
    public func copyObject(
        sourceBucket: String, sourceKey: String, bucket: String, key: String, options: OSSPutOptions? = nil
    ) async throws -> OSSWriteResult {
        var request = OSSRequest("CopyObject", "PUT", bucket: bucket, key: key)
        request.headers["x-oss-copy-source"] = "/\(sourceBucket)/\(OSSPercentEncoding.encodePath(sourceKey))"
        if let options {
            request.headers["x-oss-metadata-directive"] = "REPLACE"
            request.headers.apply(options)
        }
        let response = try await perform(request)
        let etag = try parseXML(response, operation: "CopyObject").childText("ETag") ?? response.etag
        return OSSWriteResult(etag: etag, crc64: response.ossCRC64, requestId: response.requestId)
    }

    /// PutBucket: creates the bucket (used by tests and the local demo; real migrations use existing buckets).
    public func createBucket(_ bucket: String) async throws {
        _ = try await perform(OSSRequest("PutBucket", "PUT", bucket: bucket))
    }

    // MARK: - Verification helpers

    func checkSentCRC(_ response: HTTPResponse, operation: String) throws(OSSClientError) {
        guard configuration.verifyCRC, let remote = response.ossCRC64 else { return }
        if remote != response.sentBodyCRC64 {
            throw .crcMismatch(operation: operation, local: response.sentBodyCRC64, remote: remote, requestId: response.requestId)
        }
    }

    /// A whole-object GET must match the object's CRC-64. A ranged GET must be answered with that range (206 with a
    /// `Content-Range` starting at the requested byte); a 200 whole-object answer is accepted only when it lies inside
    /// the range (a range from 0 covering a smaller object), and is then CRC-checked as a whole read.
    func checkGetAnswer(_ response: HTTPResponse, range: ClosedRange<Int64>?) throws(OSSClientError) {
        guard let range else {
            try checkReceivedCRC(response, operation: "GetObject")
            return
        }
        if response.status == 206 {
            let start = response.headers["Content-Range"].flatMap(Self.contentRangeStart)
            guard start == range.lowerBound else {
                throw .invalidResponse(
                    operation: "GetObject",
                    detail: "asked for bytes \(range.lowerBound)-\(range.upperBound), got Content-Range "
                        + (response.headers["Content-Range"] ?? "(none)"),
                    requestId: response.requestId)
            }
            return
        }
        let rangeLength = range.upperBound - range.lowerBound + 1
        guard range.lowerBound == 0, response.bytesReceived <= rangeLength else {
            throw .invalidResponse(
                operation: "GetObject",
                detail: "asked for bytes \(range.lowerBound)-\(range.upperBound), got the whole object "
                    + "(HTTP \(response.status), \(response.bytesReceived) bytes)",
                requestId: response.requestId)
        }
        try checkReceivedCRC(response, operation: "GetObject")
    }

    /// The first byte of `bytes a-b/size`.
    static func contentRangeStart(_ value: String) -> Int64? {
        guard let rest = value.split(separator: " ", maxSplits: 1).last, let dash = rest.firstIndex(of: "-") else {
            return nil
        }
        return Int64(rest[..<dash])
    }

    func checkReceivedCRC(_ response: HTTPResponse, operation: String) throws(OSSClientError) {
        guard configuration.verifyCRC, let remote = response.ossCRC64 else { return }
        if remote != response.receivedBodyCRC64 {
            throw .crcMismatch(
                operation: operation, local: response.receivedBodyCRC64, remote: remote, requestId: response.requestId)
        }
    }

    func parseXML(_ response: HTTPResponse, operation: String) throws -> OSSCore.XMLElement {
        do {
            return try XMLReader.parse(response.body)
        } catch {
            throw OSSClientError.invalidResponse(
                operation: operation, detail: "body is not XML: \(error)", requestId: response.requestId)
        }
    }
}

extension OSSHeaders {
    /// `Range: bytes=a-b` with RFC semantics (`x-oss-range-behavior: standard`): without it OSS answers an end past
    /// the object with the whole object (200), which a ranged read would take for the range.
    mutating func applyRange(_ range: ClosedRange<Int64>?) {
        guard let range else { return }
        self["Range"] = "bytes=\(range.lowerBound)-\(range.upperBound)"
        self["x-oss-range-behavior"] = "standard"
    }

    mutating func apply(_ options: OSSPutOptions) {
        if let contentType = options.contentType { self["Content-Type"] = contentType }
        if let md5 = options.contentMD5 { self["Content-MD5"] = md5 }
        for (name, value) in options.metadata.sorted(by: { $0.key < $1.key }) {
            self["x-oss-meta-\(name.lowercased())"] = value
        }
        if let storageClass = options.storageClass, !storageClass.isEmpty { self["x-oss-storage-class"] = storageClass }
        if let sse = options.serverSideEncryption, !sse.isEmpty { self["x-oss-server-side-encryption"] = sse }
        if options.forbidOverwrite { self["x-oss-forbid-overwrite"] = "true" }
    }
}

extension OSSObjectInfo {
    init(_ response: HTTPResponse) {
        var metadata: [String: String] = [:]
        for (name, value) in response.headers {
            let lower = name.lowercased()
            if lower.hasPrefix("x-oss-meta-") { metadata[String(lower.dropFirst("x-oss-meta-".count))] = value }
        }
        var size = Int64(response.headers["Content-Length"] ?? "") ?? Int64(response.body.count)
        if let contentRange = response.headers["Content-Range"], let total = contentRange.split(separator: "/").last,
            let totalSize = Int64(total)
        {
            size = totalSize
        }
        self.init(
            size: size,
            etag: response.etag,
            lastModified: response.headers["Last-Modified"].flatMap(HTTPDate.parseRFC1123),
            crc64: response.ossCRC64,
            contentType: response.headers["Content-Type"],
            metadata: metadata,
            storageClass: response.headers["x-oss-storage-class"],
            objectType: response.headers["x-oss-object-type"],
            requestId: response.requestId)
    }
}
