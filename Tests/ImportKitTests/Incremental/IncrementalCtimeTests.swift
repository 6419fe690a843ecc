import Foundation
import TestSupport
import Testing

@testable import ImportKit

/// Incremental passes detect changes by ctime as well as mtime: files that arrive or change with an old mtime
/// (`mv`, `cp -p`, `cp -a`, `touch -d`, `chmod`) are migrated by the next pass, unchanged files are not.
/// The operations are the real commands.
@Suite struct IncrementalCtimeTests {
    static let oldStamp = "@1500000000"

    static func sh(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try ProcessLaunch.run(process)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }

    /// `mv dir` into the tree renames one directory: its files keep their mtime and ctime, only the moved
    /// directory's ctime moves. Everything below it is migrated; a file added next to old ones marks nothing else.
    @Test func aDirectoryMovedInIsMigratedWholeAndANewNeighbourMarksNothingElse() async throws {
        try await withTestBed { h in
            let outside = TemporaryDirectory("outside-dir")
            let src = h.source.path
            try h.write(["old/a.txt": Array("old a".utf8), "old/b.txt": Array("old b".utf8)])
            try outside.file("tree/x.txt", "moved x")
            try outside.file("tree/deeper/y.txt", "moved y")
            for path in ["old/a.txt", "old/b.txt", "old"] { try Self.sh(["touch", "-d", Self.oldStamp, src + "/" + path]) }
            for path in ["tree/x.txt", "tree/deeper/y.txt", "tree/deeper", "tree"] {
                try Self.sh(["touch", "-d", Self.oldStamp, outside.path + "/" + path])
            }
            let recorder = IncrementalTests.PutRecorder()
            recorder.install(on: h)
            let settings = IncrementalTests.settings(h)
            let (first, _) = try await h.run(settings)
            #expect(first == .running)
            #expect(recorder.take() == ["old/a.txt", "old/b.txt"])

            try Self.sh(["mv", outside.path + "/tree", src + "/tree"])
            try h.write(["old/new.txt": Array("a new neighbour".utf8)])
            var info = stat()
            #expect(lstat(src + "/tree/deeper/y.txt", &info) == 0 && info.st_mtim.tv_sec == 1_500_000_000, "mv kept the old mtime")

            let (second, _) = try await h.run(settings)
            #expect(second == .running)
            #expect(recorder.take() == ["old/new.txt", "tree/deeper/y.txt", "tree/x.txt"])
            try await h.expectUploaded([
                "old/a.txt": Array("old a".utf8), "old/b.txt": Array("old b".utf8), "old/new.txt": Array("a new neighbour".utf8),
                "tree/x.txt": Array("moved x".utf8), "tree/deeper/y.txt": Array("moved y".utf8),
            ])
        }
    }

