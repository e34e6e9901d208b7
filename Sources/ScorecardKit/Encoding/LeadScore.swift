/// One lead's score with the "why": the points each rule gave.
public struct LeadScore: Sendable, Equatable {
    /// The lead's id (`deal_id`, or its line in the file).
    public var dealID: String
    /// The total, rounded to whole points.
    public var score: Double
    /// The fit rules' subtotal, rounded.
    public var fitScore: Double
    /// The behavior rules' subtotal, rounded.
    public var behaviorScore: Double
    /// Whether the lead is an SQL (score ≥ threshold, and the dual bars when the card has them).
    public var isSQL: Bool
    /// Points per rule that gave any (after caps and decay), in card order.
    public var breakdown: [(id: String, points: Double)]

    public static func == (a: LeadScore, b: LeadScore) -> Bool {
        a.dealID == b.dealID && a.score == b.score && a.fitScore == b.fitScore && a.behaviorScore == b.behaviorScore && a.isSQL == b.isSQL
            && a.breakdown.map(\.id) == b.breakdown.map(\.id) && a.breakdown.map(\.points) == b.breakdown.map(\.points)
    }

    /// `{"dealId", "score", "fitScore", "behaviorScore", "isSQL", "breakdown": [{"id", "points"}]}`.
    public var json: JSONValue {
        .object([("dealId", .string(dealID)), ("score", .finite(score)), ("fitScore", .finite(fitScore)), ("behaviorScore", .finite(behaviorScore)),
                 ("isSQL", .bool(isSQL)), ("breakdown", .array(breakdown.map { .object([("id", .string($0.id)), ("points", .finite($0.points))]) }))])
    }
}

extension Scorecard {
    /// Scores every lead of `leads` (use ``DealTable/leads(bytes:file:delimiter:map:)``), with
    /// decay measured to `asOf` when given (else each lead's `scored_at`, then `closed_at`).
    ///
    /// ```swift
    /// let scored = try card.scoreLeads(leads, asOf: CalendarDate(iso: "2026-11-26"))
    /// scored[0].breakdown   // [("demo_request", 45), ("pricing_page", 30)]
    /// ```
    public func scoreLeads(_ leads: DealTable, asOf: CalendarDate? = nil) throws -> [LeadScore] {
        let design = try DesignMatrix(card: self, deals: leads, asOf: asOf)
        let total = scores(design), fit = scores(design, kind: .fit), behavior = scores(design, kind: .behavior)
        let sql = isSQL(design)
        return (0..<design.rowCount).map { i in
            let parts = rules.indices.compactMap { j -> (id: String, points: Double)? in
                let pts = rules[j].points * design[i, j]
                return pts == 0 ? nil : (rules[j].id, pts)
            }
            return LeadScore(dealID: leads.dealIDs?[i] ?? "line \(leads.lines[i])", score: total[i], fitScore: fit[i], behaviorScore: behavior[i],
                             isSQL: sql[i], breakdown: parts)
        }
    }
}
