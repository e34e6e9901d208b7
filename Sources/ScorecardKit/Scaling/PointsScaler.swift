/// Turns fitted log-odds coefficients into integer points.
///
/// A card's score has no intercept: a lead scores `Σ points_j · x_j`. Points are the coefficients
/// times one factor s (points per unit of log-odds), rounded to the step:
/// ```
/// points_j = step · round(s · β_j / step)
/// ```
/// With ``Method/keepThreshold(_:rule:)``, s is chosen so that the selection rule (the 80% rule by
/// default) picks the current card's threshold number on the revised card's rounded scores: a CRM
/// automation that says "score ≥ 80 → SQL" keeps working. The exact factor is `T / r*`, where r* is
/// the rule's threshold on the unrounded log-odds scores; rounding moves the scores a little, so
/// factors within ±30% of it are tried, nearest first, until the rounded card selects exactly T.
///
/// ```swift
/// let scaled = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)))
///     .scale(fit, card: current, design: design)
/// scaled.card.threshold   // 80
/// ```
public struct PointsScaler: Sendable {
    /// How the factor is chosen.
    public enum Method: Sendable, Equatable {
        /// The threshold the rule picks lands on this number.
        case keepThreshold(Double, rule: ThresholdRule)
    }

    /// The scaling method.
    public var method: Method
    /// Points are multiples of this (1 for integers).
    public var step: Double

    /// Creates a scaler.
    public init(method: Method, step: Double = 1) {
        precondition(step > 0, "step must be > 0; got \(step)")
        self.method = method
        self.step = step
    }

    /// The result of scaling.
    public struct Result: Sendable {
        /// The revised card (same rules, new points, threshold selected on its scores).
        public var card: Scorecard
        /// Points per unit of log-odds.
        public var factor: Double
        /// Unrounded points per rule (`factor · β`).
        public var exactPoints: [Double]
        /// Whether the selected threshold equals the requested number.
        public var thresholdKept: Bool
        /// A note when the requested threshold could not be kept.
        public var note: String?
    }

    /// Scales a fit into a card.
    ///
    /// Rules left out of the fit (never firing, constant) keep their current points, since the
    /// data say nothing about them.
    ///
    /// - Parameters:
    ///   - fit: the fitted coefficients.
    ///   - card: the current card (rules, caps and threshold to keep).
    ///   - design: the history encoded with `card`'s rules, to select the threshold on.
    public func scale(_ fit: LogisticFit, card: Scorecard, design: DesignMatrix) -> Result {
        let target: Double, rule: ThresholdRule
        switch method {
        case let .keepThreshold(t, r): (target, rule) = (t, r)
        }
        let beta = fit.coefficients
        let excluded = fit.estimates.map { $0 == nil }
        let raw = design.scores(points: beta)
        let rawThreshold = ThresholdSweep(scores: raw, won: design.won).select(rule)?.threshold ?? 0

        func points(_ s: Double) -> [Double] {
            beta.indices.map { j in excluded[j] ? card.rules[j].points : step * (s * beta[j] / step).rounded() }
        }
        func selected(_ pts: [Double]) -> Double? {
            let revised = card.withPoints(pts, threshold: target)
            return ThresholdSweep(scores: revised.scores(design), won: design.won).select(rule)?.threshold
        }
        guard rawThreshold > 0, target > 0 else {
            // Scores at the 80% mark are not positive: no positive factor maps them to the target.
            let s = target > 0 ? target / max(raw.max() ?? 1, 1e-9) : 1
            let pts = points(s)
            let t = selected(pts) ?? target
            return Result(card: card.withPoints(pts, threshold: t), factor: s, exactPoints: beta.map { s * $0 }, thresholdKept: t == target,
                          note: "the \(rule) threshold on the fitted log-odds is not positive, so the threshold number \(JSONValue.format(target)) could not be kept; the revised threshold is \(JSONValue.format(t))")
        }
        let s0 = target / rawThreshold
        for k in 0...150 {
            for sign in k == 0 ? [1.0] : [1.0, -1.0] {
                let s = s0 * (1 + sign * Double(k) * 0.002)
                let pts = points(s)
                if selected(pts) == target {
                    return Result(card: card.withPoints(pts, threshold: target), factor: s, exactPoints: beta.map { s * $0 }, thresholdKept: true, note: nil)
                }
            }
        }
        let pts = points(s0)
        let t = selected(pts) ?? target
        return Result(card: card.withPoints(pts, threshold: t), factor: s0, exactPoints: beta.map { s0 * $0 }, thresholdKept: false,
                      note: "after rounding, no factor within ±30% of \(NumberFormatting.fixed(s0, 2)) points per log-odds made the \(rule) select exactly \(JSONValue.format(target)); the revised threshold is \(JSONValue.format(t))")
    }
}
