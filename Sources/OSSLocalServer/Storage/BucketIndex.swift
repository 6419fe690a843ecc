/// The in-memory index of one bucket's objects: a dictionary for lookups plus a sorted key
/// array for listing. New keys go to `pending` (O(1) insert) and are merged into `sorted`
/// lazily when a listing needs order, so bulk uploads stay fast and listings stay correct.
struct BucketIndex: Sendable {
    private(set) var objects: [ObjectKey: ObjectRecord] = [:]
    private var sorted: [ObjectKey] = []
    private var pending: [ObjectKey] = []
    private var removedSinceMerge = 0

    var count: Int { objects.count }

    subscript(key: ObjectKey) -> ObjectRecord? { objects[key] }

    mutating func put(_ key: ObjectKey, _ record: ObjectRecord) {
        if objects.updateValue(record, forKey: key) == nil {
            pending.append(key)
        }
    }

    @discardableResult
    mutating func remove(_ key: ObjectKey) -> ObjectRecord? {
        guard let old = objects.removeValue(forKey: key) else { return nil }
        removedSinceMerge += 1
        return old
    }

    /// All live keys in byte order.
    mutating func sortedKeys() -> [ObjectKey] {
        if !pending.isEmpty || removedSinceMerge > 0 {
            pending.sort()
            var merged: [ObjectKey] = []
            merged.reserveCapacity(sorted.count + pending.count)
            var i = 0
            var j = 0
            while i < sorted.count || j < pending.count {
                let next: ObjectKey
                if j >= pending.count || (i < sorted.count && sorted[i] < pending[j]) {
                    next = sorted[i]; i += 1
                } else {
                    next = pending[j]; j += 1
                }
                if merged.last == next || objects[next] == nil { continue }
                merged.append(next)
            }
            sorted = merged
            pending = []
            removedSinceMerge = 0
        }
        return sorted
    }
}

extension Array where Element == ObjectKey {
    /// Index of the first key that is not less than `bytes`.
    func lowerBound(_ bytes: [UInt8]) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid].bytes.lexicographicallyPrecedes(bytes) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
