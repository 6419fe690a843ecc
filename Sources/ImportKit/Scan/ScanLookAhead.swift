import Foundation
import Synchronization

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
    /// Also bounds the open descriptors: one per directory held, plus the parents of those waiting.
    static let directoryWindow = 128
    static let budget = 16_384
    /// Names of a directory read ahead at most (``StatWindow/size``, or the scanner's smaller run limit).
    let directoryLimit: Int
    let parallelism: ScanParallelism

    private struct Item {
        var parent: DirectoryHandle
        var name: [UInt8]
        var path: [UInt8]
        var depth: Int
    }

    private struct State {
        var pending = MinHeap<Item> { ScanLookAhead.precedes($0.path, $1.path) }
        var pendingPaths: Set<[UInt8]> = []
        /// Taken from `pending` by the ordered scan itself: threads skip them.
        var claimed: Set<[UInt8]> = []
        var inProgress: Set<[UInt8]> = []
        var ready: [[UInt8]: ListedDirectory] = [:]
        var readyNames = 0
        var threads = 0
        /// Threads parked on `wake` (or about to be).
        var idle = 0
        /// The directory the ordered scan waits for (parked on `handed`).
        var awaited: [UInt8]?
        var stopped = false
        var waits = 0

        /// The idle threads to wake (all: each looks for work again); they are no longer counted idle.
        mutating func wakeAll() -> Int {
            defer { idle = 0 }
            return idle
        }
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let handed = DispatchSemaphore(value: 0)

    init(_ parallelism: ScanParallelism, runLimit: Int = StatWindow.size) {
        self.parallelism = parallelism
        directoryLimit = max(1, min(StatWindow.size, runLimit))
    }

    /// Directories read ahead or being read (tests).
    var held: Int { state.withLock { $0.ready.count + $0.inProgress.count } }
    /// Threads running (tests).
    var threadCount: Int { state.withLock { $0.threads } }
    /// Directories the ordered scan had to wait for or read itself although announced.
    var waits: Int { state.withLock { $0.waits } }

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
        let (wakes, starts) = state.withLock { state in
            add(&state, parent: parent, path: path, depth: depth, names: names, statuses: statuses, except: except)
        }
        signal(wakes: wakes, starts: starts)
    }

    /// The directory at `path` if it was read ahead (waiting while a thread reads it), or `nil` when the ordered
    /// scan is to read it itself (never announced, or not started yet: it is then taken away from the threads).
    func take(_ path: [UInt8]) -> ListedDirectory? {
        enum Step {
            case listed(ListedDirectory)
            case wait, none
        }
        var (wakes, starts) = (0, 0)
        let step = state.withLock { state -> Step in
            if let listed = state.ready.removeValue(forKey: path) {
                state.readyNames -= listed.count
                wakes = state.wakeAll()
                return .listed(listed)
            }
            if state.inProgress.contains(path) {
                state.awaited = path
                starts = waited(&state)
                return .wait
            }
            if state.pendingPaths.remove(path) != nil {
                state.claimed.insert(path)
                starts = waited(&state)
            }
            return .none
        }
        signal(wakes: wakes, starts: starts)
        switch step {
        case .listed(let listed): return listed
        case .none: return nil
        case .wait:
            handed.wait()
            let (listed, wakes) = state.withLock { state in
                let listed = state.ready.removeValue(forKey: path)!
                state.readyNames -= listed.count
                return (listed, state.wakeAll())
            }
            signal(wakes: wakes, starts: 0)
            return listed
        }
    }

    /// Ends the threads (each finishes the directory it reads, then drops it) and what is held.
    func stop() {
        let wakes = state.withLock { state in
            state.stopped = true
            state.pending.removeAll()
            state.pendingPaths.removeAll()
            state.ready.removeAll()
            return state.wakeAll()
        }
        signal(wakes: wakes, starts: 0)
    }

    /// Adds the subdirectories to `pending`; returns the threads to wake and to start.
    private func add(
        _ state: inout State, parent: DirectoryHandle, path: [UInt8], depth: Int,
        names: ArraySlice<DirectoryListing.Entry>, statuses: ArraySlice<FileStatus>, except: [UInt8]?
    ) -> (wakes: Int, starts: Int) {
        guard !state.stopped else { return (0, 0) }
        var added = false
        for (entry, status) in zip(names, statuses) where status.isDirectory && entry.name != except {
            let child = path.isEmpty ? entry.name : path + [UInt8(ascii: "/")] + entry.name
            state.pending.push(Item(parent: parent, name: entry.name, path: child, depth: depth + 1))
            state.pendingPaths.insert(child)
            added = true
        }
        guard added else { return (0, 0) }
        var starts = 0
        if state.threads == 0 {
            starts = parallelism.adaptive ? min(2, parallelism.threads) : parallelism.threads
            state.threads = starts
        }
        return (state.wakeAll(), starts)
    }

    /// The ordered scan had to wait: an adaptive look-ahead grows by one thread (returned to start).
    private func waited(_ state: inout State) -> Int {
        state.waits += 1
        guard parallelism.adaptive && state.threads < parallelism.threads else { return 0 }
        state.threads += 1
        return 1
    }

    /// Wakes parked threads and starts new ones (outside the lock).
    private func signal(wakes: Int, starts: Int) {
        for _ in 0..<wakes { wake.signal() }
        for _ in 0..<starts {
            let thread = Thread { [self] in work() }
            thread.name = "ossimport-scan-ahead"
            thread.start()
        }
    }

    private func work() {
        enum Step {
            case read(Item)
            case park, exit
        }
        while true {
            let step = state.withLock { state -> Step in
                if state.stopped {
                    state.threads -= 1
                    return .exit
                }
                while let top = state.pending.first, state.claimed.contains(top.path) {
                    state.pending.removeFirst()
                    state.claimed.remove(top.path)
                }
                guard let item = state.pending.first, state.ready.count + state.inProgress.count < Self.directoryWindow,
                    state.readyNames < Self.budget
                else {
                    state.idle += 1
                    return .park
                }
                state.pending.removeFirst()
                state.pendingPaths.remove(item.path)
                state.inProgress.insert(item.path)
                return .read(item)
            }
            guard case .read(let item) = step else {
                if case .exit = step { return }
                wake.wait()
                continue
            }
            let listed = ListedDirectory.read(parent: item.parent, name: item.name, limit: directoryLimit)
            var handOver = false
            let (wakes, starts) = state.withLock { state -> (Int, Int) in
                state.inProgress.remove(item.path)
                guard !state.stopped else { return (0, 0) }
                state.ready[item.path] = listed
                state.readyNames += listed.count
                if state.awaited == item.path {
                    state.awaited = nil
                    handOver = true
                }
                if case .listed(let handle, let names, let statuses) = listed, item.depth + 1 <= parallelism.maxDepth {
                    return add(
                        &state, parent: handle, path: item.path, depth: item.depth, names: names[...],
                        statuses: statuses[...], except: nil)
                }
                return (0, 0)
            }
            if handOver { handed.signal() }
            signal(wakes: wakes, starts: starts)
        }
    }
}
