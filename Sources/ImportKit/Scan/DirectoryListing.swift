#if canImport(Glibc)
    import Glibc
#endif

/// The names of one directory in byte order, each with its `d_type`, read with memory bounded by `runLimit`
/// names whatever the directory's size.
///
/// A directory of at most `runLimit` names is sorted in memory. A larger one is read in runs of `runLimit`
/// names; each run is sorted and appended to one temporary file (``SpillFile``: unlinked at once, so nothing is
/// left behind even after `kill -9`), and the runs are merged while the caller walks (``RunMerger``): memory is
/// then one run while listing and one small read buffer per run while walking.
struct DirectoryListing {
    typealias Entry = (name: [UInt8], type: UInt8)

    /// The directory could not be read (`opendir`/`readdir` failed): the scan reports it as unreadable.
    struct ReadError: Error {
        var system: SystemError
    }

    private var sorted: [Entry] = []
    private var position = 0
    private var merger: RunMerger?

    /// Reads the directory open at `directoryFD` (the descriptor stays open and unchanged).
    /// - Parameters:
    ///   - from: names that sort before it are left out (resume: they were done by an earlier scan).
    ///   - runLimit: names held in memory at once (at least 2).
    ///   - spillDirectory: where the temporary file of a large directory is created.
    /// - Throws: ``ReadError`` when the directory cannot be listed; ``SystemError`` when the temporary file
    ///   cannot be written (full disk).
    init(directoryFD: Int32, from: [UInt8]?, runLimit: Int, spillDirectory: String) throws {
        let runLimit = max(2, runLimit)
        var spill: SpillFile?
        var runs: [Range<Int64>] = []
        var run: [Entry] = []
        try Self.forEachName(directoryFD: directoryFD, from: from) { entry in
            // A full run is spilled when one more name comes: a directory of exactly `runLimit` names stays in memory.
            if run.count >= runLimit {
                if spill == nil { spill = try SpillFile(directory: spillDirectory) }
                run.sort { $0.name.lexicographicallyPrecedes($1.name) }
                runs.append(try spill!.append(run))
                run.removeAll(keepingCapacity: true)
            }
            run.append(entry)
            return true
        }
        run.sort { $0.name.lexicographicallyPrecedes($1.name) }
        if let spill {
            if !run.isEmpty { runs.append(try spill.append(run)) }
            try spill.flush()
            merger = try RunMerger(file: spill, runs: runs)
        } else {
            sorted = run
        }
    }

    /// The names of a directory of at most `limit` names (after `from`) in byte order, or `nil` when it has more
    /// (nothing beyond `limit + 1` names is read then).
    /// - Throws: ``ReadError`` when the directory cannot be listed.
    static func small(directoryFD: Int32, from: [UInt8]?, limit: Int) throws -> [Entry]? {
        var names: [Entry] = []
        var tooMany = false
        try forEachName(directoryFD: directoryFD, from: from) { entry in
            if names.count >= limit {
                tooMany = true
                return false
            }
            names.append(entry)
            return true
        }
        if tooMany { return nil }
        names.sort { $0.name.lexicographicallyPrecedes($1.name) }
        return names
    }

    /// Calls `body` with each name of the directory open at `directoryFD` (unsorted, without `.` and `..`, names
    /// before `from` left out) until it returns `false`. The descriptor stays open and unchanged.
    /// - Throws: ``ReadError`` when the directory cannot be listed; what `body` throws.
    static func forEachName(directoryFD: Int32, from: [UInt8]?, _ body: (Entry) throws -> Bool) throws {
        let dupFD = dup(directoryFD)
        guard dupFD >= 0, let dir = fdopendir(dupFD) else {
            let code = errno
            if dupFD >= 0 { close(dupFD) }
            throw ReadError(system: SystemError(errno: code, operation: "opendir", path: ""))
        }
        defer { closedir(dir) }
        // The duplicate shares the descriptor's position: start at the beginning whatever read it before.
        rewinddir(dir)
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw ReadError(system: SystemError(errno: errno, operation: "readdir", path: "")) }
                return
            }
            let type = entry.pointee.d_type
            let name: [UInt8] = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                let count = strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
                return UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: count).map { $0 }
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            if let from, name.lexicographicallyPrecedes(from) { continue }
            if try !body((name, type)) { return }
        }
    }

    /// Whether the listing has no name at all (after `from`).
    var isEmpty: Bool { merger == nil && sorted.isEmpty }

    /// The next name in byte order, or `nil` at the end.
    /// - Throws: ``SystemError`` when the temporary file cannot be read back.
    mutating func next() throws -> Entry? {
        if merger != nil { return try merger!.next() }
        guard position < sorted.count else { return nil }
        defer { position += 1 }
        return sorted[position]
    }
}

/// Merges sorted runs of one ``SpillFile`` into one sequence in byte order (a binary heap of the runs' heads).
struct RunMerger {
    private var readers: [SpillFile.Reader]
    /// Heads of the runs not yet exhausted, by name; `run` indexes `readers`.
    private var heap = MinHeap<(entry: DirectoryListing.Entry, run: Int)> { $0.entry.name.lexicographicallyPrecedes($1.entry.name) }

    init(file: SpillFile, runs: [Range<Int64>]) throws {
        readers = runs.map { SpillFile.Reader(file: file, range: $0) }
        for index in readers.indices {
            if let entry = try readers[index].next() { heap.push((entry, index)) }
        }
    }

    mutating func next() throws -> DirectoryListing.Entry? {
        guard let top = heap.first else { return nil }
        if let following = try readers[top.run].next() {
            heap.replaceFirst(with: (following, top.run))
        } else {
            heap.removeFirst()
        }
        return top.entry
    }
}
