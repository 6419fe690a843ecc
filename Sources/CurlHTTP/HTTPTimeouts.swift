/// Time limits for one request.
public struct HTTPTimeouts: Sendable, Equatable {
    /// Limit for establishing the TCP (and TLS) connection.
    public var connect: Duration
    /// A transfer slower than this many bytes per second for `lowSpeedTime` is aborted with `.timeout`.
    public var lowSpeedLimitBytesPerSecond: Int
    /// See `lowSpeedLimitBytesPerSecond`. Rounded up to whole seconds (libcurl's resolution). With the default limit
    /// of 1 byte/s this is an idle timeout: a server that accepts the connection and stays silent fails the request.
    public var lowSpeedTime: Duration
    /// Limit for the whole request, or nil for none (large uploads should rely on the low-speed limit instead).
    public var total: Duration?

    public init(
        connect: Duration = .seconds(10),
        lowSpeedLimitBytesPerSecond: Int = 1,
        lowSpeedTime: Duration = .seconds(30),
        total: Duration? = nil
    ) {
        self.connect = connect
        self.lowSpeedLimitBytesPerSecond = lowSpeedLimitBytesPerSecond
        self.lowSpeedTime = lowSpeedTime
        self.total = total
    }
}

extension Duration {
    /// Whole milliseconds, rounded up, at least 1 and clamped to what `long` holds.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        if seconds >= Int64(Int.max / 1000 - 1) { return Int.max / 1000 }
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(1, millis))
    }

    /// Whole seconds, rounded up, at least 1.
    var curlSeconds: Int {
        (curlMilliseconds + 999) / 1000
    }
}
