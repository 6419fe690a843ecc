import CRC64
import Foundation
import OSSClient
import OSSCore
import Synchronization
import TestSupport
import Testing

@testable import ImportKit

/// The engine against ``InMemoryObjectStore``: no server, no curl, no real retry waits (every ``RetryPolicy`` sleep
/// is recorded and returns at once), so a decision test runs in milliseconds.
struct MemoryHarness {
    static let bucket = "bucket"

    let store = InMemoryObjectStore(buckets: [MemoryHarness.bucket])
    let source = TemporaryDirectory("src")
    let work = TemporaryDirectory("work")
    /// Every retry wait asked for, in order.
    let sleeps = SleepLog()

    /// The fault harness's settings: 512 KiB multipart threshold, 256 KiB parts, 5 files a task.
    func settings(_ adjust: (inout JobSettings) -> Void = { _ in }) -> JobSettings {
        var settings = JobSettings(jobName: "memory_job", srcPrefix: source.path + "/", destBucket: Self.bucket, destPrefix: "")
        TestBed.smallTasksAndParts(&settings)
        adjust(&settings)
        return settings
    }

    /// Runs the job to its end against the store.
    func run(_ settings: JobSettings) async throws -> (JobState, JobLayout) {
        let layout = WorkingDirectory(work.path).job(settings.jobName)
        try layout.createDirectories()
        let runner = JobRunner(layout: layout, settings: settings, client: store, log: EventLog())
        let sleeps = self.sleeps
        let state = try await RetryPolicy.$sleepOverride.withValue(
            { duration in sleeps.append(duration) }, operation: { try await runner.run() })
        return (state, layout)
    }

    func write(_ files: [String: [UInt8]]) throws {
        for (path, bytes) in files { try source.file(path, bytes) }
    }

    /// Every file of `files` is in the store with exactly these bytes and their CRC-64.
    func expectUploaded(_ files: [String: [UInt8]], sourceLocation: SourceLocation = #_sourceLocation) async {
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let object = await store.object(bucket: Self.bucket, key: path)
            #expect(object?.bytes == bytes, "\(path)", sourceLocation: sourceLocation)
            #expect(object?.info.crc64 == CRC64.checksum(bytes), "\(path)", sourceLocation: sourceLocation)
        }
    }

    /// Writes that reached the store (PutObject, InitiateMultipartUpload, UploadPart).
    func writes() async -> Int {
        let store = self.store
        var total = 0
        for operation in ["PutObject", "InitiateMultipartUpload", "UploadPart"] { total += await store.requests(operation) }
        return total
    }

    static func serviceError(_ status: Int, _ code: String) -> OSSClientError {
        .service(OSSServiceError(statusCode: status, code: code, message: "injected", requestId: "FAULT"))
    }
}

/// The retry waits a run asked for (none of them is waited).
final class SleepLog: Sendable {
    private let values = Mutex<[Duration]>([])

    func append(_ duration: Duration) { values.withLock { $0.append(duration) } }

    var all: [Duration] { values.withLock { $0 } }
}

/// A fault that fires on the `nth...nth+times-1` matching requests (`times == 0`: for ever; an empty
/// `operation`: every operation).
final class MemoryFault: Sendable {
    private let seen = Atomic<Int>(0)
    let operation: String
    let keyContains: String
    let nth: Int
    let times: Int
    let error: OSSClientError

    init(_ operation: String, keyContains: String = "", nth: Int = 1, times: Int = 1, error: OSSClientError) {
        self.operation = operation
        self.keyContains = keyContains
        self.nth = nth
        self.times = times
        self.error = error
    }

    var hook: @Sendable (InMemoryObjectStore.Request) throws -> Void {
        { [self] request in
            guard operation.isEmpty || request.operation == operation,
                keyContains.isEmpty || (request.key ?? "").contains(keyContains)
            else { return }
            let count = seen.add(1, ordering: .relaxed).newValue
            if count >= nth && (times == 0 || count < nth + times) { throw error }
        }
    }
}
