import Foundation

extension ObjectStore {
    /// Rebuilds the in-memory state from `root`: buckets, object sidecars and open uploads.
    /// Leftover temp files from an earlier run are deleted. In discard mode only buckets are loaded.
    static func load(root: String, discard: Bool) -> [String: BucketState] {
        var buckets: [String: BucketState] = [:]
        let decoder = JSONDecoder()
        for name in FileIO.listDirectory(root) {
            let path = root + "/" + name
            guard FileIO.exists(path + "/objects") else { continue }
            var created = Date().timeIntervalSince1970
            if let bytes = FileIO.readFile(path + "/bucket.json"),
               let info = try? decoder.decode(BucketInfo.self, from: Data(bytes)) {
                created = info.created
            }
            var bucket = BucketState(name: name, created: created)
            FileIO.removeTree(path + "/tmp")
            try? FileIO.makeDirectory(path + "/tmp")
            if !discard {
                loadObjects(into: &bucket, path: path + "/objects", decoder: decoder)
                loadUploads(into: &bucket, path: path + "/uploads", decoder: decoder)
            }
            buckets[name] = bucket
        }
        return buckets
    }

    private static func loadObjects(into bucket: inout BucketState, path: String, decoder: JSONDecoder) {
        for file in FileIO.listDirectory(path) where file.hasSuffix(".meta") {
            guard let bytes = FileIO.readFile(path + "/" + file),
                  let record = try? decoder.decode(ObjectRecord.self, from: Data(bytes)),
                  FileIO.exists(path + "/" + file.dropLast(5))
            else { continue }
            bucket.index.put(ObjectKey(record.key), record)
        }
    }

    private static func loadUploads(into bucket: inout BucketState, path: String, decoder: JSONDecoder) {
        for uploadId in FileIO.listDirectory(path) {
            let dir = path + "/" + uploadId
            guard let bytes = FileIO.readFile(dir + "/upload.json"),
                  let record = try? decoder.decode(UploadRecord.self, from: Data(bytes))
            else { continue }
            var upload = UploadState(record: record)
            for file in FileIO.listDirectory(dir) where file.hasPrefix("part-") && file.hasSuffix(".meta") {
                guard let bytes = FileIO.readFile(dir + "/" + file),
                      let part = try? decoder.decode(PartRecord.self, from: Data(bytes))
                else { continue }
                upload.parts[part.partNumber] = part
            }
            for file in FileIO.listDirectory(dir) where file.hasPrefix("tmp-") { FileIO.remove(dir + "/" + file) }
            bucket.uploads[uploadId] = upload
        }
    }
}
