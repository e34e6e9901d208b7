/// The quarterly scorecard review: fit the card's rules to the closed deals, scale the fit to
/// points that keep the threshold number, pick the threshold by the 80% rule, and compare the
/// current and revised cards on the same deals.
///
/// ```swift
/// let review = try QuarterlyReview(options: .init()).run(deals: deals, card: current)
/// review.revisedCard.threshold            // 80
/// review.revised.auc > review.current.auc // usually
/// ```
public struct QuarterlyReview: Sendable {
    /// Choices for a review.
    public struct Options: Sendable {
        /// The penalty, or `nil` to choose by history size and separation (see
        /// ``QuarterlyReview/choosePenalty(fit:deals:)``).
        public var penalty: Penalty?
        /// How the threshold is picked (the 80% rule by default).
        public var rule: ThresholdRule
        /// Points are multiples of this.
        public var step: Double
        /// How points are scaled; `nil` keeps the current card's threshold number.
        public var method: PointsScaler.Method?
        /// Platform limits on points.
        public var limits: PointsScaler.Limits
        /// The period `capacity` rules count SQLs per.
        public var per: Period
        /// Bootstrap resamples for the threshold interval (0 to skip).
        public var resamples: Int
        /// The bootstrap's seed.
        public var seed: UInt64
        /// Run the signal diagnostics (flags) as part of the review.
        public var diagnostics: Bool
        /// Leave out signals dated after each deal's `scored_at` (as back-tests do).
        public var pointInTime: Bool
        /// Hold out the last quarter: refit on the earlier ones and compare both cards on it.
        public var holdout: Bool

        /// Creates options; the defaults are the 80% rule, integer points that keep the threshold
        /// number, an automatic penalty and a 1,000-resample bootstrap with seed 1.
        public init(penalty: Penalty? = nil, rule: ThresholdRule = .recall(0.8), step: Double = 1, method: PointsScaler.Method? = nil,
                    limits: PointsScaler.Limits = .init(), per: Period = .quarter, resamples: Int = 1_000, seed: UInt64 = 1,
                    diagnostics: Bool = true, pointInTime: Bool = false, holdout: Bool = true) {
            self.penalty = penalty
            self.rule = rule
            self.step = step
            self.method = method
            self.limits = limits
            self.per = per
            self.resamples = resamples
            self.seed = seed
            self.diagnostics = diagnostics
            self.pointInTime = pointInTime
            self.holdout = holdout
        }
    }

    /// The options.
    public var options: Options

    /// The fewest deals a rule must fire for before its points are refitted.
    public static let minimumFiring = 10

    /// The fewest deals the held-out quarter needs (and at least 5 of each outcome).
    public static let minimumHoldoutDeals = 30

    /// Creates a review with options.
    public init(options: Options = Options()) { self.options = options }

    /// Runs the review.
    ///
    /// - Throws: ``DealDataError`` (one outcome only), ``ScorecardError`` (a rule that does not fit
    ///   the data), ``FitError`` (collinear rules, or separation under an explicit `none` penalty).
    public func run(deals: DealTable, card: Scorecard) throws -> ReviewResult {
        try run(deals: deals, card: card, design: nil)
    }

