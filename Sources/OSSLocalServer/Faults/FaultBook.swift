/// The active fault rules and how many requests each has matched.
final class FaultBook: Sendable {
    private struct Entry {
        var rule: FaultRule
        var matched = 0
    }

    private let entries: Locked<[Entry]>

    init(_ rules: [FaultRule]) {
        entries = Locked(rules.map { Entry(rule: $0) })
    }

    func add(_ rule: FaultRule) { entries.withLock { $0.append(Entry(rule: rule)) } }
    func clear() { entries.withLock { $0.removeAll() } }
    var rules: [FaultRule] { entries.withLock { $0.map(\.rule) } }

    /// Counts the request against every matching rule and returns the first action that fires.
    func action(method: String, key: String?, queryNames: [String]) -> FaultRule.Action? {
        entries.withLock { entries -> FaultRule.Action? in
            if entries.isEmpty { return nil }
            var fired: FaultRule.Action?
            for i in entries.indices where entries[i].rule.matches(method: method, key: key, queryNames: queryNames) {
                entries[i].matched += 1
                let rule = entries[i].rule
                let n = entries[i].matched
                let inWindow = n >= rule.nth && (rule.times <= 0 || n < rule.nth + rule.times)
                if inWindow && fired == nil { fired = rule.action }
            }
            return fired
        }
    }
}
