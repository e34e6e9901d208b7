/// What a score means on a set of deals: observed win rates by score band with 95% Wilson
/// intervals, the probability curve logit p = a + b·score (``ScoreCalibration``), the calibration
/// slope and intercept of the curve's predictions on the set (``CalibrationCheck``), and plain
/// sentences for a salesperson ("a lead at 80 points has won about 1 in 3 times").
///
/// ```swift
/// let curve = ScoreCalibration(scores: train.scores, won: train.won)
/// let meaning = ScoreMeaning(curve: curve, scores: test.scores, won: test.won, on: .holdout)
/// meaning.json          // DESIGN.md `calibration`
/// meaning.sentence(score: 80)
/// ```
public struct ScoreMeaning: Sendable, Equatable {
    /// Which deals the calibration was measured on.
    public enum Evaluated: String, Sendable {
        /// Deals the curve was not fitted to (a later period).
        case holdout
        /// The deals the curve was fitted to (slope 1 and intercept 0 by construction for ML).
        case inSample = "in-sample"
    }

    /// The score → probability curve.
    public var curve: ScoreCalibration
    /// Calibration slope and in-the-large of the curve's predictions on the set (`nil` when they
    /// cannot be estimated: one outcome only, or one score only).
    public var check: CalibrationCheck?
    /// Which deals.
    public var on: Evaluated
    /// Bands in rising score.
    public var bands: [ScoreBand]

    /// Evaluates `curve` on deals with `scores` and outcomes (optionally weighted).
    ///
    /// - Parameters:
    ///   - minimumDealsPerBand: fewest deals in a band (fewer bands for small histories).
    ///   - maximumBands: most bands.
    public init(
        curve: ScoreCalibration, scores: [Double], won: [Bool], weights: [Double]? = nil, on: Evaluated,
        minimumDealsPerBand: Double = 10, maximumBands: Int = 10
    ) {
        self.curve = curve
        self.on = on
        let predicted = scores.map(curve.probability)
        check = CalibrationCheck(predicted: predicted, won: won, weights: weights)
        bands = ScoreBand.bands(
            scores: scores, won: won, weights: weights, predicted: predicted,
            minimumDeals: minimumDealsPerBand, maximumBands: maximumBands)
    }

    /// Fits the curve on the same deals and evaluates it there (`on` = in-sample).
    public init(
        scores: [Double], won: [Bool], weights: [Double]? = nil, minimumDealsPerBand: Double = 10,
        maximumBands: Int = 10
    ) {
        self.init(
            curve: ScoreCalibration(scores: scores, won: won, weights: weights), scores: scores, won: won,
            weights: weights,
            on: .inSample, minimumDealsPerBand: minimumDealsPerBand, maximumBands: maximumBands)
    }

    /// The band holding `score`, or the nearest band when it falls between or beyond them.
    public func band(containing score: Double) -> ScoreBand? {
        if let b = bands.first(where: { score >= $0.scoreFrom && score <= $0.scoreTo }) { return b }
        return bands.min { distance(score, $0) < distance(score, $1) }
    }

    private func distance(_ s: Double, _ b: ScoreBand) -> Double { s < b.scoreFrom ? b.scoreFrom - s : s - b.scoreTo }

    /// The plainest fraction a/b for a rate r in (0, 1), within 10% of the distance to the nearer
    /// certainty (|a/b − r| ≤ 0.1·min(r, 1 − r)): first b in 2, 3, 4, 5, 10; then "1 in
    /// round(1/r)"; then b in 20, 25, 50, 100 (always close enough). E.g. 0.33 → 1 in 3, 0.62 →
    /// 3 in 5, 0.7 → 7 in 10, 0.05 → 1 in 20.
    public static func plainFraction(_ r: Double) -> (Int, Int) {
        precondition(r > 0 && r < 1, "a rate strictly between 0 and 1")
        let tolerance = 0.1 * min(r, 1 - r)
        func fits(_ b: Int) -> (Int, Int)? {
            let a = max(1, min(b - 1, Int((r * Double(b)).rounded())))
            return abs(Double(a) / Double(b) - r) <= tolerance ? (a, b) : nil
        }
        for b in [2, 3, 4, 5, 10] { if let f = fits(b) { return f } }
        let inverse = (1 / r).rounded()
        if inverse <= 1_000_000, abs(1 / inverse - r) <= tolerance { return (1, Int(inverse)) }
        for b in [20, 25, 50, 100] { if let f = fits(b) { return f } }
        return (max(1, min(99, Int((r * 100).rounded()))), 100)
    }

    /// `{"slope", "intercept", "on", "bins": [{"scoreFrom", "scoreTo", "deals", "won", "observed",
    /// "predicted", "low", "high"}]}` (DESIGN.md `calibration`), plus `curve` {intercept, slope,
    /// method} and `slopeIntercept`. `intercept` is calibration-in-the-large.
    public var json: JSONValue {
        .object([
            ("slope", check.map { .finite($0.slope) } ?? .null),
            ("intercept", check.map { .finite($0.intercept) } ?? .null),
            ("on", .string(on.rawValue)),
            ("bins", .array(bands.map(\.json))),
            ("slopeIntercept", check.map { .finite($0.slopeIntercept) } ?? .null),
            (
                "curve",
                .object([
                    ("intercept", .finite(curve.intercept)), ("slope", .finite(curve.slope)),
                    ("method", .string(curve.method.rawValue)),
                ])
            ),
        ])
    }
}
