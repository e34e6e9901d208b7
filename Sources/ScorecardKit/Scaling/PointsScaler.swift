/// Turns fitted log-odds coefficients into whole points.
///
/// A card's score has no intercept: a lead scores `Σ points_j · x_j`. Points are the coefficients
/// times one factor s (points per unit of log-odds), rounded to the step:
/// ```
/// points_j = step · round(s · β_j / step)
/// ```
/// The factor comes from the ``Method``:
/// - ``Method/keepThreshold(_:rule:)`` (the default): s is chosen so that the selection rule (the
///   80% rule by default) picks the current card's threshold number on the revised card's rounded
///   scores, so a CRM automation that says "score ≥ 80 → SQL" keeps working. The exact factor is
///   `T / r*`, where r* is the rule's threshold on the unrounded log-odds scores; rounding moves the
///   scores a little, so factors within ±30% of it are tried, nearest first, until the rounded card
///   selects exactly T.
/// - ``Method/maxScore(_:rule:)``: s makes the highest score a lead can reach equal N.
/// - ``Method/pdo(_:anchor:rule:)``: s = P / ln 2, so P points double the odds (optbinning's
///   `pdo_odds`: factor = pdo/ln 2, offset = points − factor·ln(odds)). A points card has no
///   intercept, so the anchor cannot be built into the points: the card score at which the odds
///   are even is −β₀·s, and ``Result/anchorOffset`` is what to add to every lead for a score of S
///   to mean even odds.
///
/// Negative points are kept. Platform limits (``Limits``) cap each rule's points and the highest
/// possible total (HubSpot caps scores at 100 to 500).
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
        /// The highest reachable score is this number; the rule picks the threshold.
        case maxScore(Double, rule: ThresholdRule)
        /// This many points double the odds; `anchor` is the score meant to be even odds.
        case pdo(Double, anchor: Double?, rule: ThresholdRule)

        var rule: ThresholdRule {
            switch self {
            case let .keepThreshold(_, r), let .maxScore(_, r), let .pdo(_, _, r): r
            }
        }

        /// Parses `keep-threshold`, `max:N`, `pdo:P` or `pdo:P@S`, with the threshold number of the
        /// current card and the selection rule.
        public init?(parsing text: String, threshold: Double, rule: ThresholdRule) {
            if text == "keep-threshold" { self = .keepThreshold(threshold, rule: rule); return }
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            switch parts[0] {
            case "max":
                guard let n = Double(parts[1]), n > 0, n.isFinite else { return nil }
                self = .maxScore(n, rule: rule)
            case "pdo":
                let pa = parts[1].split(separator: "@", maxSplits: 1).map(String.init)
                guard let p = Double(pa[0]), p > 0, p.isFinite else { return nil }
                var anchor: Double? = nil
                if pa.count == 2 { guard let a = Double(pa[1]), a.isFinite else { return nil }; anchor = a }
                self = .pdo(p, anchor: anchor, rule: rule)
            default: return nil
            }
        }
    }

    /// Platform limits on the points.
    public struct Limits: Sendable, Equatable {
        /// The largest |points| a rule may carry.
        public var ruleCap: Double?
        /// The highest total score a lead may reach.
        public var maxTotal: Double?

        /// Creates limits; `nil` means none.
        public init(ruleCap: Double? = nil, maxTotal: Double? = nil) {
            self.ruleCap = ruleCap
            self.maxTotal = maxTotal
        }
    }

    /// How much ranking the rounding to whole points cost.
    public struct RoundingCost: Sendable, Equatable {
        /// AUC of the unrounded scores (factor × log-odds).
        public var aucExact: Double
        /// AUC of the rounded card.
        public var aucRounded: Double
        /// Kendall's τ-b between unrounded and rounded scores (1: same order).
        public var kendallTau: Double
    }

    /// The scaling method.
    public var method: Method
    /// Points are multiples of this (1 for integers).
    public var step: Double
    /// Platform limits.
    public var limits: Limits

    /// Creates a scaler.
    public init(method: Method, step: Double = 1, limits: Limits = Limits()) {
        precondition(step > 0, "step must be > 0; got \(step)")
        self.method = method
        self.step = step
        self.limits = limits
    }

    /// The result of scaling.
    public struct Result: Sendable {
        /// The revised card (same rules, new points, threshold selected on its scores).
        public var card: Scorecard
        /// Points per unit of log-odds.
        public var factor: Double
        /// Unrounded points per rule (`factor · β`).
        public var exactPoints: [Double]
        /// Whether the selected threshold equals the requested number (keep-threshold only).
        public var thresholdKept: Bool
        /// For `pdo:P@S`: points to add to every lead so that a score of S means even odds.
        public var anchorOffset: Double?
        /// What rounding cost in ranking.
        public var roundingCost: RoundingCost
        /// Notes for the reader (a threshold that could not be kept, a limit that bound).
        public var notes: [String]
    }

    /// Scales a fit into a card.
    ///
    /// Rules left out of the fit (never firing, constant), and the rules in `keepCurrent` (those
    /// that fire too rarely for their estimate to mean anything), keep their current points.
    ///
    /// - Parameters:
    ///   - fit: the fitted coefficients.
    ///   - card: the current card (rules, caps and threshold to keep).
    ///   - design: the history encoded with `card`'s rules, to select the threshold on.
    public func scale(_ fit: LogisticFit, card: Scorecard, design: DesignMatrix, keepCurrent: Set<Int> = []) -> Result {
        let rule = method.rule
        let beta = fit.coefficients
        let excluded = fit.estimates.indices.map { fit.estimates[$0] == nil || keepCurrent.contains($0) }
        let columnMax = (0..<design.columnCount).map { j in (0..<design.rowCount).reduce(0.0) { max($0, design[$1, j]) } }
        var notes: [String] = []

        func points(_ s: Double) -> [Double] {
            beta.indices.map { j in
                if excluded[j] { return card.rules[j].points }
                var v = step * (s * beta[j] / step).rounded()
                if let cap = limits.ruleCap { v = min(max(v, -cap), cap) }
                return v
            }
        }
        func maxPossible(_ pts: [Double]) -> Double { zip(pts, columnMax).reduce(0) { $0 + max(0, $1.0 * $1.1) } }
        func selected(_ pts: [Double]) -> Double? {
            ThresholdSweep(scores: card.withPoints(pts, threshold: 0).scores(design), won: design.won, weights: design.weights).select(rule)?.threshold
        }
        func finish(_ s: Double, _ pts: [Double], threshold: Double, kept: Bool, anchor: Double? = nil) -> Result {
            var final = pts, factor = s
            if let cap = limits.maxTotal, maxPossible(final) > cap {
                // Shrink until the highest reachable score fits the platform's maximum.
                factor = s * cap / maxPossible(final)
                final = points(factor)
                while maxPossible(final) > cap, factor > 1e-12 { factor *= 0.99; final = points(factor) }
                notes.append("the highest reachable score is capped at \(JSONValue.format(cap)), so points were scaled down to \(NumberFormatting.fixed(factor, 2)) per unit of log-odds")
            }
            var t = threshold
            if final != pts || !kept { t = selected(final) ?? threshold }
            let revised = card.withPoints(final, threshold: t)
            let exact = beta.indices.map { excluded[$0] ? card.rules[$0].points : factor * beta[$0] }
            let exactScores = design.scores(points: exact), rounded = revised.scores(design)
            let cost = RoundingCost(aucExact: RankingMetrics(scores: exactScores, won: design.won, weights: design.weights).auc,
                                    aucRounded: RankingMetrics(scores: rounded, won: design.won, weights: design.weights).auc,
                                    kendallTau: kendallTau(exactScores, rounded))
            return Result(card: revised, factor: factor, exactPoints: exact, thresholdKept: kept && t == threshold,
                          anchorOffset: anchor, roundingCost: cost, notes: notes)
        }

        switch method {
        case let .keepThreshold(target, _):
            let raw = design.scores(points: beta)
            let rawThreshold = ThresholdSweep(scores: raw, won: design.won, weights: design.weights).select(rule)?.threshold ?? 0
            guard rawThreshold > 0, target > 0 else {
                // Scores at the selected mark are not positive: no positive factor maps them to the target.
                let s = target > 0 ? target / max(raw.max() ?? 1, 1e-9) : 1
                let pts = points(s)
                let t = selected(pts) ?? target
                notes.append("the \(rule) threshold on the fitted log-odds is not positive, so the threshold number \(JSONValue.format(target)) could not be kept; the revised threshold is \(JSONValue.format(t))")
                return finish(s, pts, threshold: t, kept: false)
            }
            let s0 = target / rawThreshold
            for k in 0...150 {
                for sign in k == 0 ? [1.0] : [1.0, -1.0] {
                    let s = s0 * (1 + sign * Double(k) * 0.002)
                    let pts = points(s)
                    if selected(pts) == target { return finish(s, pts, threshold: target, kept: true) }
                }
            }
            let pts = points(s0)
            let t = selected(pts) ?? target
            notes.append("after rounding, no factor within ±30% of \(NumberFormatting.fixed(s0, 2)) points per log-odds made the \(rule) select exactly \(JSONValue.format(target)); the revised threshold is \(JSONValue.format(t))")
            return finish(s0, pts, threshold: t, kept: false)
        case let .maxScore(n, _):
            let reach = zip(beta, columnMax).enumerated().reduce(0.0) { $0 + (excluded[$1.offset] ? 0 : max(0, $1.element.0 * $1.element.1)) }
            let s = reach > 0 ? n / reach : 1
            let pts = points(s)
            return finish(s, pts, threshold: selected(pts) ?? n, kept: false)
        case let .pdo(p, anchor, _):
            let s = p / _log(2)
            let pts = points(s)
            let offset = anchor.map { $0 + fit.intercept.coefficient * s }
            if let offset, let anchor {
                notes.append("with \(JSONValue.format(p)) points to double the odds, a card score of \(NumberFormatting.fixed(-fit.intercept.coefficient * s, 0)) means even odds; add \(NumberFormatting.fixed(offset, 0)) to every lead for \(JSONValue.format(anchor)) to mean even odds")
            }
            return finish(s, pts, threshold: selected(pts) ?? 0, kept: false, anchor: offset)
        }
    }
}