    /// Runs the review with the history already encoded (a back-test passes its training rows).
    func run(deals: DealTable, card: Scorecard, design encoded: DesignMatrix?) throws -> ReviewResult {
        try deals.requireBothOutcomes()
        let design = try encoded ?? DesignMatrix(card: card, deals: deals, pointInTime: options.pointInTime)
        let patterns = PatternTable(design)
        var (penalty, reason) = Self.choosePenalty(patterns: patterns, requested: options.penalty)
        var notes = design.notes
        if case let .prior(means, lambda) = penalty, means.isEmpty {
            // Centre the prior on the current card, calibrated on this history.
            let prior = try CardPrior(card: card, design: design)
            penalty = .prior(means: prior.means, lambda: lambda)
            if let n = prior.note { notes.append(n) }
            reason += "; the card is worth \(NumberFormatting.fixed(prior.slope, 4)) log-odds per point on this history"
        }
        let fit = try LogisticRegression(penalty: penalty).fit(patterns)
        let periods = deals.closedRange.map { options.per.count(spanning: $0) }
        let method = options.method ?? .keepThreshold(card.threshold, rule: options.rule)
        // Deals each rule fires for; a rule that fires for fewer than `minimumFiring` keeps its
        // points, since an estimate from a handful of deals means nothing (it is flagged noEvidence).
        var fired = [(won: Int, lost: Int)](repeating: (0, 0), count: card.rules.count)
        for i in 0..<design.rowCount {
            let w = Int(design.weight(i))
            for j in card.rules.indices where design[i, j] > 0 {
                if design.won[i] { fired[j].won += w } else { fired[j].lost += w }
            }
        }
        let rare = Set(card.rules.indices.filter { fired[$0].won + fired[$0].lost < Self.minimumFiring })
        let scaled = PointsScaler(method: method, step: options.step, limits: options.limits).scale(fit, card: card, design: design, keepCurrent: rare)
        var revisedCard = scaled.card
        revisedCard.name = card.name + " (revised)"
        revisedCard.metadata = .object([
            ("revisedFrom", .string(card.file)),
            ("deals", .string(deals.file)),
            ("dealsUsed", .number(Double(deals.count))),
            ("penalty", .string(penalty.name)),
            ("pointsPerLogOdds", .number(scaled.factor)),
            ("thresholdRule", .string(options.rule.description)),
        ])

        var changes: [RuleChange] = []
        for (j, rule) in card.rules.enumerated() {
            let (firedWon, firedLost) = fired[j]
            let est = fit.estimates[j]
            let interval = est.map { e -> ClosedRange<Double> in
                let a = scaled.factor * e.ciLow, b = scaled.factor * e.ciHigh
                return min(a, b)...max(a, b)
            }
            changes.append(RuleChange(rule: rule, oldPoints: rule.points, newPoints: revisedCard.rules[j].points, estimate: est,
                                      pointsInterval: interval, exclusion: fit.exclusions[rule.id], firedWon: firedWon, firedLost: firedLost,
                                      keptAsTooRare: rare.contains(j) && fit.exclusions[rule.id] == nil))
        }
        notes.append(contentsOf: scaled.notes)
        let current = CardEvaluation(card: card, design: design, rule: options.rule, periods: periods)
        let revised = CardEvaluation(card: revisedCard, design: design, rule: options.rule, periods: periods)
        let interval = options.resamples > 0
            ? ThresholdBootstrap(resamples: options.resamples, seed: options.seed)
                .interval(scores: revisedCard.scores(design), won: design.won, weights: design.weights, rule: options.rule, periods: periods)
            : nil
        var dual: [DualThresholdRow] = []
        if revisedCard.minFit != nil || revisedCard.minBehavior != nil, case let .recall(target) = options.rule {
            dual = DualThreshold.search(fit: revisedCard.scores(design, kind: .fit), behavior: revisedCard.scores(design, kind: .behavior),
                                        won: design.won, weights: design.weights, recall: target)
        }
        notes.append(contentsOf: fit.warnings)
        var result = ReviewResult(
            dealsFile: deals.file, cardFile: card.file, accounting: deals.accounting, closedRange: deals.closedRange,
            won: deals.wonCount, lost: deals.lostCount, patterns: patterns.count, penalty: penalty, penaltyReason: reason,
            fit: fit, factor: scaled.factor, thresholdKept: scaled.thresholdKept, rule: options.rule,
            currentCard: card, revisedCard: revisedCard, current: current, revised: revised,
            changes: changes, notes: notes, roundingCost: scaled.roundingCost, thresholdInterval: interval, dualBars: dual,
            periods: periods, per: options.per, signals: nil)
        if options.diagnostics { result.signals = try SignalDiagnostics(per: options.per).run(deals: deals, card: card, review: result, design: design) }
        if options.holdout {
            do {
                let holdout = try Backtest(options: .init(per: .quarter, rule: options.rule, penalty: options.penalty, resamples: options.resamples,
                                                          seed: options.seed, lastPeriodOnly: true)).run(deals: deals, card: card)
                // A quarter of a handful of deals says nothing out of time; say so instead.
                if let last = holdout.periods.last, last.deals >= Self.minimumHoldoutDeals, min(last.won, last.deals - last.won) >= 5 {
                    result.holdout = holdout
                } else if let last = holdout.periods.last {
                    result.notes.append("no out-of-time check: the last quarter (\(last.period)) has \(last.deals) deals (\(last.won) won), too few to compare the cards on; collect more before trusting the revised card")
                }
            } catch let error as BacktestError {
                result.notes.append("no out-of-time check: " + error.reason)
            }
        }
        return result
    }

