/// How well predicted probabilities match outcomes on a set of deals: the calibration slope and
/// calibration-in-the-large (Cox 1958; Steyerberg, *Clinical Prediction Models*, 2nd ed., §15.3;
/// Van Calster et al., J Clin Epidemiol 2016;74:167).
///
/// With ℓᵢ = logit(p̂ᵢ) the model's linear predictor:
/// ```
/// slope:              logit P(won) = α + β·ℓᵢ      → β (1 = ideal; < 1 = predictions too extreme)
/// in the large:       logit P(won) = α + ℓᵢ        → α (offset ℓ; 0 = ideal; > 0 = predictions too low)
/// ```
/// Both by maximum likelihood. On the very deals a maximum-likelihood logistic model was fitted
/// to, its score equations Σ(y − p̂) = 0 and Σ(y − p̂)xᵢ = 0 make β = 1 and α = 0 exactly (ℓ is
/// linear in x); a holdout set shows the optimism.
///
/// ```swift
/// let check = CalibrationCheck(predicted: probabilities, won: outcomes)
/// check?.slope, check?.intercept
/// ```
public struct CalibrationCheck: Sendable, Equatable {
    /// β: the calibration slope.
    public var slope: Double
    /// α of the slope fit (logit P = α + β·ℓ).
    public var slopeIntercept: Double
    /// α with ℓ as offset: calibration-in-the-large.
    public var intercept: Double
    /// Whether the slope needed Firth's fallback (predictions separate won from lost).
    public var firth: Bool

    /// Predicted probabilities are kept inside [ε, 1 − ε] before taking logits.
    public static let clamp = 1e-12

    /// Computes both; `nil` with one outcome only (neither exists) or constant predictions (no
    /// slope).
    public init?(predicted: [Double], won: [Bool], weights: [Double]? = nil) {
        precondition(
            predicted.count == won.count && (weights?.count ?? won.count) == won.count,
            "one outcome (and weight) per prediction")
        let eps = Self.clamp
        let lp = predicted.map { p -> Double in
            let q = min(1 - eps, max(eps, p))
            return _log(q / (1 - q))
        }
        guard let citl = Self.offsetIntercept(offset: lp, won: won, weights: weights) else { return nil }
        let design = PatternTable(ruleID: "logit", values: lp, won: won, weights: weights)
        var firth = false
        var fit = try? LogisticRegression(tolerance: 1e-13).fit(design)
        if fit == nil {
            fit = try? LogisticRegression(penalty: .firth, profileIntervals: false).fit(design)
            firth = true
        }
        guard let fit, let b = fit.estimates[0]?.coefficient else { return nil }
        slope = b
        slopeIntercept = fit.intercept.coefficient
        intercept = citl
        self.firth = firth
    }

    /// The maximum-likelihood α of logit P = α + offsetᵢ: the root of Σ wᵢ(yᵢ − expit(α + oᵢ)),
    /// which decreases in α, by Newton's method from 0 with bisection safeguard. `nil` when all
    /// deals share one outcome (the root is ±∞).
    static func offsetIntercept(offset: [Double], won: [Bool], weights: [Double]?) -> Double? {
        var wonW = 0.0
        var lostW = 0.0
        for i in won.indices { if won[i] { wonW += weights?[i] ?? 1 } else { lostW += weights?[i] ?? 1 } }
        guard wonW > 0, lostW > 0 else { return nil }
        func score(_ a: Double) -> (value: Double, slope: Double) {
            var f = 0.0
            var d = 0.0
            for i in offset.indices {
                let w = weights?[i] ?? 1
                let p = logistic(a + offset[i])
                f += w * ((won[i] ? 1 : 0) - p)
                d += w * p * (1 - p)
            }
            return (f, d)
        }
        var lo = -1.0
        var hi = 1.0
        while score(lo).value < 0 {
            lo *= 2
            if lo < -1e6 { return nil }
        }
        while score(hi).value > 0 {
            hi *= 2
            if hi > 1e6 { return nil }
        }
        var a = 0.0
        for _ in 0..<200 {
            let (f, d) = score(a)
            if f > 0 { lo = a } else { hi = a }
            var next = d > 0 ? a + f / d : (lo + hi) / 2
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - a) <= 1e-14 * max(1, abs(a)) {
                a = next
                break
            }
            a = next
        }
        return a
    }
}
