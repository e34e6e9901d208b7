/// One lead's score with the "why": the points each rule gave, the reasons sales sees first, and
/// the next step that would make the lead an SQL.
public struct LeadScore: Sendable, Equatable {
    /// The lead's id (`deal_id` or `lead_id`, or its line in the file).
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
    /// Up to four fired rules with positive points, most points first (ties in card order): PMML's
    /// `pointsAbove` reason codes at baseline 0 (see ``reasonCodes(_:)``).
    public var reasons: [(id: String, points: Double)]
    /// The points the lead lacks to be an SQL: the largest shortfall among the threshold and the
    /// dual bars (0 when it is an SQL). See ``Qualification/pointsToGo(score:fit:behavior:)``.
    public var pointsToGo: Double
    /// A smallest set of behavior rules the lead has not fired whose points close the gap (empty
    /// for an SQL); `nil` when no such set exists (see ``Scorecard/toQualify(score:fit:behavior:fired:)``).
    public var toQualify: [(id: String, points: Double)]?

    /// Creates a lead's score; the reasons are derived from the breakdown.
    public init(
        dealID: String, score: Double, fitScore: Double, behaviorScore: Double, isSQL: Bool,
        breakdown: [(id: String, points: Double)],
        pointsToGo: Double = 0, toQualify: [(id: String, points: Double)]? = []
    ) {
        self.dealID = dealID
        self.score = score
        self.fitScore = fitScore
        self.behaviorScore = behaviorScore
        self.isSQL = isSQL
        self.breakdown = breakdown
        self.reasons = Self.reasonCodes(breakdown)
        self.pointsToGo = pointsToGo
        self.toQualify = toQualify
    }

    /// The reason codes of a breakdown given in card order: the rules with positive points, most
    /// points first, ties kept in card order, at most four (PMML `pointsAbove`, baseline 0).
    public static func reasonCodes(_ breakdown: [(id: String, points: Double)]) -> [(id: String, points: Double)] {
        reasonIndices(count: breakdown.count) { breakdown[$0].points }.map { breakdown[$0] }
    }

    /// The positions of a breakdown's reason codes, given its length and the points at each
    /// position (card order): the positive ones, most points first, ties in order, at most four.
    static func reasonIndices(count: Int, points: (Int) -> Double) -> [Int] {
        var ranked: [Int] = []
        ranked.reserveCapacity(5)
        for k in 0..<count {
            let p = points(k)
            guard p > 0 else { continue }
            // Insert after every entry with at least as many points (ties keep card order).
            var at = ranked.count
            while at > 0, points(ranked[at - 1]) < p { at -= 1 }
            if at < 4 {
                ranked.insert(k, at: at)
                if ranked.count > 4 { ranked.removeLast() }
            }
        }
        return ranked
    }

    public static func == (a: LeadScore, b: LeadScore) -> Bool {
        func same(_ x: [(id: String, points: Double)]?, _ y: [(id: String, points: Double)]?) -> Bool {
            x?.map(\.id) == y?.map(\.id) && x?.map(\.points) == y?.map(\.points)
        }
        return a.dealID == b.dealID && a.score == b.score && a.fitScore == b.fitScore
            && a.behaviorScore == b.behaviorScore && a.isSQL == b.isSQL
            && same(a.breakdown, b.breakdown) && same(a.reasons, b.reasons) && a.pointsToGo == b.pointsToGo
            && same(a.toQualify, b.toQualify)
    }

    /// `{"dealId", "score", "fitScore", "behaviorScore", "isSQL", "breakdown": [{"id", "points"}],
    /// "reasons": [{"id", "points"}], "pointsToGo", "toQualify": [{"id", "points"}] | null}`.
    public var json: JSONValue {
        func list(_ parts: [(id: String, points: Double)]) -> JSONValue {
            .array(parts.map { .object([("id", .string($0.id)), ("points", .finite($0.points))]) })
        }
        return .object([
            ("dealId", .string(dealID)), ("score", .finite(score)), ("fitScore", .finite(fitScore)),
            ("behaviorScore", .finite(behaviorScore)),
            ("isSQL", .bool(isSQL)), ("breakdown", list(breakdown)), ("reasons", list(reasons)),
            ("pointsToGo", .finite(pointsToGo)),
            ("toQualify", toQualify.map(list) ?? .null),
        ])
    }
}
