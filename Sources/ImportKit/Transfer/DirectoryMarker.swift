import OSSClient
import OSSCore

extension FileUploader {
    /// An empty source directory: with `createEmptyDirMarker=true` a zero-byte object `<destPrefix><dir>/` is
    /// written, as the OSS console creates folders (status `.ok`); otherwise it is only listed (status `.skipped`).
    /// A marker that cannot be written is `.failed` with the OSS error. Throws only `CancellationError` and
    /// ``DestinationUnusable``.
    func emptyDirectory(_ entry: ScanEntry, index: Int) async throws -> FileOutcome {
        guard settings.createEmptyDirMarker else {
            return FileOutcome(
                index: index, status: .skipped, bytes: 0,
                detail: "empty directory: no object created (createEmptyDirMarker=false)")
        }
        let key: String
        switch settings.objectKey(for: entry, directoryMarker: true) {
        case .success(let name): key = name
        case .failure(let problem):
            return FileOutcome(index: index, status: .failed, bytes: 0, detail: "marker not created: invalid object key: \(problem)")
        }
        do {
            let result = try await client.putObject(
                bucket: settings.destBucket, key: key, body: .empty,
                options: OSSPutOptions(
                    contentType: "application/octet-stream", storageClass: settings.storageClass,
                    serverSideEncryption: settings.serverSideEncryption))
            return FileOutcome(
                index: index, status: .ok, bytes: 0,
                detail: "marker object \(key) created (createEmptyDirMarker=true, RequestId: \(result.requestId))")
        } catch let error as OSSClientError {
            try await DestinationProbe.stopIfUnusable(after: error, client: client, settings: settings)
            return FileOutcome(index: index, status: .failed, bytes: 0, detail: "marker object \(key) not created: \(error)")
        }
    }
}
