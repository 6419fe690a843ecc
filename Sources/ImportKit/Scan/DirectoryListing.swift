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
        let dupFD = dup(directoryFD)
        guard dupFD >= 0, let dir = fdopendir(dupFD) else {
            let code = errno
            if dupFD >= 0 { close(dupFD) }
            throw ReadError(system: SystemError(errno: code, operation: "opendir", path: ""))
        }
        defer { closedir(dir) }
        // The duplicate shares the descriptor's position: start at the beginning whatever read it before.
        rewinddir(dir)
        var spill: SpillFile?
        var runs: [Range<Int64>] = []
        var run: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw ReadError(system: SystemError(errno: errno, operation: "readdir", path: "")) }
                break
            }
            let type = entry.pointee.d_type
            let name: [UInt8] = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                let count = strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
                return UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: count).map { $0 }
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            if let from, name.lexicographicallyPrecedes(from) { continue }
            // A full run is spilled when one more name comes: a directory of exactly `runLimit` names stays in memory.
            if run.count >= runLimit {
                if spill == nil { spill = try SpillFile(directory: spillDirectory) }
                run.sort { $0.name.lexicographicallyPrecedes($1.name) }
                runs.append(try spill!.append(run))
                run.removeAll(keepingCapacity: true)
            }
            run.append((name, type))
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
    /// Heads of the runs not yet exhausted, a min-heap by name; `run` indexes `readers`.
    private var heap: [(entry: DirectoryListing.Entry, run: Int)] = []

    init(file: SpillFile, runs: [Range<Int64>]) throws {
        readers = runs.map { SpillFile.Reader(file: file, range: $0) }
        for index in readers.indices {
            if let entry = try readers[index].next() { push((entry, index)) }
        }
    }

    mutating func next() throws -> DirectoryListing.Entry? {
        guard let top = heap.first else { return nil }
        if let following = try readers[top.run].next() {
            heap[0] = (following, top.run)
            siftDown(0)
        } else {
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
        }
        return top.entry
    }

    private mutating func push(_ item: (entry: DirectoryListing.Entry, run: Int)) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].entry.name.lexicographicallyPrecedes(heap[parent].entry.name) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count && heap[left + 1].entry.name.lexicographicallyPrecedes(heap[left].entry.name) {
                smallest = left + 1
            }
            guard heap[smallest].entry.name.lexicographicallyPrecedes(heap[parent].entry.name) else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
