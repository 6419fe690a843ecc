import OSSClient

#if canImport(Glibc)
    import Glibc
#endif

/// Lists a source in a stable order, so a scan can resume after the last entry a checkpoint recorded.
///
/// Synchronous: it runs on the scan's own thread and may block (remote listers wait for their async client
/// there with ``BlockingBridge``, never on the cooperative pool).
protocol SourceLister {
    /// Calls `emit` for every entry after the one whose ``resumeToken(for:)`` is `resumeAfter`; `emit` returns
    /// `false` to stop early.
    func scan(resumeAfter: [UInt8]?, isCancelled: () -> Bool, emit: (ScanEntry) throws -> Bool) throws

    /// The token a checkpoint records for `entry` (default: its relative path).
    func resumeToken(for entry: ScanEntry) -> [UInt8]
}

extension SourceLister {
    public func resumeToken(for entry: ScanEntry) -> [UInt8] { entry.relativePath }
}

extension DirectoryScanner: SourceLister {
    public func scan(resumeAfter: [UInt8]?, isCancelled: () -> Bool, emit: (ScanEntry) throws -> Bool) throws {
        try scan(resumeAfter: resumeAfter, emit: emit)
    }
}

/// Picks the lister for a job's source.
enum SourceListers {
    /// `spillDirectory`: where a local scan keeps the temporary file of a huge directory (default: `TMPDIR`).
    static func make(_ settings: JobSettings, spillDirectory: String? = nil) throws -> any SourceLister {
        switch settings.source {
        case .local:
            // `OSSIMPORT_TEST_SCAN_RUN_LIMIT` lowers the names held per directory so end-to-end tests spill small
            // directories. Not for production use.
            let runLimit = getenv("OSSIMPORT_TEST_SCAN_RUN_LIMIT").flatMap { Int(String(cString: $0)) }
            return DirectoryScanner(
                root: settings.srcPrefix, allowSymbolicLinks: settings.allowSymbolicLinks, spillDirectory: spillDirectory,
                runLimit: runLimit.map { max(2, $0) } ?? DirectoryScanner.defaultRunLimit, parallelism: settings.scanParallelism)
        case .oss(let source):
            let client = try RemoteSourceClients.ossClient(source)
            return ObjectStoreLister(prefix: source.prefix) { startAfter in
                let page = try await OSSSourceReader.naming(source, client: client) {
                    try await client.listObjectsV2(bucket: source.bucket, prefix: source.prefix, startAfter: startAfter, continuationToken: nil)
                }
                return page.objects.map { ListedObject(key: $0.key, size: $0.size, lastModified: $0.lastModified) }
            }
        case .s3(let source):
            let client = try RemoteSourceClients.s3Client(source)
            return ObjectStoreLister(prefix: source.prefix) { startAfter in
                try await client.listObjectsV2(prefix: source.prefix, startAfter: startAfter).objects
                    .map { ListedObject(key: $0.key, size: $0.size, lastModified: $0.lastModified) }
            }
        case .http(let source):
            return HTTPListLister(source: source)
        }
    }
}
