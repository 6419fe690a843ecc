import OSSCore
import CRC64
import Foundation

extension ObjectStore {
    /// Smallest size of a part that is not the last one (OSS: 100 KiB).
    static let minimumPartSize: Int64 = 100 * 1024

    /// Starts an upload and returns its id (32 upper-case hex digits, as OSS).
    func initiateUpload(_ bucket: String, key: ObjectKey, attributes: ObjectAttributes) throws(OSSLocalError) -> String {
        let uploadId = RequestIDs.randomHex(count: 32)
        let record = UploadRecord(uploadId: uploadId, key: key.string, initiated: Self.now(), attributes: attributes)
        try withBucket(bucket) { _ in }
        if !discard {
            let dir = uploadPath(bucket, uploadId)
            try FileIO.makeDirectory(dir)
            guard let data = try? JSONEncoder().encode(record) else { throw .internalError("cannot encode upload") }
            try FileIO.writeFile(dir + "/upload.json", Array(data))
        }
        try withBucket(bucket) { b in b.uploads[uploadId] = UploadState(record: record) }
        return uploadId
    }

    /// The upload's record; throws NoSuchUpload (also when `key` differs from the upload's key).
    func upload(_ bucket: String, _ uploadId: String, key: ObjectKey) throws(OSSLocalError) -> UploadState {
        try withBucket(bucket) { (b) throws(OSSLocalError) -> UploadState in
            guard let upload = b.uploads[uploadId], upload.record.key == key.string else { throw .noSuchUpload(uploadId) }
            return upload
        }
    }

    func partPath(_ bucket: String, _ uploadId: String, _ number: Int) -> String {
        uploadPath(bucket, uploadId) + "/part-" + String(number)
    }

    /// Stores a received part (overwriting an earlier one with the same number).
    func commitPart(
        _ bucket: String, uploadId: String, key: ObjectKey, number: Int, dataFrom tempPath: String?,
        md5: [UInt8], crc64: UInt64, size: Int64
    ) throws(OSSLocalError) -> PartRecord {
        let part = PartRecord(partNumber: number, size: size, etag: Hex.encode(md5, uppercase: true), crc64: crc64, lastModified: Self.now())
        let path = partPath(bucket, uploadId, number)
        var metaTemp: String?
        if !discard {
            let temp = newTempPath(bucket) + ".meta"
            guard let data = try? JSONEncoder().encode(part) else { throw .internalError("cannot encode part") }
            try FileIO.writeFile(temp, Array(data))
            metaTemp = temp
        }
        do throws(OSSLocalError) {
            try withBucket(bucket) { (b) throws(OSSLocalError) in
                guard b.uploads[uploadId]?.record.key == key.string else { throw .noSuchUpload(uploadId) }
                if let tempPath, let metaTemp {
                    try FileIO.rename(tempPath, path)
                    try FileIO.rename(metaTemp, path + ".meta")
                }
                b.uploads[uploadId]?.parts[number] = part
            }
        } catch {
            if let metaTemp { FileIO.remove(metaTemp) }
            throw error
        }
        return part
    }

