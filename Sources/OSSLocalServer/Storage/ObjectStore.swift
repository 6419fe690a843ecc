import OSSCore
import Foundation

/// Buckets, objects and multipart uploads on disk under `root` (or only in memory with `discard`).
///
/// Layout: `<root>/<bucket>/bucket.json`, `<bucket>/objects/<sha256(key) hex>` (data) plus
/// `<sha>.meta` (JSON ``ObjectRecord``), `<bucket>/uploads/<uploadId>/upload.json`, `part-<N>`,
/// `part-<N>.meta`, and `<bucket>/tmp/` for bodies being received. The in-memory index is the
/// source of truth while running; it is rebuilt from the sidecars at start.
///
/// Methods do blocking file I/O (small metadata files, renames); large copies are run by the
/// caller on a thread pool.
final class ObjectStore: Sendable {
    let root: String
    let discard: Bool
    /// Whether bodies are hashed with MD5 (ETag); off only for benchmarks (`--no-md5`).
    let hashMD5: Bool
    let state: Locked<[String: BucketState]>
    private let tempCounter = Locked<UInt64>(0)
    private let tempPrefix: String

    init(root: String, discard: Bool, hashMD5: Bool = true) throws(OSSLocalError) {
        self.hashMD5 = hashMD5
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.discard = discard
        self.tempPrefix = "t\(getpid())-\(UInt32.random(in: 0...UInt32.max))-"
        try FileIO.makeDirectory(self.root)
        state = Locked(ObjectStore.load(root: self.root, discard: discard))
    }

    // MARK: paths

    func bucketPath(_ bucket: String) -> String { root + "/" + bucket }
    func objectsPath(_ bucket: String) -> String { bucketPath(bucket) + "/objects" }
    func uploadPath(_ bucket: String, _ uploadId: String) -> String { bucketPath(bucket) + "/uploads/" + uploadId }

    /// Data file of `key` (its `.meta` sidecar is this path + ".meta").
    func dataPath(_ bucket: String, _ key: ObjectKey) -> String {
        objectsPath(bucket) + "/" + Digest.hex(Digest.sha256(key.bytes))
    }

    func newTempPath(_ bucket: String) -> String {
        let n = tempCounter.withLock { counter -> UInt64 in counter += 1; return counter }
        return bucketPath(bucket) + "/tmp/" + tempPrefix + String(n)
    }

    /// Copies `length` bytes from `offset` of an open object file into a new temp file of `bucket` (each chunk is
    /// also given to `onChunk`). `nil` when there is no data file (`--discard`). The temp file is removed on error.
    func copyToTemp(
        _ bucket: String, from fd: Int32?, offset: Int64, length: Int64,
        onChunk: (UnsafeRawBufferPointer) -> Void = { _ in }
    ) throws(OSSLocalError) -> String? {
        guard let fd else { return nil }
        defer { close(fd) }
        let path = newTempPath(bucket)
        let out = try FileIO.createFile(path)
        defer { close(out) }
        do throws(OSSLocalError) {
            try FileIO.copyRange(from: fd, offset: offset, length: length, to: out, observe: onChunk)
        } catch {
            FileIO.remove(path)
            throw error
        }
        return path
    }

    // MARK: buckets

    /// Runs `body` on the bucket's state under the store lock; throws NoSuchBucket if missing.
    func withBucket<T: Sendable>(_ name: String, _ body: (inout BucketState) throws(OSSLocalError) -> T) throws(OSSLocalError) -> T {
        try state.withLock { (buckets) throws(OSSLocalError) -> T in
            guard var bucket = buckets[name] else { throw .noSuchBucket(name) }
            buckets[name] = nil  // keep the state uniquely referenced while mutating
            defer { buckets[name] = bucket }
            return try body(&bucket)
        }
    }

    /// Creates a bucket; returns false if it already existed.
    func createBucket(_ name: String) throws(OSSLocalError) -> Bool {
        if state.withLock({ $0[name] != nil }) { return false }
        let created = (Date().timeIntervalSince1970 * 1000).rounded() / 1000
        for dir in ["objects", "uploads", "tmp"] { try FileIO.makeDirectory(bucketPath(name) + "/" + dir) }
        let info = BucketInfo(name: name, created: created)
        if let data = try? JSONEncoder().encode(info) {
            try FileIO.writeFile(bucketPath(name) + "/bucket.json", Array(data))
        }
        return state.withLock { buckets in
            if buckets[name] != nil { return false }
            buckets[name] = BucketState(name: name, created: created)
            return true
        }
    }

