import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension TaskRunner {
    /// A retried entry that failed because its directory could not be listed, and can be listed now: the directory
    /// is walked and what it holds is cut into new pending tasks, as the scan would have cut it. Task ids derive
    /// from the entry (a crash mid-way cuts the same tasks again, never twice), the job's found counts grow by the
    /// new entries (``FoundAdjustments``), and the entry itself ends `EXPANDED`: it is not a file.
    /// Returns `nil` for any other entry (local sources only).
    func expand(_ entry: ScanEntry, index: Int, of task: StoredTask, manifest: TaskManifest) async throws -> FileOutcome? {
        let settings = uploader.settings
        guard case .local = settings.source, entry.kind == .unreadable else { return nil }
        let isRoot = entry.relativePath == Array(".".utf8)
        let relative = String(decoding: entry.relativePath, as: UTF8.self)
        let directory = isRoot ? settings.srcPrefix : settings.srcPrefix + relative
        let prefix: [UInt8] = isRoot ? [] : entry.relativePath + [UInt8(ascii: "/")]
        let store = self.store
        let key = "\(task.id.hex)/\(index)"
        let cut = try await BlockingIO.runOnOwnThread(name: "ossimport-rescan") { () throws -> (files: Int64, bytes: Int64, tasks: Int)? in
            var info = stat()
            guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, let handle = opendir(directory) else { return nil }
            closedir(handle)
            let existing = Set(try store.allTasks().map(\.id.hex))
            let millis = Int64(Date().timeIntervalSince1970 * 1000)
            var current: [ScanEntry] = []
            var currentBytes: Int64 = 0
            var files: Int64 = 0
            var bytes: Int64 = 0
            var tasks = 0
            func flush() throws {
                guard !current.isEmpty else { return }
                let cutManifest = TaskManifest(job: settings.jobName, sequence: manifest.sequence, entries: current)
                let id = TaskID(job: "\(settings.jobName)#rescan:\(key)", sequence: tasks, createdMillis: millis, host: settings.host)
                if !existing.contains(id.hex) { try store.writePending(id: id, manifest: cutManifest) }
                files += Int64(cutManifest.fileCount)
                bytes += cutManifest.totalBytes
                tasks += 1
                current.removeAll(keepingCapacity: true)
                currentBytes = 0
            }
            let scanner = DirectoryScanner(
                root: directory, allowSymbolicLinks: settings.allowSymbolicLinks, parallelism: settings.scanParallelism)
            try scanner.scan(resumeAfter: nil) { found in
                var moved = found
                moved.relativePath = prefix + found.relativePath
                current.append(moved)
                currentBytes += moved.countedSize
                if current.count >= settings.taskObjectCountLimit || currentBytes >= settings.taskObjectSizeLimit { try flush() }
                return true
            }
            try flush()
            // The entry itself was found as one file; it is replaced by what the directory holds.
            try FoundAdjustments.record(key: key, files: files - 1, bytes: bytes, store.layout)
            return (files, bytes, tasks)
        }
        guard let cut else { return nil }
        await tracker.addFound(files: cut.files - 1, bytes: cut.bytes)
        log.service.info(
            "task {task}: {file.path} can be listed now: {task.entries} entries cut into {task.newTasks} new tasks",
            metadata: [
                "task": "\(task.id)", "file.path": "\(relative)", "task.entries": "\(cut.files)", "task.newTasks": "\(cut.tasks)",
            ])
        return FileOutcome(
            index: index, status: .expanded, bytes: 0,
            detail: "directory can be listed now: \(cut.files) entries (\(cut.bytes) bytes) cut into \(cut.tasks) new tasks")
    }
}

/// `master/jobs/<job>/found_extra.json`: entries added to the job after its scan (directories listed again on
/// `retry` or in a later incremental pass), by the entry that was expanded, so that writing it again after a crash
/// does not count twice. `found` = scan checkpoint + these.
public enum FoundAdjustments {
    struct Record: Codable {
        var entries: [String: [Int64]] = [:]
    }

    /// Serialises the read-modify-write of the file within this process (the service is the only writer).
    private static let lock = Mutex(())

    static func path(_ layout: JobLayout) -> String { layout.root + "/found_extra.json" }

    static func record(key: String, files: Int64, bytes: Int64, _ layout: JobLayout) throws {
        try lock.withLock { _ in
            var record = (try? SealedJSON.read(Record.self, from: path(layout), what: "found adjustments")) ?? nil ?? Record()
            record.entries[key] = [files, bytes]
            try SealedJSON.write(record, to: path(layout))
        }
    }

    /// (files, bytes) to add to the scan checkpoint's found counts.
    public static func total(_ layout: JobLayout) -> (files: Int64, bytes: Int64) {
        let entries = ((try? SealedJSON.read(Record.self, from: path(layout), what: "found adjustments")) ?? nil)?.entries ?? [:]
        var total: (files: Int64, bytes: Int64) = (0, 0)
        for value in entries.values where value.count == 2 {
            total.files += value[0]
            total.bytes += value[1]
        }
        return total
    }
}
