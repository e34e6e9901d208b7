/// The current card read as a prior for the refit: each rule's points, converted to log-odds.
///
/// A card's points are on an arbitrary scale, so the card is first calibrated on the history:
/// ```
/// logit P(won) = a + b · score        (score = Σ points_j · x_j, the current card's score)
/// ```
/// and rule j's prior mean is `b · points_j` (log-odds per unit of its column). The refit then
/// maximizes `ℓ(β) − λ/2 · Σ_j (β_j − b·points_j)²`: with few deals the card moves only as far as
/// the evidence carries it; with many the data win. `1/√λ` is the prior standard deviation of
/// each coefficient around its mean, in log-odds.
///
/// ```swift
/// let prior = try CardPrior(card: current, design: design)
/// let fit = try LogisticRegression(penalty: .prior(means: prior.means, lambda: 1)).fit(design)
/// ```
public struct CardPrior: Sendable {
    /// Log-odds per point of the current card (the calibration slope b).
    public var slope: Double
    /// The calibration intercept a.
    public var intercept: Double
    /// Prior mean per rule: `slope · points_j` (0 for every rule when the slope is not positive).
    public var means: [Double]
    /// Set when the card's score does not rank won above lost deals (slope ≤ 0): the prior then
    /// centres every rule on 0, which is plain ridge.
    public var note: String?

    /// Calibrates `card` on the history `design` (built from the card's rules) with
    /// ``ScoreCalibration``: maximum likelihood, or Firth's fit when the card's score separates won
    /// from lost (a short training window often does), so the prior is centred on the card even then.
    public init(card: Scorecard, design: DesignMatrix) {
        let points = card.rules.map(\.points)
        let scores = design.scores(points: points)
        let calibration = ScoreCalibration(scores: scores, won: design.won, weights: design.weights)
        let b = calibration.slope
        slope = b
        intercept = calibration.intercept
        if b > 0 {
            means = points.map { b * $0 }
            note = nil
        } else {
            means = points.map { _ in 0 }
            note =
                "the current card's score does not rank won deals above lost ones (calibration slope \(NumberFormatting.fixed(b, 4))), so the prior centres every rule on 0"
        }
    }
}
