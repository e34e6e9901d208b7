/// A score → probability curve: logit P(won) = a + b·score, fitted by logistic regression of the
/// outcomes on the scores (Platt scaling; Platt 1999, with the plain 0/1 targets).
///
/// The fit is maximum likelihood (``LogisticRegression`` with one column). When maximum
/// likelihood does not exist — the scores separate won from lost, common in a 20-deal history —
/// it falls back to Firth's penalized fit with the FLIC intercept (Puhr et al., Stat Med 2017), so
/// the average predicted probability still equals the observed win rate. With one outcome only,
/// or every score equal, the curve is flat at the observed rate (b = 0).
///
/// ```swift
/// let curve = ScoreCalibration(scores: [10, 40, 80, 90], won: [false, false, true, false])
/// curve.probability(80)
/// ```
/// One reusable type for every stage that needs "what does a score mean" (back-tests, the
/// review's calibration section, notebooks).
public struct ScoreCalibration: Sendable, Equatable {
    /// How the curve was fitted.
    public enum Method: String, Sendable {
        /// Maximum likelihood.
        case maximumLikelihood
        /// Firth's penalized likelihood with the FLIC intercept (separated scores).
        case firth
        /// No slope could be fitted (one outcome only or constant scores): the observed rate.
        case constant
    }

    /// The intercept a (log-odds at score 0).
    public var intercept: Double
    /// The slope b (log-odds per point).
    public var slope: Double
    /// How it was fitted.
    public var method: Method

    /// A curve with known coefficients.
    public init(intercept: Double, slope: Double, method: Method = .maximumLikelihood) {
        self.intercept = intercept
        self.slope = slope
        self.method = method
    }

    /// Fits the curve to `scores` and outcomes, optionally weighted (deals per row).
    public init(scores: [Double], won: [Bool], weights: [Double]? = nil) {
        precondition(
            scores.count == won.count && (weights?.count ?? scores.count) == scores.count,
            "one outcome (and weight) per score")
        let design = PatternTable(ruleID: "score", values: scores, won: won, weights: weights)
        if let fit = try? LogisticRegression().fit(design), fit.estimates[0] != nil {
            self.init(intercept: fit.intercept.coefficient, slope: fit.coefficients[0], method: .maximumLikelihood)
            return
        }
        if let fit = try? LogisticRegression(penalty: .firth, profileIntervals: false).fit(design),
            fit.estimates[0] != nil
        {
            self.init(
                intercept: fit.flicIntercept ?? fit.intercept.coefficient, slope: fit.coefficients[0], method: .firth)
            return
        }
        var wonWeight = 0.0
        var total = 0.0
        for i in won.indices {
            let w = weights?[i] ?? 1
            total += w
            if won[i] { wonWeight += w }
        }
        let rate = total > 0 ? wonWeight / total : 0.5
        self.init(intercept: _log(rate / (1 - rate)), slope: 0, method: .constant)
    }

    /// P(won) at `score`: 1 / (1 + exp(−(a + b·score))).
    public func probability(_ score: Double) -> Double { logistic(intercept + slope * score) }

    /// The log-odds at `score`: a + b·score.
    public func logOdds(_ score: Double) -> Double { intercept + slope * score }
}
