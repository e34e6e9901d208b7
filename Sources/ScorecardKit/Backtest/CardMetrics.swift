/// How one card did on the deals of one test period.
public struct CardMetrics: Sendable, Equatable {
    /// Area under the ROC curve.
    public var auc: Double
    /// Kolmogorov–Smirnov statistic.
    public var ks: Double
    /// Brier score of the card's calibrated probabilities (calibrated on the training window).
    public var brier: Double
    /// Log loss of the same probabilities.
    public var logLoss: Double
    /// The card's threshold.
    public var threshold: Double
    /// Share of won deals at or above the threshold.
    public var recall: Double
    /// SQL-to-won rate at the threshold.
    public var precision: Double
    /// SQLs: deals the card's ``Qualification`` passes (at or above the threshold, and meeting
    /// the dual bars when the card has them).
    public var sqlCount: Int
    /// The threshold the selection rule would have picked on this period's deals.
    public var selectedThreshold: Double?
    /// Precision at the selection rule's threshold on this period (equal recall for both cards).
    public var precisionAtTargetRecall: Double?

    /// Computes the metrics for scores and outcomes; `probability` maps a score to a win probability;
    /// `eligible` says which deals meet the card's dual bars (`nil`: the card has none).
    init(
        scores: [Double], won: [Bool], weights: [Double]? = nil, eligible: [Bool]? = nil, threshold: Double,
        rule: ThresholdRule,
        probability: (Double) -> Double
    ) {
        let ranking = RankingMetrics(scores: scores, won: won, weights: weights)
        auc = ranking.auc
        ks = ranking.ks
        var brier = 0.0
        var logLoss = 0.0
        var n = 0.0
        for (i, (s, w)) in zip(scores, won).enumerated() {
            let p = min(max(probability(s), 1e-15), 1 - 1e-15)
            let weight = weights?[i] ?? 1
            brier += weight * (p - (w ? 1 : 0)) * (p - (w ? 1 : 0))
            logLoss -= weight * (w ? _log(p) : _log(1 - p))
            n += weight
        }
        n = max(n, 1)
        self.brier = brier / n
        self.logLoss = logLoss / n
        self.threshold = threshold
        let sweep = ThresholdSweep(scores: scores, won: won, weights: weights, eligible: eligible)
        let at = sweep.row(at: threshold)
        recall = at.recall
        precision = at.precision
        sqlCount = Int(at.won + at.lost)
        let selected = sweep.select(rule)
        selectedThreshold = selected?.threshold
        precisionAtTargetRecall = selected?.precision
    }

    /// `{"auc", "ks", "brier", "logLoss", "threshold", "recall", "precision", "sqlCount", …}`.
    public var json: JSONValue {
        .object([
            ("auc", .finite(auc)), ("ks", .finite(ks)), ("brier", .finite(brier)), ("logLoss", .finite(logLoss)),
            ("threshold", .finite(threshold)), ("recall", .finite(recall)), ("precision", .finite(precision)),
            ("sqlCount", .number(Double(sqlCount))), ("selectedThreshold", .optional(selectedThreshold)),
            ("precisionAtTargetRecall", .optional(precisionAtTargetRecall)),
        ])
    }
}