    @Test func filesArrivingOrChangingWithAnOldMtimeAreMigratedAndUnchangedOnesAreNot() async throws {
        try await withTestBed { h in
            let outside = TemporaryDirectory("outside")
            let src = h.source.path
            var files: [String: [UInt8]] = [
                "unchanged.txt": Array("never touched".utf8),
                "chmod.txt": Array("mode changes".utf8),
                "touched-old.txt": Array("content changes, mtime set back".utf8),
                "dir/unchanged2.txt": Array("never touched either".utf8),
            ]
            try h.write(files)
            try outside.file("moved.txt", "moved in with mv")
            try outside.file("copied.txt", "copied in with cp -p")
            try outside.file("archived/a.txt", "copied in with cp -a")
            for path in ["unchanged.txt", "chmod.txt", "touched-old.txt", "dir/unchanged2.txt"] {
                try Self.sh(["touch", "-d", Self.oldStamp, src + "/" + path])
            }
            for path in ["moved.txt", "copied.txt", "archived/a.txt"] {
                try Self.sh(["touch", "-d", Self.oldStamp, outside.path + "/" + path])
            }
            let recorder = IncrementalTests.PutRecorder()
            recorder.install(on: h)
            let settings = IncrementalTests.settings(h)

            let (first, layout) = try await h.run(settings)
            #expect(first == .running)
            #expect(recorder.take() == ["chmod.txt", "dir/unchanged2.txt", "touched-old.txt", "unchanged.txt"])

            // Between passes: every change keeps (or sets) an mtime long before the first pass.
            try Self.sh(["mv", outside.path + "/moved.txt", src + "/moved.txt"])
            try Self.sh(["cp", "-p", outside.path + "/copied.txt", src + "/copied.txt"])
            try Self.sh(["cp", "-a", outside.path + "/archived", src + "/archived"])
            try Self.sh(["chmod", "600", src + "/chmod.txt"])
            files["touched-old.txt"] = Array("new content, same old mtime".utf8)
            try h.write(["touched-old.txt": files["touched-old.txt"] ?? []])
            try Self.sh(["touch", "-d", Self.oldStamp, src + "/touched-old.txt"])
            var info = stat()
            #expect(lstat(src + "/moved.txt", &info) == 0 && info.st_mtim.tv_sec == 1_500_000_000, "mv kept the old mtime")
            #expect(lstat(src + "/archived/a.txt", &info) == 0 && info.st_mtim.tv_sec == 1_500_000_000, "cp -a kept the old mtime")

            let (second, _) = try await h.run(settings)
            #expect(second == .running)
            #expect(recorder.take() == ["archived/a.txt", "chmod.txt", "copied.txt", "moved.txt", "touched-old.txt"])
            files["moved.txt"] = Array("moved in with mv".utf8)
            files["copied.txt"] = Array("copied in with cp -p".utf8)
            files["archived/a.txt"] = Array("copied in with cp -a".utf8)
            try await h.expectUploaded(files)
            let status = try #require(JobStateStore(layout).status())
            #expect(status.lastPass.map { [Int64($0.pass), $0.found, $0.uploaded, $0.skipped, $0.failed] } == [2, 5, 5, 0, 0])

            // Nothing changed since: the pass finds nothing and sends no upload.
            let (third, _) = try await h.run(settings)
            #expect(third == .running)
            #expect(recorder.take() == [])
            let report = try StatReport.load(job: settings.jobName, workingDirectory: WorkingDirectory(h.work.path)).render()
            #expect(report.contains("Last pass: #3: 0 files found, 0 uploaded, 0 skipped, 0 failed"), "\(report)")
        }
    }

    /// A symbolic link made after the first pass to a file that was there before is a new object.
    @Test func aNewSymbolicLinkToAnOldFileIsMigrated() async throws {
        try await withTestBed { h in
            try h.write(["target.txt": Array("old target".utf8)])
            try Self.sh(["touch", "-d", Self.oldStamp, h.source.path + "/target.txt"])
            let recorder = IncrementalTests.PutRecorder()
            recorder.install(on: h)
            var settings = IncrementalTests.settings(h)
            settings.allowSymbolicLinks = true
            _ = try await h.run(settings)
            #expect(recorder.take() == ["target.txt"])
            try Self.sh(["ln", "-s", "target.txt", h.source.path + "/link.txt"])
            _ = try await h.run(settings)
            #expect(recorder.take() == ["link.txt"])
        }
    }

    /// Empty directories are markers too: one that was there before a pass is not sent again, a new one is.
    @Test func onlyNewEmptyDirectoriesGetAMarkerInALaterPass() async throws {
        try await withTestBed { h in
            try h.write(["a.txt": Array("a".utf8)])
            try FileManager.default.createDirectory(atPath: h.source.path + "/old-empty", withIntermediateDirectories: true)
            let recorder = IncrementalTests.PutRecorder()
            recorder.install(on: h)
            var settings = IncrementalTests.settings(h)
            settings.createEmptyDirMarker = true
            _ = try await h.run(settings)
            #expect(recorder.take() == ["a.txt", "old-empty/"])
            try FileManager.default.createDirectory(atPath: h.source.path + "/new-empty", withIntermediateDirectories: true)
            _ = try await h.run(settings)
            #expect(recorder.take() == ["new-empty/"])
            _ = try await h.run(settings)
            #expect(recorder.take() == [])
        }
    }

    /// The first pass's `importSince` keeps ossimport's meaning: the mtime alone decides.
    @Test func importSinceOfTheFirstPassIsAnMtimeRule() async throws {
        try await withTestBed { h in
            try h.write(["old.txt": Array("old".utf8), "new.txt": Array("new".utf8)])
            try Self.sh(["touch", "-d", Self.oldStamp, h.source.path + "/old.txt"])
            let recorder = IncrementalTests.PutRecorder()
            recorder.install(on: h)
            var settings = IncrementalTests.settings(h)
            settings.importSince = 1_600_000_000
            _ = try await h.run(settings)
            #expect(recorder.take() == ["new.txt"], "old.txt has a new ctime but an mtime before importSince")
        }
    }
}
