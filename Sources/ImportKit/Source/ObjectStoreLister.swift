import Foundation

/// One object as a listing page reports it.
struct ListedObject: Sendable {
    var key: String
    var size: Int64
    var lastModified: Date?
}

/// Lists an object store (OSS or S3) under a prefix, page by page with `start-after`, in key order.
///
/// Resuming after a checkpoint starts the listing after `prefix + resumeAfter`, so nothing is listed twice.
/// Pages are fetched on the scan thread through ``BlockingBridge``.
struct ObjectStoreLister: SourceLister {
    let prefix: String
    /// One page of objects whose keys sort after `startAfter` (all when `nil`); empty at the end.
    let page: @Sendable (_ startAfter: String?) async throws -> [ListedObject]

    func scan(resumeAfter: [UInt8]?, isCancelled: () -> Bool, emit: (ScanEntry) throws -> Bool) throws {
        let prefixBytes = Array(prefix.utf8)
        var startAfter: String? = resumeAfter.map { String(decoding: prefixBytes + $0, as: UTF8.self) }
        while !isCancelled() {
            let after = startAfter
            let objects = try BlockingBridge.wait { try await page(after) }
            if objects.isEmpty { return }
            for object in objects {
                let keyBytes = Array(object.key.utf8)
                guard keyBytes.starts(with: prefixBytes), keyBytes.count > prefixBytes.count else { continue }
                let relative = Array(keyBytes[prefixBytes.count...])
                let mtime = object.lastModified.map { Int64($0.timeIntervalSince1970 * 1_000_000_000) } ?? 0
                if try !emit(ScanEntry(kind: .file, size: object.size, mtimeNanos: mtime, relativePath: relative)) { return }
            }
            guard let last = objects.last?.key else { return }
            startAfter = last
        }
    }
}
