/// The commonest next step for the leads one behavior short of the bar in the latest period:
/// "a demo request would qualify 41 of them".
///
/// ``ReviewResult/nextStep`` holds it for the revised card: `nextStep` in `scorecard review
/// --format json`, a sentence in the review's text, Markdown and HTML.
public struct NextStepSummary: Sendable, Equatable {
    /// The latest period (e.g. `2026-Q3`) by `closed_at`.
    public var period: String
    /// The deals of that period one behavior short of the bar (not SQLs, a one-rule `toQualify`).
    public var oneStepShort: Int
    /// The behavior rule most often that one step (ties in card order).
    public var ruleID: String
    /// Its label for people (the id when the card has none).
    public var label: String
    /// How many of the ``oneStepShort`` deals that one behavior would qualify.
    public var wouldQualify: Int

    /// `{"period", "oneStepShort", "ruleId", "label", "wouldQualify"}`.
    public var json: JSONValue {
        .object([
            ("period", .string(period)), ("oneStepShort", .number(Double(oneStepShort))), ("ruleId", .string(ruleID)),
            ("label", .string(label)), ("wouldQualify", .number(Double(wouldQualify))),
        ])
    }
}

extension Scorecard {
    /// The commonest single next step among the deals of the latest period (by `closed_at`) that
    /// one behavior would make SQLs; `nil` without dates or without such deals.
    public func nextStepSummary(deals: DealTable, per: Period = .quarter) throws -> NextStepSummary? {
        guard let closed = deals.closedAt, let latest = closed.earliestToLatest?.upperBound else { return nil }
        // The latest period's deals: those closed on or after its first day (none closed later; a
        // deal with no date has the lowest slot).
        let firstDay = Int32(per.firstDay(of: latest).dayNumber)
        let days = closed.slots
        let inPeriod = days.indices.filter { days[$0] >= firstDay }
        let scored = try scoredLeads(deals.selecting(inPeriod))
        var counts = [Int](repeating: 0, count: rules.count)
        // The leads one rule short (not SQLs, a one-rule next step), kept for the count below.
        var oneShort: [ScoredLeads.Row] = []
        var fired: [Bool] = []
        for i in 0..<scored.count {
            let lead = scored.row(i, &fired)
            guard !lead.isSQL, let step = lead.next, step.count == 1 else { continue }
            oneShort.append(lead)
            counts[step[0]] += 1
        }
        let short = oneShort.count
        guard short > 0,
            let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) })
        else { return nil }
        // Every deal whose one-rule step is another behavior with at least as many points would
        // also qualify with this one only if it has not fired it and its points suffice: count them.
        var qualify = 0
        let add = stepPoints(rule: best)
        for lead in oneShort {
            let firedBest = lead.parts.contains { $0.rule == best }
            if !firedBest,
                qualification.isSQL(score: lead.score + add, fit: lead.fit, behavior: lead.behavior + add)
            {
                qualify += 1
            }
        }
        return NextStepSummary(
            period: per.label(latest), oneStepShort: short, ruleID: rules[best].id,
            label: rules[best].label ?? rules[best].id,
            wouldQualify: qualify)
    }
}
