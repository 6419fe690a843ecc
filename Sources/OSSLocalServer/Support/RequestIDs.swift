import OSSCore

/// Request and upload ids.
enum RequestIDs {
    private static let counter = Locked<UInt64>(UInt64.random(in: 0...UInt64(UInt32.max)))
    private static let prefix = Hex.encode((0..<4).map { _ in UInt8.random(in: 0...255) }, uppercase: true)

    /// 24 upper-case hex digits: a per-process random prefix and a counter.
    static func next() -> String {
        let n = counter.withLock { value -> UInt64 in value &+= 1; return value }
        let digits = Hex.encode(withUnsafeBytes(of: n.bigEndian) { Array($0) }, uppercase: true)
        return prefix + digits
    }

    static func randomHex(count: Int) -> String {
        Hex.encode((0..<(count / 2)).map { _ in UInt8.random(in: 0...255) }, uppercase: true)
    }
}
