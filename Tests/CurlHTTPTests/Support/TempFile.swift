import Foundation

/// A file of `TestPattern` bytes in the temporary directory, written in 1 MiB chunks (never whole in memory).
struct TempFile: Sendable {
    let path: String

    static func pattern(size: Int) throws -> TempFile {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("curlhttp-\(UUID().uuidString).bin").path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let chunk = 1 << 20
        var written = 0
        while written < size {
            let count = min(chunk, size - written)
            try handle.write(contentsOf: TestPattern.bytes(count: count, startingAt: written))
            written += count
        }
        return TempFile(path: path)
    }

    func truncate(to size: Int) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(size))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
