/// A card's threshold sweep on a history, as the `sweep` command and the review show it: every
/// threshold with the card's dual bars held, the one the selection rule picks with its bootstrap
/// interval, and (for a dual-bar card under a recall rule) the best pairs of bars.
///
/// ```swift
/// let result = try CardSweep(deals: deals, card: card, rule: .recall(0.8))
/// result.sweep.row(at: card.threshold)   // the card's SQLs, by its one predicate
/// result.selected?.threshold             // what the 80% rule picks
/// ```
public struct CardSweep: Sendable {
    /// Every threshold, highest first; with dual bars, a deal that misses them is never counted at
    /// or above a threshold (it is never an SQL).
    public var sweep: ThresholdSweep
    /// The row the rule selects, if any.
    public var selected: ThresholdRow?
    /// The 95% bootstrap interval of the selection (`nil` with no resamples).
    public var interval: ThresholdInterval?
    /// With dual bars on the card and a recall rule: the best (fit, behavior) pairs at the target.
    public var dualBars: [DualThresholdRow]

    /// Sweeps `card`'s scores on `design` (the history encoded with `card`).
    ///
    /// - Parameters:
    ///   - periods: months or quarters the history spans, for `capacity` rules.
    ///   - resamples: bootstrap resamples for the interval (0 to skip).
    ///   - selectionWeights: the weights the rule counts deals with when they are not the design's
    ///     (``RecentWon``: a `recall:` rule over the latest won deals); the sweep's rows and the
    ///     selected row's figures still count every deal.
    public init(
        card: Scorecard, design: DesignMatrix, rule: ThresholdRule, periods: Int? = nil, resamples: Int = 0,
        seed: UInt64 = 1,
        selectionWeights: [Double]? = nil
    ) {
        self.init(
            card: card, design: design, scores: card.scores(design), rule: rule, periods: periods,
            resamples: resamples, seed: seed, selectionWeights: selectionWeights)
    }

    /// Sweeps `scores`, `card`'s scores on `design`, for a caller that has them already.
    init(
        card: Scorecard, design: DesignMatrix, scores: [Double], rule: ThresholdRule, periods: Int?, resamples: Int,
        seed: UInt64, selectionWeights: [Double]?
    ) {
        let eligible = card.barsMet(design)
        sweep = ThresholdSweep(scores: scores, won: design.won, weights: design.weights, eligible: eligible)
        sweep.periods = periods
        selected = Self.select(
            rule, in: sweep, scores: scores, design: design, eligible: eligible, periods: periods,
            selectionWeights: selectionWeights)
        interval =
            resamples > 0
            ? ThresholdBootstrap(resamples: resamples, seed: seed)
                .interval(
                    scores: scores, won: design.won, weights: selectionWeights ?? design.weights, eligible: eligible,
                    rule: rule, periods: periods)
            : nil
        dualBars = []
        if card.qualification.hasBars, case .recall(let target) = rule {
            dualBars = DualThreshold.search(
                fit: card.scores(design, kind: .fit), behavior: card.scores(design, kind: .behavior),
                won: design.won, weights: design.weights, recall: target)
        }
    }

    /// The row `rule` selects on `sweep` (the card's scores on `design`): counted with
    /// `selectionWeights` when given (then read off the sweep at that threshold, every deal
    /// counted), else the sweep's own selection.
    static func select(
        _ rule: ThresholdRule, in sweep: ThresholdSweep, scores: [Double], design: DesignMatrix, eligible: [Bool]?,
        periods: Int?,
        selectionWeights: [Double]?
    ) -> ThresholdRow? {
        guard let selectionWeights else { return sweep.select(rule) }
        return ThresholdSweep.threshold(
            for: rule, scores: scores, won: design.won, weights: selectionWeights, eligible: eligible, periods: periods
        )
        .map { sweep.row(at: $0) }
    }

    /// Encodes `deals` with `card` and sweeps.
    ///
    /// - Throws: ``DealDataError`` (one outcome only, a rule that does not fit the data),
    ///   ``ThresholdError/capacityNeedsDates(file:per:)`` for a `capacity` rule on a history
    ///   without `closed_at`.
    ///   ``ThresholdError`` when `recentWon` asks for more won deals than the history has (or it has
    ///   no `closed_at`), or the rule is not a `recall:` rule.
    public init(
        deals: DealTable, card: Scorecard, rule: ThresholdRule, per: Period = .quarter, resamples: Int = 0,
        seed: UInt64 = 1,
        recentWon: Int? = nil
    ) throws {
        try deals.requireBothOutcomes()
        let periods = deals.closedRange.map { per.count(spanning: $0) }
        if case .capacity = rule, periods == nil { throw ThresholdError.capacityNeedsDates(file: deals.file, per: per) }
        var selectionWeights: [Double]? = nil
        if let n = recentWon {
            guard case .recall = rule else { throw ThresholdError.recentWonNeedsRecallRule(rule: rule.description) }
            selectionWeights = try RecentWon(count: n, deals: deals).selectionWeights(
                won: deals.won, weights: deals.weights)
        }
        self.init(
            card: card, design: try DesignMatrix(card: card, deals: deals), rule: rule, periods: periods,
            resamples: resamples, seed: seed,
            selectionWeights: selectionWeights)
    }
}

/// A threshold rule the history cannot apply.
public enum ThresholdError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `capacity` rule counts SQLs per period, and the history has no `closed_at` dates.
    case capacityNeedsDates(file: String, per: Period)
    /// `--recent-won` orders won deals by `closed_at`, and the history has none.
    case recentWonNeedsDates(file: String)
    /// `--recent-won` counts deals, and the history's rows carry counts (`--counts`).
    case recentWonNeedsOneRowPerDeal(file: String)
    /// `--recent-won N` asks for more won deals than the history has (with a close date).
    case recentWonExceedsWon(file: String, requested: Int, won: Int, dated: Int)
    /// `--recent-won` changes what a `recall:` rule counts; other rules have no recall to count.
    case recentWonNeedsRecallRule(rule: String)

    public var description: String {
        switch self {
        case .capacityNeedsDates(let file, let per):
            "\(file): --select capacity needs a closed_at column to count SQLs per \(per)"
        case .recentWonNeedsDates(let file):
            "\(file): --recent-won needs a closed_at column to tell which won deals are the most recent"
        case .recentWonNeedsOneRowPerDeal(let file):
            "\(file): --recent-won counts deals, and this history's rows carry counts (one row per deal is needed)"
        case .recentWonExceedsWon(let file, let requested, let won, let dated):
            "\(file): --recent-won \(requested) asks for more won deals than the history has: \(won) won"
                + (dated == won ? "" : ", \(dated) of them with a closed_at")
        case .recentWonNeedsRecallRule(let rule):
            "--recent-won counts recall over the latest won deals, so it needs a recall:R rule; --select is \(rule)"
        }
    }
}
