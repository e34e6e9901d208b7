/// One rule's old and new points, with the evidence behind the change.
public struct RuleChange: Sendable {
    /// The rule (with its current points).
    public var rule: Rule
    /// Points on the current card.
    public var oldPoints: Double
    /// Points on the revised card.
    public var newPoints: Double
    /// The fitted estimate (log-odds), or `nil` when the rule was left out of the fit.
    public var estimate: Estimate?
    /// The 95% interval of the fitted points (factor × the coefficient's interval).
    public var pointsInterval: ClosedRange<Double>?
    /// Why the rule was left out of the fit, if it was.
    public var exclusion: Exclusion?
    /// Deals the rule fired for (x > 0), won and lost.
    public var firedWon: Int
    /// Lost deals the rule fired for.
    public var firedLost: Int
    /// The rule fires too rarely for its estimate to mean anything, so it keeps its points.
    public var keptAsTooRare: Bool = false

    /// New minus old points.
    public var change: Double { newPoints - oldPoints }

    /// One phrase on why the points moved (or did not).
    public var reason: String {
        if let exclusion { return "kept: \(exclusion.phrase)" }
        if keptAsTooRare { return "kept: fires for \(firedWon + firedLost) deals, too few to move its points" }
        guard let interval = pointsInterval else { return "" }
        let shown = NumberFormatting.pointsInterval(interval, around: oldPoints)
        if interval.contains(oldPoints) { return "current points are within the 95% interval \(shown)" }
        return oldPoints > interval.upperBound
            ? "current points above the 95% interval \(shown): the evidence says lower"
            : "current points below the 95% interval \(shown): the evidence says higher"
    }
}
