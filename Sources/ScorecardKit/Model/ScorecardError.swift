/// Errors in a scorecard file, or between a scorecard and the data it is applied to.
public enum ScorecardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key the schema does not know (likely a typo).
    case unknownKey(SourceLocation, key: String, allowed: [String])
    /// A required key is missing.
    case missingKey(SourceLocation, key: String, context: String)
    /// A value of the wrong JSON type or out of range.
    case invalidValue(SourceLocation, key: String, message: String)
    /// Two rules with the same id.
    case duplicateRuleID(SourceLocation, id: String, firstIndex: Int)
    /// A rule reads a signal the deal history does not have.
    case missingSignal(SourceLocation, ruleID: String, signal: String, available: [String])
    /// A rule's condition does not fit the signal column's type.
    case typeMismatch(SourceLocation, ruleID: String, message: String)
    /// A rule's `onlyWith` names a rule the card does not have.
    case unknownRule(SourceLocation, ruleID: String, named: String, available: [String])
    /// Gated rules whose `onlyWith` lead back to themselves (`a` only with `b`, `b` only with `a`);
    /// `cycle` lists the ids in order, the first repeated at the end.
    case gateCycle(SourceLocation, cycle: [String])

    /// The location the error points at.
    public var location: SourceLocation {
        switch self {
        case .unknownKey(let l, _, _), .missingKey(let l, _, _), .invalidValue(let l, _, _),
            .duplicateRuleID(let l, _, _),
            .missingSignal(let l, _, _, _), .typeMismatch(let l, _, _), .unknownRule(let l, _, _, _),
            .gateCycle(let l, _):
            l
        }
    }

    public var description: String {
        switch self {
        case .unknownKey(let l, let key, let allowed):
            let hint =
                allowed.min { editDistance($0, key) < editDistance($1, key) }.flatMap {
                    editDistance($0, key) <= 2 ? " (did you mean \(quoted($0))?)" : nil
                } ?? ""
            return "\(l): unknown key \(quoted(key))\(hint); allowed here: \(allowed.joined(separator: ", "))"
        case .missingKey(let l, let key, let context):
            return "\(l): \(context) has no \(quoted(key))"
        case .invalidValue(let l, let key, let message):
            return "\(l): \(quoted(key)) \(message)"
        case .duplicateRuleID(let l, let id, let first):
            return "\(l): rule id \(quoted(id)) is used twice (first by rules[\(first)]); ids must be unique"
        case .missingSignal(let l, let id, let signal, let available):
            return
                "\(l): rule \(quoted(id)) reads signal \(quoted(signal)), which is not a column of the deal history (it has \(DealDataError.list(available)))"
        case .typeMismatch(let l, let id, let message):
            return "\(l): rule \(quoted(id)): \(message)"
        case .unknownRule(let l, let id, let named, let available):
            let hint =
                available.min { editDistance($0, named) < editDistance($1, named) }.flatMap {
                    editDistance($0, named) <= 2 ? " (did you mean \(quoted($0))?)" : nil
                } ?? ""
            return
                "\(l): rule \(quoted(id)) counts only with rule \(quoted(named)), which the card does not have\(hint); its rules are \(available.map { quoted($0) }.joined(separator: ", "))"
        case .gateCycle(let l, let cycle):
            return
                "\(l): the onlyWith gates form a cycle (\(cycle.map { quoted($0) }.joined(separator: " → "))): each rule would count only when the next fires; make one of them ungated, or merge them"
        }
    }
}

/// Levenshtein distance between two strings, ignoring case, for "did you mean" hints.
///
/// ```swift
/// editDistance("pointz", "points")   // 1
/// ```
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased())
    let b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = prev
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
