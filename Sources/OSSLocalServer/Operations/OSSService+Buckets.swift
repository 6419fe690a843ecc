import OSSCore
import NIOCore
import NIOHTTP1

extension OSSService {
    func listBuckets() -> OSSResponse {
        var xml = XMLResponseWriter()
        xml.group("ListAllMyBucketsResult") { x in
            x.group("Owner") { o in
                o.element("ID", "oss-local")
                o.element("DisplayName", "oss-local")
            }
            x.group("Buckets") { b in
                for bucket in store.bucketList() {
                    b.group("Bucket") { e in
                        e.element("CreationDate", Timestamp.iso8601(bucket.created))
                        e.element("ExtranetEndpoint", "127.0.0.1")
                        e.element("IntranetEndpoint", "127.0.0.1")
                        e.element("Location", "oss-cn-hangzhou")
                        e.element("Name", bucket.name)
                        e.element("Region", "cn-hangzhou")
                        e.element("StorageClass", "Standard")
                    }
                }
            }
        }
        return .xml(xml)
    }

    func putBucket(_ r: ParsedRequest) throws(OSSLocalError) -> OSSResponse {
        let name = r.bucket ?? ""
        if let problem = OSSBucketName.validate(name) {
            var error = OSSLocalError.invalidBucketName(name)
            error.message += " " + problem
            throw error
        }
        _ = try store.createBucket(name)
        return OSSResponse(status: .ok, headers: [("Location", "/" + name)])
    }

    func deleteBucket(_ r: ParsedRequest) throws(OSSLocalError) -> OSSResponse {
        try store.deleteBucket(r.bucket ?? "")
        return OSSResponse(status: .noContent)
    }

    func bucketLocation() -> OSSResponse {
        var xml = XMLResponseWriter()
        xml.element("LocationConstraint", "oss-cn-hangzhou")
        return .xml(xml)
    }

    func bucketInfo(_ r: ParsedRequest) throws(OSSLocalError) -> OSSResponse {
        let name = r.bucket ?? ""
        let created = try store.withBucket(name) { $0.created }
        var xml = XMLResponseWriter()
        xml.group("BucketInfo") { x in
            x.group("Bucket") { b in
                b.element("CreationDate", Timestamp.iso8601(created))
                b.element("ExtranetEndpoint", "127.0.0.1")
                b.element("IntranetEndpoint", "127.0.0.1")
                b.element("Location", "oss-cn-hangzhou")
                b.element("Name", name)
                b.element("StorageClass", "Standard")
                b.group("Owner") { o in
                    o.element("DisplayName", "oss-local")
                    o.element("ID", "oss-local")
                }
                b.group("AccessControlList") { a in a.element("Grant", "private") }
            }
        }
        return .xml(xml)
    }

    /// DeleteMultipleObjects (`POST /bucket?delete`): `<Delete><Quiet/><Object><Key/></Object>...</Delete>`.
    func prepareDeleteMultiple(_ r: ParsedRequest) -> PreparedRequest {
        let bucket = r.bucket ?? ""
        let encode = Self.urlEncoded(r)
        let store = self.store
        return PreparedRequest("DeleteMultipleObjects", body: .collect(limit: 2 << 20), finish: .onLoop { (body) throws(OSSLocalError) -> OSSResponse in
            let root: XMLElement
            do { root = try XMLReader.parse(body.map { Array($0.readableBytesView) } ?? []) } catch { throw CompleteRequestBody.malformed() }
            guard root.name == "Delete" else { throw CompleteRequestBody.malformed() }
            let quiet = root.childText("Quiet")?.lowercased() == "true"
            var deleted: [String] = []
            for object in root.children("Object") {
                guard var key = object.childText("Key") else { continue }
                if encode { key = key.removingPercentEncoding ?? key }
                try store.deleteObject(bucket, ObjectKey(key))
                deleted.append(key)
            }
            var xml = XMLResponseWriter()
            xml.group("DeleteResult") { x in
                if encode { x.element("EncodingType", "url") }
                if !quiet {
                    for key in deleted { x.group("Deleted") { d in d.element("Key", Self.shown(key, encode)) } }
                }
            }
            return .xml(xml)
        })
    }
}

import Foundation
