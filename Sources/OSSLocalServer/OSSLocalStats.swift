/// Counters of an oss-local server (also served as JSON by `GET /_admin/stats`).
public struct OSSLocalStats: Sendable, Codable, Equatable {
    /// OSS requests handled (admin requests excluded).
    public var requests: Int
    /// Requests per operation name (`PutObject`, `UploadPart`, `ListObjectsV2`, ...).
    public var requestsByOperation: [String: Int]
    /// Request body bytes received by OSS requests (counted as they arrive).
    public var bodyBytesReceived: Int64
    /// Objects currently stored, over all buckets.
    public var objects: Int
    /// Multipart uploads initiated and neither completed nor aborted.
    public var openMultipartUploads: Int
    /// TCP connections accepted (admin connections included): with keep-alive, far fewer than `requests`.
    public var connectionsAccepted: Int

    public init(
        requests: Int = 0, requestsByOperation: [String: Int] = [:], bodyBytesReceived: Int64 = 0, objects: Int = 0,
        openMultipartUploads: Int = 0, connectionsAccepted: Int = 0
    ) {
        self.requests = requests
        self.requestsByOperation = requestsByOperation
        self.bodyBytesReceived = bodyBytesReceived
        self.objects = objects
        self.openMultipartUploads = openMultipartUploads
        self.connectionsAccepted = connectionsAccepted
    }
}

/// Request counters, shared by all connections.
final class StatsRecorder: Sendable {
    private struct Counters {
        var requests = 0
        var byOperation: [String: Int] = [:]
        var bodyBytes: Int64 = 0
        var connections = 0
    }

    private let counters = Locked(Counters())

    func count(_ operation: String) {
        counters.withLock { c in
            c.requests += 1
            c.byOperation[operation, default: 0] += 1
        }
    }

    func addBodyBytes(_ n: Int) { counters.withLock { $0.bodyBytes += Int64(n) } }

    func connectionAccepted() { counters.withLock { $0.connections += 1 } }

    func reset() { counters.withLock { $0 = Counters() } }

    func snapshot(objects: Int, openUploads: Int) -> OSSLocalStats {
        counters.withLock { c in
            OSSLocalStats(requests: c.requests, requestsByOperation: c.byOperation, bodyBytesReceived: c.bodyBytes,
                          objects: objects, openMultipartUploads: openUploads, connectionsAccepted: c.connections)
        }
    }
}
