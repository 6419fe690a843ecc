import Foundation
import OSSClient
import TestSupport
import Testing

/// The implementations of ``ObjectDestination`` the conformance suite runs against.
enum DestinationKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// ``OSSClient`` over libcurl against oss-local (a ``TestBed``).
    case ossLocal = "OSSClient over oss-local"
    /// ``InMemoryObjectStore``.
    case memory = "InMemoryObjectStore"

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh destination of this kind whose bucket ``TestBed/bucket`` exists, and always
    /// shuts it down (also when `body` throws).
    func with(_ body: (any ObjectDestination) async throws -> Void) async throws {
        switch self {
        case .memory:
            try await body(InMemoryObjectStore(buckets: [TestBed.bucket]))
        case .ossLocal:
            try await withTestBed { bed in try await body(bed.client) }
        }
    }
}

/// The `OSSClientError` a call threw, or `nil` when it succeeded or threw something else.
func clientError(_ body: () async throws -> Void) async -> OSSClientError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? OSSClientError
    }
}

extension ObjectDestination {
    /// The whole object's bytes (or the inclusive `range`), streamed.
    func bytes(_ key: String, range: ClosedRange<Int64>? = nil) async throws -> [UInt8] {
        let collected = Locked<[UInt8]>([])
        _ = try await getObject(bucket: TestBed.bucket, key: key, range: range) { chunk in
            collected.withLock { $0 += chunk }
        }
        return collected.withLock { $0 }
    }
}
