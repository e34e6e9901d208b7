/// The next step for a lead under the bar: which behavior it has not shown yet would qualify it.
extension Scorecard {
    /// The points one more firing of behavior rule `index` would add: its points for a `when`
    /// rule, one award (`points` for `each` units, within the cap) for an `each` rule, undecayed
    /// (a new action is fresh).
    public func stepPoints(rule index: Int) -> Double {
        let rule = rules[index]
        if case .each(_, let cap?) = rule.measure { return min(rule.points, cap) }
        return rule.points
    }

    /// A smallest set of behavior rules the lead has not fired (`fired[j]` false) whose points
    /// close the gap to the card's ``qualification``: the rule indices, most points first (ties in
    /// card order). Empty for an SQL; `nil` when no set can qualify the lead (the fit bar is short,
    /// which no behavior can fix, or the unfired behavior rules together fall short).
    ///
    /// Every candidate adds the same points to the total and to the behavior subscore, so taking
    /// the largest first reaches any gap with the fewest rules.
    ///
    /// ```swift
    /// card.toQualify(score: 65, fit: 30, behavior: 35, fired: fired)   // [4]: "request a demo (+45)"
    /// ```
    public func toQualify(score: Double, fit: Double, behavior: Double, fired: [Bool]) -> [Int]? {
        toQualify(score: score, fit: fit, behavior: behavior, fired: fired, steps: nextSteps)
    }

    /// The behavior rules with positive ``stepPoints(rule:)``, most points first (ties in card
    /// order): the order ``toQualify(score:fit:behavior:fired:)`` takes them in. Worked out once
    /// for a file of leads.
    public var nextSteps: [(rule: Int, points: Double)] {
        rules.indices.filter { rules[$0].kind == .behavior && stepPoints(rule: $0) > 0 }.map {
            ($0, stepPoints(rule: $0))
        }
        .sorted { $0.points != $1.points ? $0.points > $1.points : $0.rule < $1.rule }
    }

    /// ``toQualify(score:fit:behavior:fired:)`` with the ``nextSteps`` given.
    public func toQualify(
        score: Double, fit: Double, behavior: Double, fired: [Bool], steps: [(rule: Int, points: Double)]
    ) -> [Int]? {
        let q = qualification
        if let minFit, fit < minFit { return nil }
        if q.isSQL(score: score, fit: fit, behavior: behavior) { return [] }
        var chosen: [Int] = []
        var added = 0.0
        for step in steps where !fired[step.rule] {
            chosen.append(step.rule)
            added += step.points
            if q.isSQL(score: score + added, fit: fit, behavior: behavior + added) { return chosen }
        }
        return nil
    }
}