    /// The penalty a review uses when none is requested, and why:
    /// - `prior` (λ = 1) when there are fewer than 10 deals of the rarer outcome per fitted rule
    ///   (the usual events-per-variable rule): a small history should move the current card only
    ///   as far as its evidence carries, and the prior keeps every estimate finite;
    /// - `firth` when a rule separates won from lost in a larger history (maximum likelihood would
    ///   diverge; Firth's estimate is finite and nearly unbiased);
    /// - `none` (maximum likelihood) otherwise.
    ///
    /// A `prior` returned here has empty means: ``run(deals:card:)`` centres it on the current
    /// card, calibrated on the history (see ``CardPrior``).
    public static func choosePenalty(patterns: PatternTable, requested: Penalty?) -> (Penalty, String) {
        if let requested { return (requested, "\(requested) (requested)") }
        let summary = ColumnSummary(patterns)
        let kept = LogisticRegression.screen(summary, ruleIDs: patterns.ruleIDs).kept
        let separated = LogisticRegression.findSeparation(patterns, summary: summary, columns: kept)
        let rarer = min(patterns.totalWon, patterns.totalLost)
        let p = Double(max(kept.count, 1))
        if rarer / p < 10 {
            return (.prior(means: [], lambda: 1), "a fit centred on the current card (prior, lambda 1), because the history is small: \(JSONValue.format(rarer)) deals of the rarer outcome for \(kept.count) fitted rules (fewer than 10 per rule), so the card moves only as far as the evidence carries it")
        }
        if !separated.isEmpty {
            return (.firth, "Firth's bias-reduced fit, because " + separated.map(\.explanation).joined(separator: "; "))
        }
        return (.none, "maximum likelihood: \(JSONValue.format(rarer)) deals of the rarer outcome for \(kept.count) fitted rules, and no rule separates won from lost")
    }
}

/// Everything a review found, for rendering as text, Markdown, HTML or JSON.
public struct ReviewResult: Sendable {
    /// The deal history file.
    public var dealsFile: String
    /// The current card's file.
    public var cardFile: String
    /// Rows read, used and skipped.
    public var accounting: RowAccounting
    /// First and last `closed_at`.
    public var closedRange: ClosedRange<CalendarDate>?
    /// Won deals used.
    public var won: Int
    /// Lost deals used.
    public var lost: Int
    /// Distinct encoded patterns.
    public var patterns: Int
    /// The penalty used.
    public var penalty: Penalty
    /// Why that penalty.
    public var penaltyReason: String
    /// The fit.
    public var fit: LogisticFit
    /// Points per unit of log-odds.
    public var factor: Double
    /// Whether the revised threshold equals the current card's number.
    public var thresholdKept: Bool
    /// The threshold rule.
    public var rule: ThresholdRule
    /// The current card.
    public var currentCard: Scorecard
    /// The revised card.
    public var revisedCard: Scorecard
    /// The current card on the history.
    public var current: CardEvaluation
    /// The revised card on the history.
    public var revised: CardEvaluation
    /// Per rule, old → new.
    public var changes: [RuleChange]
    /// Notes and warnings for the reader.
    public var notes: [String]
    /// What rounding to whole points cost in ranking.
    public var roundingCost: PointsScaler.RoundingCost
    /// The bootstrap interval of the revised card's threshold, recall and precision.
    public var thresholdInterval: ThresholdInterval?
    /// With dual bars on the card: the best (fit, behavior) pairs at the recall target.
    public var dualBars: [DualThresholdRow]
    /// Periods the history spans (for capacity rules), when it has dates.
    public var periods: Int?
    /// The period length.
    public var per: Period
    /// Per-rule diagnostics and flags, and candidate rules.
    public var signals: SignalReport?
    /// The last quarter held out: both cards on deals the refit did not see.
    public var holdout: BacktestResult?

    /// The rules whose points moved most, largest first (rules with a fitted estimate only).
    public func biggestChanges(_ k: Int = 3) -> [RuleChange] {
        Array(changes.filter { $0.exclusion == nil && !$0.keptAsTooRare && $0.change != 0 }.sorted { abs($0.change) > abs($1.change) }.prefix(k))
    }
}
