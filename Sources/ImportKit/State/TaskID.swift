import OSSCore

/// ossimport's task id: 32 upper-case hex, `_`, epoch milliseconds, `@`, worker host
/// (e.g. `A41506C07BF1DF2A3EDB4CE31756B93F_1499744514501@localhost`).
///
/// The hex part is derived from the job name and the task's sequence number in the scan, so a task cut
/// again after a crash (before its checkpoint was saved) has the same hex and is recognised as a duplicate.
public struct TaskID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hex: String
    public var createdMillis: Int64
    public var host: String

    public init(hex: String, createdMillis: Int64, host: String) {
        self.hex = hex
        self.createdMillis = createdMillis
        self.host = host
    }

    public init(job: String, sequence: Int, createdMillis: Int64, host: String = "localhost") {
        let digest = Digest.md5(Array("\(job):\(sequence)".utf8))
        self.hex = Hex.encode(digest, uppercase: true)
        self.createdMillis = createdMillis
        self.host = host
    }

    /// Parses `HEX_MILLIS@HOST`.
    public init?(directoryName: String) {
        guard let underscore = directoryName.firstIndex(of: "_"), let at = directoryName.lastIndex(of: "@"),
            underscore < at
        else { return nil }
        let hex = String(directoryName[..<underscore])
        guard hex.count == 32, hex.allSatisfy({ $0.isHexDigit }),
            let millis = Int64(directoryName[directoryName.index(after: underscore)..<at])
        else { return nil }
        self.init(hex: hex, createdMillis: millis, host: String(directoryName[directoryName.index(after: at)...]))
    }

    public var directoryName: String { "\(hex)_\(createdMillis)@\(host)" }
    /// The form `stat` prints in its progress lines (without `@host`).
    public var progressName: String { "\(hex)_\(createdMillis)" }
    public var description: String { directoryName }

    public static func < (lhs: TaskID, rhs: TaskID) -> Bool {
        (lhs.createdMillis, lhs.hex) < (rhs.createdMillis, rhs.hex)
    }
}
