import Synchronization

/// Bytes OSS has acknowledged, counted as each PUT body or part is acknowledged (not when its file completes), and
/// the acknowledged bytes of files still in flight. Called from transfer code on any thread; read by ``Tracker``.
public final class TransferMeter: Sendable {
    struct State {
        /// Acknowledged by OSS in this service run (PUT bodies, parts, copies): the base of the speed.
        var acknowledged: Int64 = 0
        /// Per file in flight: acknowledged bytes, including parts found on OSS when a multipart upload resumed.
        var inFlight: [FileRef: Int64] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// A file being transferred: its task and index in the task.
    public struct FileRef: Hashable, Sendable {
        public var task: String
        public var index: Int
    }

    func started(_ file: FileRef) {
        state.withLock { $0.inFlight[file] = 0 }
    }

    /// OSS acknowledged `bytes` of `file`. `resumed`: bytes uploaded by an earlier run (found by ListParts), which
    /// count for the file's progress but not for this run's speed.
    func acknowledged(_ file: FileRef, bytes: Int64, resumed: Bool = false) {
        state.withLock {
            if !resumed { $0.acknowledged += bytes }
            $0.inFlight[file, default: 0] += bytes
        }
    }

    /// The file has an outcome: its bytes now count through the outcome.
    func finished(_ file: FileRef) {
        _ = state.withLock { $0.inFlight.removeValue(forKey: file) }
    }

    /// (acknowledged in this run, acknowledged bytes of files in flight, files in flight).
    var snapshot: (acknowledged: Int64, inFlightBytes: Int64, inFlightFiles: Int) {
        state.withLock { ($0.acknowledged, $0.inFlight.values.reduce(0, +), $0.inFlight.count) }
    }
}

/// What a transfer reports progress to: the meter and the file it is moving (no-op without a meter).
struct FileProgress: Sendable {
    var meter: TransferMeter?
    var file: TransferMeter.FileRef

    static let none = FileProgress(meter: nil, file: .init(task: "", index: 0))

    func acknowledged(_ bytes: Int64, resumed: Bool = false) {
        meter?.acknowledged(file, bytes: bytes, resumed: resumed)
    }
}
