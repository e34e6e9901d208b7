/// How one card performs on a deal history: ranking quality and the SQL split at its threshold.
public struct CardEvaluation: Sendable {
    /// Area under the ROC curve of the card's scores.
    public var auc: Double
    /// Kolmogorov–Smirnov statistic of the card's scores.
    public var ks: Double
    /// The card's SQLs by its ``Qualification`` (threshold and dual bars) and what they give
    /// (won/lost SQLs, recall, precision, SQL rate).
    public var atThreshold: ThresholdRow
    /// The threshold the selection rule (the 80% rule by default) would pick on these scores.
    public var selected: ThresholdRow?
    /// The full sweep of the card's scores (dual bars held, when the card has them).
    public var sweep: ThresholdSweep

    /// Scores `card` on `design` (built from the card's rules) and evaluates it.
    ///
    /// - Parameter selectionWeights: the weights the rule counts deals with when they are not the
    ///   design's (``RecentWon``: a `recall:` rule over the latest won deals); the selected row's
    ///   figures still count every deal.
    public init(
        card: Scorecard, design: DesignMatrix, rule: ThresholdRule, periods: Int? = nil,
        selectionWeights: [Double]? = nil
    ) {
        let scores = card.scores(design)
        let eligible = card.barsMet(design)
        var sweep = ThresholdSweep(scores: scores, won: design.won, weights: design.weights, eligible: eligible)
        sweep.periods = periods
        self.init(
            card: card, design: design, scores: scores, sweep: sweep,
            selected: CardSweep.select(
                rule, in: sweep, scores: scores, design: design, eligible: eligible, periods: periods,
                selectionWeights: selectionWeights))
    }

    /// Evaluates `card` from its sweep (``CardSweep``), made from the same `scores` on `design`:
    /// the card is scored and swept once for both.
    init(card: Scorecard, design: DesignMatrix, scores: [Double], sweep: CardSweep) {
        self.init(card: card, design: design, scores: scores, sweep: sweep.sweep, selected: sweep.selected)
    }

    private init(
        card: Scorecard, design: DesignMatrix, scores: [Double], sweep: ThresholdSweep, selected: ThresholdRow?
    ) {
        let metrics = RankingMetrics(scores: scores, won: design.won, weights: design.weights)
        auc = metrics.auc
        ks = metrics.ks
        self.sweep = sweep
        atThreshold = sweep.row(at: card.threshold)
        self.selected = selected
    }
}
