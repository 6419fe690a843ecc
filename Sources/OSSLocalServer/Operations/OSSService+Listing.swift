import Foundation
import NIOCore
import NIOHTTP1
import OSSCore

/// One page of a bucket listing walk.
struct ListPage {
    var contents: [ObjectRecord] = []
    var prefixes: [String] = []
    var truncated = false
    /// The last key or common prefix returned (the next page starts after it).
    var last: [UInt8]?
}

extension BucketIndex {
    /// Keys (or common prefixes, with `delimiter`) under `prefix`, strictly after `after`, at most `max`.
    /// When `after` is itself a common prefix (ends with the delimiter), keys under it are skipped.
    mutating func walk(prefix: [UInt8], delimiter: [UInt8], after: [UInt8]?, max: Int) -> ListPage {
        let keys = sortedKeys()
        var page = ListPage()
        var start = keys.lowerBound(prefix)
        var skip: [UInt8]?
        if let after {
            if after.lexicographicallyPrecedes(prefix) == false {
                start = Swift.max(start, keys.lowerBound(after))
            }
            while start < keys.count && keys[start].bytes == after { start += 1 }
            if !delimiter.isEmpty && after.count >= delimiter.count && after.suffix(delimiter.count).elementsEqual(delimiter) {
                skip = after
            }
        }
        var lastPrefix: [UInt8]?
        var count = 0
        var i = start
        while i < keys.count {
            let key = keys[i]
            i += 1
            guard key.hasPrefix(prefix) else { break }
            if let skip, key.hasPrefix(skip) { continue }
            if !delimiter.isEmpty, let cut = Self.delimiterEnd(key.bytes, from: prefix.count, delimiter: delimiter) {
                let common = Array(key.bytes[..<cut])
                if common == lastPrefix { continue }
                if count == max { page.truncated = true; break }
                page.prefixes.append(String(decoding: common, as: UTF8.self))
                lastPrefix = common
                page.last = common
                count += 1
                continue
            }
            if count == max { page.truncated = true; break }
            if let record = self[key] { page.contents.append(record) }
            page.last = key.bytes
            count += 1
        }
        return page
    }

    /// End index (exclusive) of the first `delimiter` in `bytes` at or after `from`.
    static func delimiterEnd(_ bytes: [UInt8], from: Int, delimiter: [UInt8]) -> Int? {
        guard bytes.count >= from + delimiter.count else { return nil }
        var i = from
        while i + delimiter.count <= bytes.count {
            if bytes[i] == delimiter[0] && bytes[i..<(i + delimiter.count)].elementsEqual(delimiter) { return i + delimiter.count }
            i += 1
        }
        return nil
    }
}

