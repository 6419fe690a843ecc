import Foundation

/// How many threads list and stat directories ahead of the ordered scan, and how deep (`scanThreadCount`,
/// `maxMultiThreadScanDepth`).
public struct ScanParallelism: Sendable, Codable, Equatable {
    /// Threads reading directories ahead at most; 1 = none (the ordered scan lists every directory itself).
    public var threads: Int
    /// Directories at most this many levels below the source root are read ahead (its subdirectories are level 1).
    public var maxDepth: Int
    /// Start with 2 threads and add one, up to `threads`, each time the ordered scan had to wait for a directory.
    public var adaptive: Bool

    /// The shipped configuration: up to 16 threads, any depth, grown while the file system is the bottleneck.
    public static let automatic = ScanParallelism(threads: 16, maxDepth: .max, adaptive: true)

    public init(threads: Int, maxDepth: Int, adaptive: Bool = false) {
        self.threads = max(1, threads)
        self.maxDepth = max(0, maxDepth)
        self.adaptive = adaptive
    }

    /// ossimport's keys. Its shipped values (1 and 1), which nearly every config carries, mean ``automatic``;
    /// other values are taken as asked: `scanThreadCount=1` alone is one lister, N threads read directories down
    /// to level `maxMultiThreadScanDepth` ahead.
    public init(scanThreadCount: Int, maxMultiThreadScanDepth: Int) {
        if scanThreadCount == 1 && maxMultiThreadScanDepth == 1 {
            self = .automatic
        } else {
            self.init(threads: scanThreadCount == 1 ? 1 : scanThreadCount, maxDepth: scanThreadCount == 1 ? 0 : maxMultiThreadScanDepth)
        }
    }
}

/// Threads that list and stat directories ahead of the ordered scan: on a NAS every `readdir` and `stat` is a
/// network round trip, and many in flight at once hide them. The order of entries does not change.
///
/// Directories known to be ahead (announced by their parent's listing) wait in a min-heap in the scan's order
/// (paths compared name by name: a directory before its subdirectories, after its earlier siblings' subtrees).
/// Threads take the earliest, read it (``ListedDirectory/read(parent:name:limit:)``) and keep it until the ordered
/// scan reaches it and calls ``take(_:)``. Memory is bounded: a thread starts a directory only while fewer than
/// `budget` names and `directoryWindow` directories are held ready; a directory holds at most
/// `directoryLimit` names (a larger one is left to the ordered scan, which lists it in runs); waiting
/// directories are at most the subdirectories of those held and of the directories the ordered scan is in.
final class ScanLookAhead: @unchecked Sendable {
    /// Names of a directory read ahead at most (``StatWindow/size``, or the scanner's smaller run limit).
    let directoryLimit: Int
    static let budget = 16_384
    /// Also bounds the open descriptors: one per directory held, plus the parents of those waiting.
    static let directoryWindow = 128

    private struct Item {
        var parent: DirectoryHandle
        var name: [UInt8]
        var path: [UInt8]
        var depth: Int
    }

    let parallelism: ScanParallelism
    private let condition = NSCondition()
    private var pending = MinHeap<Item> { ScanLookAhead.precedes($0.path, $1.path) }
    private var pendingPaths: Set<[UInt8]> = []
    /// Taken from `pending` by the ordered scan itself: threads skip them.
    private var claimed: Set<[UInt8]> = []
    private var inProgress: Set<[UInt8]> = []
    private var ready: [[UInt8]: ListedDirectory] = [:]
    private var readyNames = 0
    private var threads = 0
    private var stopped = false
    /// Directories the ordered scan had to wait for or read itself although announced (for tests and the log).
    private(set) var waits = 0

    init(_ parallelism: ScanParallelism, runLimit: Int = StatWindow.size) {
        self.parallelism = parallelism
        directoryLimit = max(1, min(StatWindow.size, runLimit))
    }

    /// Directories read ahead or being read (tests).
    var held: Int {
        condition.lock()
        defer { condition.unlock() }
        return ready.count + inProgress.count
    }

