/// "Is this deal an SQL?": the one predicate every command, report and export answers it with.
///
/// A deal is sales-qualified when its total score reaches the threshold and, on a card with dual
/// bars, its fit subscore reaches `minFit` and its behavior subscore reaches `minBehavior`
/// ("SQL scoring needs both": a lead that only clicks, or only fits, is not qualified).
///
/// ```swift
/// let q = Qualification(threshold: 80, minFit: 20, minBehavior: 40)
/// q.isSQL(score: 95, fit: 10, behavior: 85)   // false: the fit bar is not met
/// q.barsMet(fit: 25, behavior: 45)            // true
/// ```
public struct Qualification: Sendable, Equatable {
    /// Total score at or above which a deal can be an SQL.
    public var threshold: Double
    /// The fit subscore must also reach this (dual bar), when set.
    public var minFit: Double?
    /// The behavior subscore must also reach this (dual bar), when set.
    public var minBehavior: Double?

    /// Creates the predicate.
    public init(threshold: Double, minFit: Double? = nil, minBehavior: Double? = nil) {
        self.threshold = threshold
        self.minFit = minFit
        self.minBehavior = minBehavior
    }

    /// Whether the card has a fit or a behavior bar.
    public var hasBars: Bool { minFit != nil || minBehavior != nil }

    /// Whether the subscores meet the bars (always true without bars).
    public func barsMet(fit: Double, behavior: Double) -> Bool {
        fit >= (minFit ?? -.infinity) && behavior >= (minBehavior ?? -.infinity)
    }

    /// Whether a deal with these (rounded) scores is an SQL.
    public func isSQL(score: Double, fit: Double, behavior: Double) -> Bool {
        score >= threshold && barsMet(fit: fit, behavior: behavior)
    }

    /// The points a deal with these (rounded) scores lacks to be an SQL: the largest shortfall
    /// among the threshold and the bars that are short, 0 for an SQL. With dual bars a lead can be
    /// over the threshold and still short of a bar: then the bar's shortfall is what it lacks.
    public func pointsToGo(score: Double, fit: Double, behavior: Double) -> Double {
        max(0, threshold - score, (minFit ?? -.infinity) - fit, (minBehavior ?? -.infinity) - behavior)
    }

    /// The predicate in words: `score ≥ 80` or `score ≥ 80, fit ≥ 20 and behavior ≥ 40`.
    public var description: String {
        var parts = ["score ≥ \(JSONValue.format(threshold))"]
        if let minFit { parts.append("fit ≥ \(JSONValue.format(minFit))") }
        if let minBehavior { parts.append("behavior ≥ \(JSONValue.format(minBehavior))") }
        return parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}

extension Scorecard {
    /// The card's SQL predicate: its threshold and dual bars.
    public var qualification: Qualification {
        Qualification(threshold: threshold, minFit: minFit, minBehavior: minBehavior)
    }
}