    /// Checks a CompleteMultipartUpload part list against the stored parts and returns them in order.
    func validateCompletion(
        _ bucket: String, uploadId: String, key: ObjectKey, requested: [(number: Int, etag: String)]
    ) throws(OSSLocalError) -> (UploadRecord, [PartRecord]) {
        let upload = try self.upload(bucket, uploadId, key: key)
        guard !requested.isEmpty else {
            throw OSSLocalError(status: 400, code: "MalformedXML", message: "The XML you provided was not well-formed or did not validate against our published schema.", ec: "0042-00000301")
        }
        var parts: [PartRecord] = []
        var previous = 0
        for (index, item) in requested.enumerated() {
            guard item.number > previous else {
                throw OSSLocalError(status: 400, code: "InvalidPartOrder",
                                    message: "The list of parts was not in ascending order. Parts list must specified in order by part number.",
                                    ec: "0042-00000209", extra: [("UploadId", uploadId)])
            }
            previous = item.number
            let etag = item.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).uppercased()
            guard let part = upload.parts[item.number], part.etag == etag else {
                throw OSSLocalError(status: 400, code: "InvalidPart",
                                    message: "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
                                    ec: "0042-00000208", extra: [("UploadId", uploadId), ("PartNumber", String(item.number)), ("ETag", item.etag)])
            }
            if index < requested.count - 1 && part.size < Self.minimumPartSize {
                throw OSSLocalError(status: 400, code: "EntityTooSmall",
                                    message: "Your proposed upload smaller than the minimum allowed object size.",
                                    ec: "0042-00000210", extra: [("MinSizeAllowed", String(Self.minimumPartSize)), ("ProposedSize", String(part.size)), ("PartNumber", String(part.partNumber))])
            }
            parts.append(part)
        }
        return (upload.record, parts)
    }

    /// Builds the object from validated parts (blocking: copies part data; run off the event loop).
    func completeUpload(
        _ bucket: String, uploadId: String, key: ObjectKey, record upload: UploadRecord, parts: [PartRecord]
    ) throws(OSSLocalError) -> ObjectRecord {
        var crc: UInt64 = 0
        var md5s: [UInt8] = []
        var size: Int64 = 0
        for part in parts {
            crc = CRC64.combine(crc, part.crc64, lengthB: UInt64(part.size))
            md5s += Hex.decode(part.etag) ?? []
            size += part.size
        }
        let etag = Hex.encode(Digest.md5(md5s), uppercase: true) + "-" + String(parts.count)
        var temp: String?
        if !discard {
            let path = newTempPath(bucket)
            temp = path
            let fd = try FileIO.createFile(path)
            defer { close(fd) }
            do throws(OSSLocalError) {
                for part in parts {
                    guard let source = FileIO.openForReading(partPath(bucket, uploadId, part.partNumber)) else {
                        throw OSSLocalError.internalError("part \(part.partNumber) data is missing")
                    }
                    defer { close(source) }
                    try FileIO.copyRange(from: source, offset: 0, length: part.size, to: fd) { _ in }
                }
            } catch {
                FileIO.remove(path)
                throw error
            }
        }
        let attributes = upload.attributes
        let record = ObjectRecord(
            key: key.string, size: size, etag: etag, crc64: crc, contentType: attributes.contentType, contentMD5: nil,
            meta: attributes.meta, httpHeaders: attributes.httpHeaders, storageClass: attributes.storageClass,
            serverSideEncryption: attributes.serverSideEncryption, serverSideEncryptionKeyId: attributes.serverSideEncryptionKeyId,
            lastModified: Self.now(), objectType: "Multipart")
        let stillOpen = (try? withBucket(bucket) { b in b.uploads[uploadId] != nil }) ?? false
        guard stillOpen else {
            if let temp { FileIO.remove(temp) }
            throw .noSuchUpload(uploadId)
        }
        do throws(OSSLocalError) {
            try commit(bucket, key, dataFrom: temp, record: record)
        } catch {
            if let temp { FileIO.remove(temp) }
            throw error
        }
        try? withBucket(bucket) { b in b.uploads[uploadId] = nil }
        if !discard { FileIO.removeTree(uploadPath(bucket, uploadId)) }
        return record
    }

    func abortUpload(_ bucket: String, uploadId: String, key: ObjectKey) throws(OSSLocalError) {
        try withBucket(bucket) { (b) throws(OSSLocalError) in
            guard b.uploads[uploadId]?.record.key == key.string else { throw .noSuchUpload(uploadId) }
            b.uploads[uploadId] = nil
        }
        if !discard { FileIO.removeTree(uploadPath(bucket, uploadId)) }
    }

    /// Current time in seconds since 1970, rounded to milliseconds (what listings show).
    static func now() -> Double {
        (Date().timeIntervalSince1970 * 1000).rounded() / 1000
    }
}