    /// Threads running (tests).
    var threadCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return threads
    }

    /// Whether `a` comes before `b` in the scan's order: name by name in byte order, a prefix first. Names hold
    /// neither `/` nor NUL, so that is byte order with `/` counted as 0.
    static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let slash = UInt8(ascii: "/")
        for index in 0..<min(a.count, b.count) where a[index] != b[index] {
            return (a[index] == slash ? 0 : a[index]) < (b[index] == slash ? 0 : b[index])
        }
        return a.count < b.count
    }

    /// Announces the subdirectories among `names` (with their `statuses`) of the directory at `path`, `depth` levels
    /// below the root, open as `parent`; `except` is left out (the ordered scan resumes inside it itself).
    func announce(
        parent: DirectoryHandle, path: [UInt8], depth: Int, names: ArraySlice<DirectoryListing.Entry>,
        statuses: ArraySlice<FileStatus>, except: [UInt8]? = nil
    ) {
        guard depth + 1 <= parallelism.maxDepth, parallelism.threads > 1 else { return }
        condition.lock()
        defer { condition.unlock() }
        add(parent: parent, path: path, depth: depth, names: names, statuses: statuses, except: except)
    }

    /// The directory at `path` if it was read ahead (waiting while a thread reads it), or `nil` when the ordered
    /// scan is to read it itself (never announced, or not started yet: it is then taken away from the threads).
    func take(_ path: [UInt8]) -> ListedDirectory? {
        condition.lock()
        defer { condition.unlock() }
        if let listed = ready.removeValue(forKey: path) {
            readyNames -= listed.count
            condition.broadcast()
            return listed
        }
        if inProgress.contains(path) {
            waited()
            while ready[path] == nil { condition.wait() }
            let listed = ready.removeValue(forKey: path)!
            readyNames -= listed.count
            condition.broadcast()
            return listed
        }
        if pendingPaths.remove(path) != nil {
            claimed.insert(path)
            waited()
        }
        return nil
    }

    /// Ends the threads (each finishes the directory it reads, then drops it) and what is held.
    func stop() {
        condition.lock()
        stopped = true
        pending.removeAll()
        pendingPaths.removeAll()
        ready.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Call with the lock held.
    private func add(
        parent: DirectoryHandle, path: [UInt8], depth: Int, names: ArraySlice<DirectoryListing.Entry>,
        statuses: ArraySlice<FileStatus>, except: [UInt8]?
    ) {
        guard !stopped else { return }
        var added = false
        for (entry, status) in zip(names, statuses) where status.isDirectory && entry.name != except {
            let name = entry.name
            let child = path.isEmpty ? name : path + [UInt8(ascii: "/")] + name
            pending.push(Item(parent: parent, name: name, path: child, depth: depth + 1))
            pendingPaths.insert(child)
            added = true
        }
        guard added else { return }
        if threads == 0 { for _ in 0..<(parallelism.adaptive ? min(2, parallelism.threads) : parallelism.threads) { spawn() } }
        condition.broadcast()
    }

    /// Call with the lock held: the ordered scan had to wait; an adaptive look-ahead grows by one thread.
    private func waited() {
        waits += 1
        if parallelism.adaptive && threads < parallelism.threads { spawn() }
    }

    private func spawn() {
        threads += 1
        let thread = Thread { [self] in work() }
        thread.name = "ossimport-scan-ahead"
        thread.start()
    }

    private func work() {
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            while let top = pending.first, claimed.contains(top.path) {
                pending.removeFirst()
                claimed.remove(top.path)
            }
            guard let item = pending.first, ready.count + inProgress.count < Self.directoryWindow,
                readyNames < Self.budget
            else {
                condition.wait()
                continue
            }
            pending.removeFirst()
            pendingPaths.remove(item.path)
            inProgress.insert(item.path)
            condition.unlock()
            let listed = ListedDirectory.read(parent: item.parent, name: item.name, limit: directoryLimit)
            condition.lock()
            inProgress.remove(item.path)
            guard !stopped else { break }
            ready[item.path] = listed
            readyNames += listed.count
            if case .listed(let handle, let names, let statuses) = listed, item.depth + 1 <= parallelism.maxDepth {
                add(parent: handle, path: item.path, depth: item.depth, names: names[...], statuses: statuses[...], except: nil)
            }
            condition.broadcast()
        }
        threads -= 1
    }
}
