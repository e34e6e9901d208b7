/// What limits on the points cost: the card scaled without them (the unconstrained card: no rule
/// cap, no maximum, the same step) and within them, compared on the same history.
///
/// Both cards are judged as the integer search judges them — the log loss of the outcomes given
/// the card's score with its own intercept and slope — and as a team sees them: AUC, and the SQLs
/// and the share of won deals (recall) at each card's own selected threshold. SQL counts are deals
/// (weighted) that the card's SQL predicate (``Scorecard/isSQL(_:)``: threshold plus any fit and
/// behavior bars) qualifies.
///
/// ```swift
/// let cost = scaler.limitsCost(PointsScaler.Limits(ruleCap: 5), describedAs: "a rule cap of 5", fit: fit, card: card, design: design)
/// cost.logLossAfter - cost.logLossBefore   // what the cap costs in log loss
/// ```
public struct LimitsCost: Sendable, Equatable {
    /// The limits, in words ("hubspot-pro's limits", "a rule cap of 5").
    public var limits: String
    /// The platform whose limits these are, if any.
    public var platform: Platform?
    /// The card's own log loss (total over deals) without the limits.
    public var logLossBefore: Double
    /// The card's own log loss within them.
    public var logLossAfter: Double
    /// AUC without the limits.
    public var aucBefore: Double
    /// AUC within them.
    public var aucAfter: Double
    /// SQLs without the limits, at that card's threshold.
    public var sqlsBefore: Double
    /// SQLs within them, at that card's threshold.
    public var sqlsAfter: Double
    /// Share of won deals at or above the threshold without the limits.
    public var recallBefore: Double
    /// Share of won deals at or above the threshold within them.
    public var recallAfter: Double
    /// The threshold the selection rule picked without the limits.
    public var thresholdBefore: Double
    /// The threshold the selection rule picked within them.
    public var thresholdAfter: Double
    /// The highest score a lead can reach without the limits (`nil`: unbounded, an uncapped `each` rule).
    public var maxBefore: Double?
    /// The highest score a lead can reach within them.
    public var maxAfter: Double?

    /// `{"limits", "platform", "logLossBefore", "logLossAfter", "aucBefore", "aucAfter",
    /// "sqlsBefore", "sqlsAfter", "recallBefore", "recallAfter", "thresholdBefore",
    /// "thresholdAfter", "maxBefore", "maxAfter"}`.
    public var json: JSONValue {
        .object([
            ("limits", .string(limits)), ("platform", platform.map { .string($0.rawValue) } ?? .null),
            ("logLossBefore", .finite(logLossBefore)), ("logLossAfter", .finite(logLossAfter)),
            ("aucBefore", .finite(aucBefore)), ("aucAfter", .finite(aucAfter)),
            ("sqlsBefore", .finite(sqlsBefore)), ("sqlsAfter", .finite(sqlsAfter)),
            ("recallBefore", .finite(recallBefore)), ("recallAfter", .finite(recallAfter)),
            ("thresholdBefore", .finite(thresholdBefore)), ("thresholdAfter", .finite(thresholdAfter)),
            ("maxBefore", .optional(maxBefore)), ("maxAfter", .optional(maxAfter)),
        ])
    }
}

extension PointsScaler {
    /// What `limits` cost this scaling: the fit scaled with no bounds (this scaler's step kept)
    /// and with `limits`, both cards scored on `design`.
    ///
    /// - Parameters:
    ///   - limits: the limits to apply (a platform's, tightened by the user's).
    ///   - describedAs: the limits in words, for the sentence.
    ///   - platform: the platform they come from, if any.
    ///   - fit: the fitted coefficients.
    ///   - card: the current card.
    ///   - design: the history encoded with `card`'s rules.
    ///   - keepCurrent: rules that keep their current points (as in ``scale(_:card:design:keepCurrent:patterns:)``).
    ///   - scaledWithin: the card already scaled within `limits` by this scaler, if the caller
    ///     has it (it is not scaled again).
    public func limitsCost(
        _ limits: Limits, describedAs: String, platform: Platform? = nil, fit: LogisticFit, card: Scorecard,
        design: DesignMatrix,
        keepCurrent: Set<Int> = [], patterns: PatternTable? = nil, scaledWithin: Scorecard? = nil
    ) -> LimitsCost {
        var free = self
        free.limits = Limits(step: limits.step)
        var within = self
        within.limits = limits
        let before = free.scale(fit, card: card, design: design, keepCurrent: keepCurrent, patterns: patterns).card
        let after =
            scaledWithin
            ?? within.scale(fit, card: card, design: design, keepCurrent: keepCurrent, patterns: patterns).card
        let table =
            patterns.flatMap { $0.ruleIDs == design.ruleIDs ? $0 : nil } ?? PatternTable(design, alwaysCompress: true)
        func logLoss(_ c: Scorecard) -> Double {
            ScoreLoss.ownLoss(points: c.rules.map(\.points), patterns: table, firth: false).loss
        }
        func auc(_ c: Scorecard) -> Double {
            RankingMetrics(scores: c.scores(design), won: design.won, weights: design.weights).auc
        }
        func sqls(_ c: Scorecard) -> (all: Double, won: Double) {
            var all = 0.0
            var won = 0.0
            for (i, sql) in c.isSQL(design).enumerated() where sql {
                all += design.weight(i)
                if design.won[i] { won += design.weight(i) }
            }
            return (all, won)
        }
        let totalWon = (0..<design.rowCount).reduce(0.0) { $0 + (design.won[$1] ? design.weight($1) : 0) }
        let (b, a) = (sqls(before), sqls(after))
        return LimitsCost(
            limits: describedAs, platform: platform, logLossBefore: logLoss(before), logLossAfter: logLoss(after),
            aucBefore: auc(before), aucAfter: auc(after), sqlsBefore: b.all, sqlsAfter: a.all,
            recallBefore: totalWon > 0 ? b.won / totalWon : .nan, recallAfter: totalWon > 0 ? a.won / totalWon : .nan,
            thresholdBefore: before.threshold, thresholdAfter: after.threshold,
            maxBefore: before.reachableMaximum(), maxAfter: after.reachableMaximum())
    }
}

extension PointsScaler.Limits {
    /// The limits in words: "hubspot-pro's limits", "a rule cap of 5 and a maximum total of 50".
    public func described(platform: Platform?) -> String {
        var parts: [String] = []
        if let platform { parts.append("\(platform.rawValue)'s limits") }
        if let ruleCap { parts.append("a rule cap of \(JSONValue.format(ruleCap))") }
        if platform == nil, let maxTotal { parts.append("a maximum total of \(JSONValue.format(maxTotal))") }
        if let fitMax { parts.append("a fit maximum of \(JSONValue.format(fitMax))") }
        if let behaviorMax { parts.append("a behavior maximum of \(JSONValue.format(behaviorMax))") }
        if keepSigns { parts.append("the current signs") }
        return parts.isEmpty ? "the limits" : parts.joined(separator: " and ")
    }
}
