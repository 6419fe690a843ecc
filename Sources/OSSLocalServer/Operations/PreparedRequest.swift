import Foundation
import NIOCore
import NIOHTTP1

/// What the connection handler does with a routed request: how to treat the body and how to
/// produce the response once the body is complete.
struct PreparedRequest {
    enum BodyMode {
        /// The operation takes no body; any bytes are read and dropped.
        case ignore
        /// Collect up to `limit` bytes (XML request bodies); more is an error.
        case collect(limit: Int)
        /// Stream into an object writer (PutObject, UploadPart).
        case stream(ObjectWriter)
    }

    enum Finish {
        /// Runs on the event loop (cheap work: index updates, renames, small files).
        case onLoop((ByteBuffer?) throws(OSSLocalError) -> OSSResponse)
        /// Runs on a thread pool (copies object data).
        case offload(@Sendable (ByteBuffer?) throws(OSSLocalError) -> OSSResponse)
    }

    var operation: String
    var body: BodyMode
    var finish: Finish

    init(_ operation: String, body: BodyMode = .ignore, finish: Finish) {
        self.operation = operation
        self.body = body
        self.finish = finish
    }

    /// A request answered from the head alone.
    static func immediate(_ operation: String, _ work: @escaping () throws(OSSLocalError) -> OSSResponse) -> PreparedRequest {
        PreparedRequest(operation, finish: .onLoop { (_) throws(OSSLocalError) -> OSSResponse in try work() })
    }
}
