import Foundation
import NIOPosix

/// Everything a connection handler needs, shared by all connections.
struct ServerCore: Sendable {
    let service: OSSService
    let faults: FaultBook
    let stats: StatsRecorder
    let authenticator: RequestAuthenticator
    let threadPool: NIOThreadPool

    var store: ObjectStore { service.store }

    func statsSnapshot() -> OSSLocalStats {
        let (objects, uploads) = store.state.withLock { buckets in
            buckets.values.reduce((0, 0)) { ($0.0 + $1.index.count, $0.1 + $1.uploads.count) }
        }
        return stats.snapshot(objects: objects, openUploads: uploads)
    }
}
