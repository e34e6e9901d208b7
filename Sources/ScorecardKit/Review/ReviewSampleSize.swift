/// How many closed deals the refit needs, against how many it had: Riley et al.'s minimum
/// (BMJ 2020; 368:m441) for the rules fitted, and for a history short of it, how many more deals
/// the review's biggest change needs before it can be told from chance.
public struct ReviewSampleSize: Sendable, Equatable {
    /// Riley et al.'s criteria with the inputs used.
    public var criteria: SampleSize
    /// Where the anticipated R²cs came from.
    public var r2Source: SampleSize.R2Source
    /// The rule whose points moved most (with a fitted estimate), if any.
    public var biggestChange: String?
    /// Its change in log-odds (new − old points, over points per log-odds).
    public var change: Double?
    /// Closed deals in total before that change would sit outside chance (95%), and how many
    /// more than today's.
    public var dealsToDistinguish: (total: Int, additional: Int)?

    /// Builds the summary from the criteria and the review's changes.
    init(criteria: SampleSize, r2Source: SampleSize.R2Source, changes: [RuleChange], factor: Double) {
        self.criteria = criteria
        self.r2Source = r2Source
        let fitted = changes.filter { $0.estimate != nil && $0.exclusion == nil && !$0.keptAsTooRare && $0.change != 0 }
        if let top = fitted.max(by: { abs($0.change) < abs($1.change) }), let e = top.estimate, factor > 0,
            e.stdError > 0, e.stdError.isFinite,
            let deals = criteria.deals
        {
            biggestChange = top.rule.id
            change = top.change / factor
            dealsToDistinguish = SampleSize.dealsToDistinguish(
                change: top.change / factor, standardError: e.stdError, deals: deals)
        }
    }

    public static func == (a: ReviewSampleSize, b: ReviewSampleSize) -> Bool {
        a.criteria == b.criteria && a.r2Source == b.r2Source && a.biggestChange == b.biggestChange
            && a.change == b.change
            && a.dealsToDistinguish?.total == b.dealsToDistinguish?.total
    }

    /// Whether the history has at least the minimum.
    public var isEnough: Bool { criteria.isEnough ?? false }

    /// DESIGN.md's `sampleSize` keys, plus `r2Source` and the biggest change.
    public var json: JSONValue {
        guard case .object(var members) = criteria.json else { return criteria.json }
        members.append(("r2Source", .string(r2Source.rawValue)))
        members.append(("enough", .bool(isEnough)))
        members.append(
            (
                "biggestChange",
                biggestChange.map { id in
                    // Int.max stands for "never" (no change): null, not 9.2e18.
                    .object([
                        ("id", .string(id)), ("logOdds", .optional(change)),
                        (
                            "dealsNeeded",
                            .optional(dealsToDistinguish.flatMap { $0.total == Int.max ? nil : Double($0.total) })
                        ),
                        (
                            "moreDeals",
                            .optional(
                                dealsToDistinguish.flatMap { $0.additional == Int.max ? nil : Double($0.additional) })
                        ),
                    ])
                } ?? .null
            ))
        return .object(members)
    }
}
