/// Throughput over the whole life of a job at a bounded size, for the end-of-job report's chart: one sample per
/// status snapshot (about a second) until ``capacity`` samples are kept, then neighbours are merged pairwise, so
/// the history always spans the whole job with at most ``capacity`` points (resolution halves each time it fills).
///
/// Persisted in `status.json` (about 40 bytes per sample), so `ossimport report` works after the service ended.
public struct ThroughputHistory: Codable, Sendable, Equatable {
    /// One interval: it ended at `end` (Unix seconds), lasted `seconds`, and OSS acknowledged `bytes` in it.
    public struct Sample: Codable, Sendable, Equatable {
        public var end: Double
        public var seconds: Double
        public var bytes: Int64

        /// Bytes per second over the interval.
        public var bytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds : 0 }

        /// ``bytesPerSecond``, no higher than `cap`.
        public func bytesPerSecond(cap: Double?) -> Double { cap.map { min($0, bytesPerSecond) } ?? bytesPerSecond }
    }

    /// At most this many samples are kept.
    public static let capacity = 240

    public private(set) var samples: [Sample] = []
    /// The highest speed of any one interval before merging (bytes per second, capped by the throttle).
    public private(set) var peakBytesPerSecond: Double = 0
    /// The throttle (`workerMaxThroughput(KB/s)` in bytes per second) when one was set: acknowledgements come in
    /// bursts (a part at a time), so an interval's speed is shown no higher than it.
    public private(set) var cap: Double? = nil

    public init() {}

    /// Records `bytes` acknowledged in the `seconds` that ended at `end`. `cap` (bytes per second, the throttle)
    /// bounds the peak: a burst acknowledged at once is not a speed the link had.
    public mutating func record(end: Double, seconds: Double, bytes: Int64, cap: Double? = nil) {
        guard seconds > 0, bytes >= 0 else { return }
        var speed = Double(bytes) / seconds
        self.cap = cap
        if let cap { speed = min(speed, cap) }
        // Intervals under half a second (a final snapshot right after the last one) say nothing about a peak.
        if seconds >= 0.5 { peakBytesPerSecond = max(peakBytesPerSecond, speed) }
        samples.append(Sample(end: end, seconds: seconds, bytes: bytes))
        if samples.count > Self.capacity { compact() }
    }

    /// Merges neighbours pairwise (an odd last sample stays as it is).
    private mutating func compact() {
        var merged: [Sample] = []
        merged.reserveCapacity(samples.count / 2 + 1)
        var index = 0
        while index + 1 < samples.count {
            let a = samples[index], b = samples[index + 1]
            merged.append(Sample(end: b.end, seconds: a.seconds + b.seconds, bytes: a.bytes + b.bytes))
            index += 2
        }
        if index < samples.count { merged.append(samples[index]) }
        samples = merged
    }

    /// Bytes acknowledged over all samples.
    public var totalBytes: Int64 { samples.reduce(0) { $0 + $1.bytes } }
}
