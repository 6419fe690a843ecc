import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `master/ossimport.stopped`: written by `ossimport stop` before it signals the service, removed by `start`.
///
/// It tells `import.sh` and `stat` that the service ended because a user asked (and when), not because it crashed.
/// Content: one line, `<epoch seconds> stop`.
enum StopMarker {
    /// A recorded stop request.
    public struct Record: Sendable, Equatable {
        /// When `stop` was run (seconds since 1970, UTC).
        public var time: Int
        /// The verb that wrote it (`stop`).
        public var verb: String
    }

    /// The marker's path in `workingDirectory`.
    public static func path(_ workingDirectory: WorkingDirectory) -> String {
        workingDirectory.stopMarker
    }

    /// Records a stop request atomically (`master/` is created when missing).
    /// Throws a ``SystemError`` naming the file when it cannot be written.
    public static func write(_ workingDirectory: WorkingDirectory, verb: String = "stop", now: Date = Date()) throws(SystemError) {
        try FileSystem.makeDirectories(workingDirectory.master)
        try AtomicFile.write("\(Int(now.timeIntervalSince1970)) \(verb)\n", to: path(workingDirectory))
    }

    /// Removes the marker; a missing marker is not an error.
    public static func remove(_ workingDirectory: WorkingDirectory) throws(SystemError) {
        let file = path(workingDirectory)
        if unlink(file) != 0 && errno != ENOENT {
            throw SystemError(errno: errno, operation: "unlink", path: file)
        }
    }

    /// The recorded stop request, or `nil` when there is none (or the line cannot be read).
    public static func read(_ workingDirectory: WorkingDirectory) -> Record? {
        guard let bytes = try? AtomicFile.read(path(workingDirectory)) else { return nil }
        let words = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let time = Int(words[0]) else { return nil }
        return Record(time: time, verb: String(words[1]))
    }
}