extension OSSService {
    /// Opaque continuation token: base64url of the last returned entry.
    static func continuationToken(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeToken(_ token: String) throws(OSSLocalError) -> [UInt8] {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let bytes = Base64.decode(text) else {
            throw .invalidArgument("The continuation token provided is incorrect.", name: "continuation-token", value: token)
        }
        return bytes
    }

    /// ListObjects (v1, marker paging) and ListObjectsV2 (continuation tokens).
    func listObjects(_ r: ParsedRequest, v2: Bool) throws(OSSLocalError) -> OSSResponse {
        let bucket = r.bucket ?? ""
        let prefix = r.queryValue("prefix") ?? ""
        let delimiter = r.queryValue("delimiter") ?? ""
        let maxKeys = try Self.limit(r, "max-keys", default: 100, max: 1000)
        let encode = Self.urlEncoded(r)
        let startAfter = r.queryValue(v2 ? "start-after" : "marker") ?? ""
        let token = v2 ? r.queryValue("continuation-token") : nil
        var after: [UInt8]? = startAfter.isEmpty ? nil : Array(startAfter.utf8)
        if let token, !token.isEmpty {
            let resume = try Self.decodeToken(token)
            if after == nil || !resume.lexicographicallyPrecedes(after ?? []) { after = resume }
        }
        let page = try store.withBucket(bucket) { b in
            b.index.walk(prefix: Array(prefix.utf8), delimiter: Array(delimiter.utf8), after: after, max: maxKeys)
        }
        let fetchOwner = !v2 || r.queryValue("fetch-owner") == "true"
        var xml = XMLResponseWriter()
        xml.group("ListBucketResult") { x in
            x.element("Name", bucket)
            x.element("Prefix", Self.shown(prefix, encode))
            if v2 {
                if !startAfter.isEmpty { x.element("StartAfter", Self.shown(startAfter, encode)) }
                if let token, !token.isEmpty { x.element("ContinuationToken", token) }
            } else {
                x.element("Marker", Self.shown(startAfter, encode))
            }
            x.element("MaxKeys", maxKeys)
            x.element("Delimiter", Self.shown(delimiter, encode))
            if encode { x.element("EncodingType", "url") }
            x.element("IsTruncated", page.truncated)
            if page.truncated, let last = page.last {
                if v2 {
                    x.element("NextContinuationToken", Self.continuationToken(last))
                } else {
                    x.element("NextMarker", Self.shown(String(decoding: last, as: UTF8.self), encode))
                }
            }
            if v2 { x.element("KeyCount", page.contents.count + page.prefixes.count) }
            for record in page.contents {
                x.group("Contents") { c in
                    c.element("Key", Self.shown(record.key, encode))
                    c.element("LastModified", Timestamp.iso8601(record.lastModified))
                    c.element("ETag", record.quotedETag)
                    c.element("Type", record.objectType)
                    c.element("Size", record.size)
                    c.element("StorageClass", record.storageClass)
                    if fetchOwner {
                        c.group("Owner") { o in
                            o.element("ID", "oss-local")
                            o.element("DisplayName", "oss-local")
                        }
                    }
                }
            }
            for common in page.prefixes {
                x.group("CommonPrefixes") { c in c.element("Prefix", Self.shown(common, encode)) }
            }
        }
        return .xml(xml)
    }

    /// ListMultipartUploads: uploads ordered by key then initiation, with key/upload-id markers.
    func listUploads(_ r: ParsedRequest) throws(OSSLocalError) -> OSSResponse {
        let bucket = r.bucket ?? ""
        let prefix = r.queryValue("prefix") ?? ""
        let delimiter = r.queryValue("delimiter") ?? ""
        let keyMarker = r.queryValue("key-marker") ?? ""
        let uploadIdMarker = r.queryValue("upload-id-marker") ?? ""
        let maxUploads = try Self.limit(r, "max-uploads", default: 1000, max: 1000)
        let encode = Self.urlEncoded(r)
        let uploads = try store.withBucket(bucket) { b in Array(b.uploads.values.map(\.record)) }
            .filter { $0.key.hasPrefix(prefix) }
            .sorted { a, b in
                let ka = ObjectKey(a.key), kb = ObjectKey(b.key)
                if ka != kb { return ka < kb }
                if a.initiated != b.initiated { return a.initiated < b.initiated }
                return a.uploadId < b.uploadId
            }
        let marker = ObjectKey(keyMarker)
        var entries: [(upload: UploadRecord?, prefix: String?)] = []
        var truncated = false
        var lastPrefix: String?
        var markerReached = uploadIdMarker.isEmpty
        for upload in uploads {
            let key = ObjectKey(upload.key)
            if !keyMarker.isEmpty {
                if key < marker { continue }
                if key == marker {
                    if uploadIdMarker.isEmpty { continue }
                    if !markerReached { if upload.uploadId == uploadIdMarker { markerReached = true }; continue }
                }
            }
            if !delimiter.isEmpty, let cut = BucketIndex.delimiterEnd(key.bytes, from: prefix.utf8.count, delimiter: Array(delimiter.utf8)) {
                let common = String(decoding: key.bytes[..<cut], as: UTF8.self)
                if common == lastPrefix { continue }
                if entries.count == maxUploads { truncated = true; break }
                entries.append((nil, common))
                lastPrefix = common
                continue
            }
            if entries.count == maxUploads { truncated = true; break }
            entries.append((upload, nil))
        }
        let lastUpload = entries.last?.upload
        var xml = XMLResponseWriter()
        xml.group("ListMultipartUploadsResult") { x in
            if encode { x.element("EncodingType", "url") }
            x.element("Bucket", bucket)
            x.element("KeyMarker", Self.shown(keyMarker, encode))
            x.element("UploadIdMarker", uploadIdMarker)
            x.element("NextKeyMarker", Self.shown(truncated ? (lastUpload?.key ?? entries.last?.prefix ?? "") : "", encode))
            x.element("NextUploadIdMarker", truncated ? (lastUpload?.uploadId ?? "") : "")
            x.element("Delimiter", Self.shown(delimiter, encode))
            x.element("Prefix", Self.shown(prefix, encode))
            x.element("MaxUploads", maxUploads)
            x.element("IsTruncated", truncated)
            for entry in entries {
                if let upload = entry.upload {
                    x.group("Upload") { u in
                        u.element("Key", Self.shown(upload.key, encode))
                        u.element("UploadId", upload.uploadId)
                        u.element("StorageClass", upload.attributes.storageClass)
                        u.element("Initiated", Timestamp.iso8601(upload.initiated))
                    }
                }
            }
            for entry in entries {
                if let common = entry.prefix { x.group("CommonPrefixes") { c in c.element("Prefix", Self.shown(common, encode)) } }
            }
        }
        return .xml(xml)
    }
}