    func deleteBucket(_ name: String) throws(OSSLocalError) {
        try state.withLock { (buckets) throws(OSSLocalError) in
            guard let bucket = buckets[name] else { throw .noSuchBucket(name) }
            guard bucket.index.count == 0 && bucket.uploads.isEmpty else {
                throw OSSLocalError(status: 409, code: "BucketNotEmpty",
                                    message: "The bucket you tried to delete is not empty.", ec: "0015-00000301",
                                    extra: [("BucketName", name)])
            }
            buckets[name] = nil
        }
        FileIO.removeTree(bucketPath(name))
    }

    func bucketList() -> [(name: String, created: Double)] {
        state.withLock { buckets in buckets.values.map { ($0.name, $0.created) } }.sorted { $0.name < $1.name }
    }

    // MARK: objects

    func record(_ bucket: String, _ key: ObjectKey) throws(OSSLocalError) -> ObjectRecord {
        try withBucket(bucket) { (b) throws(OSSLocalError) -> ObjectRecord in
            guard let record = b.index[key] else { throw .noSuchKey(key.string) }
            return record
        }
    }

    /// A writer for a new object body in `bucket` (checks the bucket exists).
    /// `needsMD5`: the request carries `Content-MD5`, so the MD5 is computed even with ``hashMD5`` off.
    func newWriter(_ bucket: String, needsMD5: Bool = false) throws(OSSLocalError) -> ObjectWriter {
        try withBucket(bucket) { _ in }
        return try ObjectWriter(tempPath: discard ? nil : newTempPath(bucket), hashMD5: hashMD5 || needsMD5)
    }

    /// Moves a received body into place and indexes it. With `forbidOverwrite`, fails with
    /// 409 FileAlreadyExists if the key exists (checked atomically with the insert).
    func commit(
        _ bucket: String, _ key: ObjectKey, dataFrom tempPath: String?, record: ObjectRecord, forbidOverwrite: Bool = false
    ) throws(OSSLocalError) {
        let metaTemp: String?
        if !discard {
            let path = newTempPath(bucket) + ".meta"
            guard let data = try? JSONEncoder().encode(record) else { throw .internalError("cannot encode metadata") }
            try FileIO.writeFile(path, Array(data))
            metaTemp = path
        } else {
            metaTemp = nil
        }
        let dataPath = self.dataPath(bucket, key)
        do throws(OSSLocalError) {
            try withBucket(bucket) { (b) throws(OSSLocalError) in
                if forbidOverwrite && b.index[key] != nil {
                    throw OSSLocalError(status: 409, code: "FileAlreadyExists", message: "The object you specified already exists and can not be overwritten.",
                                        ec: "0026-00000006", extra: [("Key", key.string)])
                }
                if let tempPath, let metaTemp {
                    try FileIO.rename(tempPath, dataPath)
                    try FileIO.rename(metaTemp, dataPath + ".meta")
                }
                b.index.put(key, record)
            }
        } catch {
            if let metaTemp { FileIO.remove(metaTemp) }
            throw error
        }
    }

    /// Deletes an object; missing keys are not an error (OSS answers 204 either way).
    func deleteObject(_ bucket: String, _ key: ObjectKey) throws(OSSLocalError) {
        let dataPath = self.dataPath(bucket, key)
        let discard = self.discard
        try withBucket(bucket) { b in
            if b.index.remove(key) != nil && !discard {
                FileIO.remove(dataPath + ".meta")
                FileIO.remove(dataPath)
            }
        }
    }

    /// The record and an open descriptor for the data (nil in discard mode). Caller closes it.
    func open(_ bucket: String, _ key: ObjectKey) throws(OSSLocalError) -> (ObjectRecord, Int32?) {
        let dataPath = self.dataPath(bucket, key)
        let discard = self.discard
        return try withBucket(bucket) { (b) throws(OSSLocalError) -> (ObjectRecord, Int32?) in
            guard let record = b.index[key] else { throw .noSuchKey(key.string) }
            if discard { return (record, nil) }
            guard let fd = FileIO.openForReading(dataPath) else { throw .internalError("object data missing for \(key.string)") }
            return (record, fd)
        }
    }
}

/// `bucket.json`.
struct BucketInfo: Codable {
    var name: String
    var created: Double
}
