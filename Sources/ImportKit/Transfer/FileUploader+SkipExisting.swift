import OSSClient

extension FileUploader {
    /// Why an existing object makes the upload unnecessary (`isSkipExistFile=true`), or `nil` to upload.
    ///
    /// Skipped only when the object has the source's size and either `x-oss-meta-mtime` equals the source mtime to
    /// the nanosecond, or Last-Modified is in a later second than the source mtime (written after its last
    /// change). When only whole seconds are known and they are equal, the CRC-64 of the source (`sourceCRC`;
    /// nil, or a closure returning nil, when it cannot be known cheaply) must equal the object's `x-oss-hash-crc64ecma`; otherwise the file is uploaded.
    /// The reason names the rule and both values. Throws only `CancellationError`.
    func existingObjectReason(
        key: String, source: SourceFingerprint, sourceCRC: (@Sendable () async throws -> UInt64?)?
    ) async throws -> String? {
        let info: OSSObjectInfo?
        do {
            info = try await client.headObject(bucket: settings.destBucket, key: key)
        } catch is OSSClientError {
            return nil
        }
        guard let info, info.size == source.size else { return nil }
        let rule = "isSkipExistFile=true"
        switch MtimeMatch.compare(info, sourceNanos: source.mtimeNanos) {
        case .equal(let both):
            return "\(rule): object exists with the same size (\(info.size)) and mtime (\(both))"
        case .writtenAfter(let both):
            return "\(rule): object exists with the same size (\(info.size)) and was written after the source changed (\(both))"
        case .sameWholeSecond(let both):
            guard let remote = info.crc64, let sourceCRC else { return nil }
            let local: UInt64?
            do {
                local = try await sourceCRC()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return nil
            }
            guard let local, local == remote else { return nil }
            return "\(rule): object exists with the same size (\(info.size)), the mtime is equal in whole seconds only"
                + " (\(both)) and the CRC-64 is equal (source \(local), x-oss-hash-crc64ecma \(remote))"
        case .differs:
            return nil
        }
    }
}
