/// Rules on one signal whose conditions cannot both hold: the levels of a category ("lead source
/// is webinar", "… is referral", …), disjoint `in` sets, or the bands of a number (`atMost 9`,
/// `between 10 and 49`, `atLeast 50`).
///
/// At most one rule of a group fires for any lead. When exactly one fires for every deal of a
/// history, the group is *exhaustive* on it: its columns then add up to the intercept's, so the
/// fit measures its levels against one of them (the reference level), and one constant added to
/// every level's points shifts every score by that constant without changing any ranking (see
/// ``PointsScaler``).
///
/// Recognition is conservative: a rule joins a group only when its test is an indicator (`when`)
/// without decay or gate (`onlyWith`), and the signal's rules are pairwise disjoint by their conditions alone, whatever
/// the data hold (two `equals` tests of different kinds, such as `"5"` and `5`, are not known to
/// differ, so they form no group).
///
/// ```swift
/// let groups = RuleGroup.groups(in: card)   // [RuleGroup(signal: "lead_source", rules: [0, 1, 2])]
/// ```
public struct RuleGroup: Sendable, Hashable {
    /// The signal the group's rules test.
    public var signal: String
    /// The group's rules: indices into the card's rules, in card order (two or more).
    public var rules: [Int]

    /// Creates a group.
    public init(signal: String, rules: [Int]) {
        self.signal = signal
        self.rules = rules
    }

    /// The groups of `card`, in the order of each group's first rule: for every signal, its
    /// undecayed, ungated `when` rules when there are at least two and no two of them can both hold.
    public static func groups(in card: Scorecard) -> [RuleGroup] {
        var bySignal: [String: [(index: Int, condition: Condition)]] = [:]
        var order: [String] = []
        // A gated rule's column is not its own indicator (it is 0 where its gate does not fire).
        for (j, rule) in card.rules.enumerated() where rule.halfLifeDays == nil && rule.onlyWith.isEmpty {
            guard case .when(let c) = rule.measure else { continue }
            if bySignal[rule.signal] == nil { order.append(rule.signal) }
            bySignal[rule.signal, default: []].append((j, c))
        }
        return order.compactMap { signal in
            let members = bySignal[signal]!
            guard members.count >= 2 else { return nil }
            for a in members.indices {
                for b in members.indices
                where b > a && !cannotBothHold(members[a].condition, members[b].condition) {
                    return nil
                }
            }
            return RuleGroup(signal: signal, rules: members.map(\.index))
        }
    }

    /// Whether no value of a signal passes both tests: a missing value passes only `present(false)`;
    /// `equals` and `in` values are compared as the scorer compares them (text case-insensitively
    /// after trimming); number tests are compared as closed intervals.
    public static func cannotBothHold(_ a: Condition, _ b: Condition) -> Bool {
        switch (a, b) {
        case (.present(false), .present(false)): return false
        case (.present(false), _), (_, .present(false)): return true
        case (.present(true), _), (_, .present(true)): return false
        default: break
        }
        if let x = band(a), let y = band(b) {
            return x.upperBound < y.lowerBound || y.upperBound < x.lowerBound
        }
        let va = a.values
        let vb = b.values
        guard !va.isEmpty, !vb.isEmpty else { return false }
        return va.allSatisfy { x in vb.allSatisfy { y in differ(x, y) } }
    }

    /// The numbers a test passes, as a closed interval (`nil` for a test of text or true/false).
    private static func band(_ c: Condition) -> ClosedRange<Double>? {
        switch c {
        case .equals(.number(let x)): x...x
        case .atLeast(let x): x...Double.infinity
        case .atMost(let x): -Double.infinity...x
        case .between(let lo, let hi) where lo <= hi: lo...hi
        default: nil
        }
    }

    /// Whether two compared values are known to be different values of any column.
    private static func differ(_ x: ConditionValue, _ y: ConditionValue) -> Bool {
        switch (x, y) {
        case (.string(let s), .string(let t)):
            s.trimmingWhitespace().lowercased() != t.trimmingWhitespace().lowercased()
        case (.number(let s), .number(let t)): s != t
        case (.bool(let s), .bool(let t)): s != t
        default: false
        }
    }
}
