/// The `hubspot` export: the rules as HubSpot's lead-scoring tool takes them.
extension Scorecard {
    /// Tiers emitted for an `each` rule without a cap (HubSpot has no per-unit points).
    static let hubspotUncappedTiers = 10

    /// A JSON layout of HubSpot's scoring tool: two groups, fit and engagement, each a list of
    /// criteria (property, operator, value, points), and the score limits.
    ///
    /// HubSpot has no per-unit points, so an `each` rule becomes cumulative tiers: "at least 1
    /// unit +3, at least 2 +3, …" up to its cap (or 10 tiers without one). Decay becomes a note with
    /// the half-life: HubSpot sets decay per group in months. Operators: `EQ`, `IN`, `GTE`, `LTE`,
    /// `BETWEEN`, `HAS_PROPERTY`, `NOT_HAS_PROPERTY`.
    public func hubspotJSON() -> JSONValue {
        func criteria(_ kind: RuleKind) -> [JSONValue] {
            rules.filter { $0.kind == kind }.flatMap { rule -> [JSONValue] in
                var base: [(String, JSONValue)] = [("ruleId", .string(rule.id)), ("property", .string(rule.signal))]
                if let label = rule.label { base.append(("label", .string(label))) }
                func with(_ op: String, _ value: JSONValue?, _ points: Double, tier: Int? = nil) -> JSONValue {
                    var m = base + [("operator", .string(op))]
                    if let value { m.append(("value", value)) }
                    m.append(("points", .number(points)))
                    if let tier { m.append(("tier", .number(Double(tier)))) }
                    if let half = rule.halfLifeDays { m.append(("decay", .string("halve every \(JSONValue.format(half)) days from \(rule.signal)_at"))) }
                    return .object(m)
                }
                switch rule.measure {
                case let .when(c):
                    switch c {
                    case let .equals(v): return [with("EQ", v.json, rule.points)]
                    case let .oneOf(vs): return [with("IN", .array(vs.map(\.json)), rule.points)]
                    case let .atLeast(x): return [with("GTE", .number(x), rule.points)]
                    case let .atMost(x): return [with("LTE", .number(x), rule.points)]
                    case let .between(a, b): return [with("BETWEEN", .array([.number(a), .number(b)]), rule.points)]
                    case let .present(p): return [with(p ? "HAS_PROPERTY" : "NOT_HAS_PROPERTY", nil, rule.points)]
                    }
                case let .each(each, _):
                    let cap = rule.capUnits ?? Double(Self.hubspotUncappedTiers)
                    let whole = Int(cap.rounded(.down))
                    var tiers = (1...max(1, whole)).map { k in with("GTE", .number(Double(k) * each), rule.points, tier: k) }
                    let rest = cap - Double(whole)
                    if rest > 1e-12 { tiers.append(with("GTE", .number((Double(whole) + 1) * each), rule.points * rest, tier: whole + 1)) }
                    return tiers
                }
            }
        }
        let maxReach = rules.reduce(0.0) { total, r in
            switch r.measure {
            case .when: return total + max(0, r.points)
            case .each: return total + max(0, r.points) * (r.capUnits ?? Double(Self.hubspotUncappedTiers))
            }
        }
        var top: [(String, JSONValue)] = [("generatedBy", .string(ScorecardKitVersion.generatedBy)), ("name", .string(name)),
                                           ("threshold", .number(threshold))]
        if let minFit { top.append(("minFit", .number(minFit))) }
        if let minBehavior { top.append(("minBehavior", .number(minBehavior))) }
        top.append(("scoreLimits", .object([("maximumReachable", .number(maxReach)),
                                             ("note", .string("HubSpot caps a score at its limit (100 to 500); keep maximumReachable within it"))])))
        top.append(("groups", .array([
            .object([("name", "Fit"), ("type", "FIT"), ("criteria", .array(criteria(.fit)))]),
            .object([("name", "Engagement"), ("type", "ENGAGEMENT"), ("criteria", .array(criteria(.behavior)))]),
        ])))
        return .object(top)
    }
}
