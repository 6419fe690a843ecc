import Foundation
import TestSupport
import Testing

@testable import ImportKit

@Suite struct MasterTests {
    func settings(_ source: TemporaryDirectory, count: Int = 3, size: Int64 = 1 << 30) -> JobSettings {
        var settings = JobSettings(jobName: "cut_job", srcPrefix: source.path + "/", destBucket: "b", destPrefix: "")
        settings.taskObjectCountLimit = count
        settings.taskObjectSizeLimit = size
        return settings
    }

    func scan(_ settings: JobSettings, work: TemporaryDirectory) throws -> (ScanCheckpoint, [TaskManifest]) {
        let layout = WorkingDirectory(work.path).job(settings.jobName)
        try layout.createDirectories()
        var ids: [TaskID] = []
        let checkpoint = try Master.scan(layout: layout, settings: settings, isCancelled: { false }) { id, _ in
            ids.append(id)
        }
        let cut = try ids.map { try StoredTask(id: $0, state: .pending, directory: layout.pending + "/" + $0.directoryName).manifest() }
        return (checkpoint, cut)
    }

    func allPending(_ settings: JobSettings, work: TemporaryDirectory) throws -> [TaskManifest] {
        let layout = WorkingDirectory(work.path).job(settings.jobName)
        return try TaskStore(layout: layout, host: "localhost").tasks(in: .pending).map { try $0.manifest() }
            .sorted { $0.sequence < $1.sequence }
    }

    @Test func cutsByCountAndBySize() throws {
        let source = TemporaryDirectory("cut-src")
        for i in 0..<8 { try source.file("f\(i)", [UInt8](repeating: 1, count: 10)) }
        let work = TemporaryDirectory("cut-work")
        let (checkpoint, cut) = try scan(settings(source, count: 3), work: work)
        #expect(cut.map(\.fileCount) == [3, 3, 2])
        #expect(checkpoint.finished)
        #expect(checkpoint.foundFiles == 8)
        #expect(checkpoint.foundBytes == 80)
        #expect(try allPending(settings(source, count: 3), work: work).map(\.sequence) == [0, 1, 2])

        let bySize = TemporaryDirectory("cut-work2")
        let (_, sized) = try scan(settings(source, count: 100, size: 25), work: bySize)
        #expect(sized.map(\.fileCount) == [3, 3, 2])
    }

    @Test func aFinishedScanIsNotRepeated() throws {
        let source = TemporaryDirectory("cut-src")
        for i in 0..<4 { try source.file("f\(i)", "x") }
        let work = TemporaryDirectory("cut-work")
        _ = try scan(settings(source), work: work)
        try source.file("late", "y")
        let (_, again) = try scan(settings(source), work: work)
        #expect(again.isEmpty)
    }

    @Test func aTaskWrittenBeforeACrashIsAdoptedNotCutTwice() throws {
        let source = TemporaryDirectory("cut-src")
        for i in 0..<7 { try source.file("f\(i)", "x") }
        let work = TemporaryDirectory("cut-work")
        let settings = settings(source)
        let layout = WorkingDirectory(work.path).job(settings.jobName)
        try layout.createDirectories()
        // Crash simulation: task 0 is on disk, the checkpoint was never written.
        let first = TaskManifest(job: settings.jobName, sequence: 0, entries: (0..<3).map {
            ScanEntry(kind: .file, size: 1, mtimeNanos: 1, relativePath: Array("f\($0)".utf8))
        })
        try TaskStore(layout: layout, host: "localhost").writePending(
            id: TaskID(job: settings.jobName, sequence: 0, createdMillis: 1, host: "localhost"), manifest: first)
        // A new file appears before the restart: it must still be migrated, and no file twice.
        try source.file("f00-new", "z")
        let (checkpoint, cut) = try scan(settings, work: work)
        let pending = try allPending(settings, work: work)
        let paths = pending.flatMap { $0.entries.map { String(decoding: $0.relativePath, as: UTF8.self) } }
        #expect(Set(paths).count == paths.count)
        #expect(Set(paths) == Set(["f0", "f1", "f2", "f3", "f4", "f5", "f6"]))
        #expect(cut.map(\.sequence) == [1, 2])
        #expect(checkpoint.foundFiles == 7)
    }

    @Test func aCorruptCheckpointIsRebuiltFromTheTasks() throws {
        let source = TemporaryDirectory("cut-src")
        for i in 0..<5 { try source.file("f\(i)", "x") }
        let work = TemporaryDirectory("cut-work")
        let settings = settings(source)
        let layout = WorkingDirectory(work.path).job(settings.jobName)
        _ = try scan(settings, work: work)
        try AtomicFile.write("{garbage", to: ScanCheckpoint.path(for: layout))
        let (checkpoint, cut) = try scan(settings, work: work)
        #expect(cut.isEmpty)
        #expect(checkpoint.finished)
        #expect(checkpoint.foundFiles == 5)
        #expect(try allPending(settings, work: work).count == 2)
    }

    @Test func importSinceLeavesOutOlderFiles() throws {
        let source = TemporaryDirectory("cut-src")
        let old = try source.file("old", "x")
        try source.file("new", "y")
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, old, &times, 0)
        var settings = settings(source)
        settings.importSince = 1_500_000
        let (_, cut) = try scan(settings, work: TemporaryDirectory("cut-work"))
        #expect(cut.flatMap(\.entries).map { String(decoding: $0.relativePath, as: UTF8.self) } == ["new"])
    }
}
