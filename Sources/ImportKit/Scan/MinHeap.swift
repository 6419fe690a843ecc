/// A binary min-heap ordered by `precedes` (the merge of sorted runs, the directories waiting to be read ahead).
struct MinHeap<Element> {
    private(set) var items: [Element] = []
    let precedes: (Element, Element) -> Bool

    init(precedes: @escaping (Element, Element) -> Bool) { self.precedes = precedes }

    var first: Element? { items.first }
    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ item: Element) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest element.
    @discardableResult
    mutating func removeFirst() -> Element? {
        guard !items.isEmpty else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return last }
        let top = items[0]
        items[0] = last
        siftDown()
        return top
    }

    /// Replaces the smallest element by `item` (cheaper than `removeFirst` then `push`).
    mutating func replaceFirst(with item: Element) {
        items[0] = item
        siftDown()
    }

    mutating func removeAll() { items.removeAll() }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { return }
            var smallest = left
            if left + 1 < items.count && precedes(items[left + 1], items[left]) { smallest = left + 1 }
            guard precedes(items[smallest], items[parent]) else { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
