import Foundation
import OSSCore

/// JSON state files sealed with a CRC-64 line (see ``Sealed``) and written atomically.
enum SealedJSON {
    static func write<T: Encodable>(_ value: T, to path: String, durable: Bool = true) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var body = Array(try encoder.encode(value))
        body.append(UInt8(ascii: "\n"))
        try AtomicFile.write(Sealed.seal(body), to: path, durable: durable)
    }

    /// `nil` when the file does not exist; throws ``StateFileError`` when it is torn or corrupt.
    static func read<T: Decodable>(_ type: T.Type, from path: String, what: String) throws -> T? {
        guard let bytes = try AtomicFile.read(path) else { return nil }
        let body = try Sealed.open(bytes, what: what)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw StateFileError.corrupt(what, "unreadable JSON")
        }
    }
}

/// Where the scan of a job stands: written after every task is cut, so a restart continues from there.
public struct ScanCheckpoint: Codable, Sendable, Equatable {
    public var version = 1
    /// Sequence number of the next task to cut.
    public var nextSequence = 0
    /// Escaped relative path of the last file placed in a written task; `nil` before the first task.
    public var lastPath: String?
    public var foundFiles: Int64 = 0
    public var foundBytes: Int64 = 0
    public var finished = false
    public var startedAt: Double = 0
    public var finishedAt: Double?
    // Incremental mode (`isIncremental`); all `nil` in checkpoints of one-pass jobs and of older versions.
    /// The pass this scan belongs to; `nil` = 1 (the first full pass).
    public var pass: Int?
    /// Set once an incremental job finished its first pass: `stat` then keeps `ScanFinished:false`.
    public var incremental: Bool?
    /// Start of the previous pass's scan: this pass only takes files modified after it (minus a small margin).
    public var previousPassStartedAt: Double?
    /// Totals of the finished tasks when this pass started, to tell what the pass itself did.
    public var passBaseline: PassCounts?
    /// `foundFiles` when this pass started (found files are counted over all passes).
    public var foundAtPassStart: Int64?
    /// What the last finished pass did.
    public var lastPass: PassSummary?

    public init() {}

    /// The pass number (1 for checkpoints without one).
    public var passNumber: Int { pass ?? 1 }

    /// `checkpoints/0/<MD5(job) hex>.cpt`, as ossimport names its checkpoint files.
    public static func path(for layout: JobLayout) -> String {
        let hex = Hex.encode(Digest.md5(Array(layout.name.utf8)), uppercase: true)
        return layout.checkpoints + "/" + hex + ".cpt"
    }
}

/// Identity of a multipart upload in progress, written right after InitiateMultipartUpload so a crash resumes
/// the same upload (ListParts says which parts OSS has). Discarded when the source no longer matches.
struct UploadCheckpoint: Codable, Sendable, Equatable {
    public var version = 1
    public var bucket: String
    public var key: String
    public var uploadId: String
    public var partSize: Int64
    public var size: Int64
    public var mtimeNanos: Int64
    public var inode: UInt64
    /// Remote sources: the ETag of the source version the parts were read from.
    public var sourceETag: String? = nil

    public init(bucket: String, key: String, uploadId: String, partSize: Int64, size: Int64, mtimeNanos: Int64, inode: UInt64) {
        self.bucket = bucket
        self.key = key
        self.uploadId = uploadId
        self.partSize = partSize
        self.size = size
        self.mtimeNanos = mtimeNanos
        self.inode = inode
    }
}
