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
        /// ``CardFit/choosePenalty(patterns:requested:)``).
        public var penalty: Penalty?
        /// How the threshold is picked (the 80% rule by default).
        public var rule: ThresholdRule
        /// Points are multiples of this.
        public var step: Double
        /// How points are scaled; `nil` keeps the current card's threshold number.
        public var method: PointsScaler.Method?
        /// Platform limits on points.
        public var limits: PointsScaler.Limits
        /// A CRM whose documented limits the revised card keeps to; the review shows their cost.
        public var platform: Platform?
        /// The period `capacity` rules count SQLs per.
        public var per: Period
        /// Bootstrap resamples for the threshold interval (0 to skip).
        public var resamples: Int
        /// The bootstrap's seed.
        public var seed: UInt64
        /// Keep leaky rules in the refit and the revised card (the review then says that its
        /// figures lean on them).
        public var keepLeaky: Bool
        /// Leave out signals dated after each deal's `scored_at` (as back-tests do).
        public var pointInTime: Bool
        /// Hold out the last quarter: refit on the earlier ones and compare both cards on it.
        public var holdout: Bool
        /// Told the stage the review enters (fitting, diagnostics, decisions, back-test), for a
        /// progress line; `nil`: nobody is told.
        public var progress: ProgressReporter? = nil

        /// Creates options; the defaults are the 80% rule, integer points that keep the threshold
        /// number, an automatic penalty and a 1,000-resample bootstrap with seed 1.
        public init(penalty: Penalty? = nil, rule: ThresholdRule = .recall(0.8), step: Double = 1, method: PointsScaler.Method? = nil,
                    limits: PointsScaler.Limits = .init(), per: Period = .quarter, resamples: Int = 1_000, seed: UInt64 = 1,
                    keepLeaky: Bool = false, pointInTime: Bool = false, holdout: Bool = true, platform: Platform? = nil) {
            self.penalty = penalty
            self.rule = rule
            self.step = step
            self.method = method
            self.limits = limits
            self.per = per
            self.resamples = resamples
            self.seed = seed
            self.keepLeaky = keepLeaky
            self.platform = platform
            self.pointInTime = pointInTime
            self.holdout = holdout
        }
    }

    /// The options.
    public var options: Options

    /// The fewest deals a rule must fire for before its points are refitted.
    public static let minimumFiring = CardRefit.defaultMinimumFiring

    /// The fewest deals the held-out quarter needs (and at least 5 of each outcome).
    public static let minimumHoldoutDeals = 30

    /// Creates a review with options.
    public init(options: Options = Options()) { self.options = options }

    /// The refit recipe these options describe (the review's, handed to its back-test too).
    public var refit: CardRefit {
        CardRefit(penalty: options.penalty, rule: options.rule, step: options.step, method: options.method, limits: options.limits,
                  minimumFiring: Self.minimumFiring, platform: options.platform)
    }

    /// Runs the review: the stages in the data's order, each given what the ones before it made.
    ///
    /// - Throws: ``DealDataError`` (one outcome only), ``ScorecardError`` (a rule that does not fit
    ///   the data), ``FitError`` (collinear rules, or separation under an explicit `none` penalty).
    public func run(deals: DealTable, card: Scorecard) throws -> ReviewResult {
        try deals.requireBothOutcomes()
        let design = try DesignMatrix(card: card, deals: deals, pointInTime: options.pointInTime)
        // Fit and diagnose every rule, decide one action per rule, refit without the drops.
        options.progress?(.fitting)
        let decided = try CardDecisions(refit: self.refit, keepLeaky: options.keepLeaky, per: options.per)
            .run(deals: deals, card: card, design: design, progress: options.progress)
        let refit = decided.final
        let fit = refit.fitted.fit, scaled = refit.scaled
        let periods = deals.closedRange.map { options.per.count(spanning: $0) }
        var revisedCard = scaled.card
        revisedCard.name = card.name + " (revised)"
        revisedCard.metadata = .object([
            ("revisedFrom", .string(card.file)),
            ("deals", .string(deals.file)),
            ("dealsUsed", .number(Double(deals.count))),
            ("penalty", .string(refit.fitted.penalty.name)),
            ("pointsPerLogOdds", .number(scaled.factor)),
            ("thresholdRule", .string(options.rule.description)),
            ("dropped", .array(decided.dropped.map { .string($0.id) })),
        ])

        var changes: [RuleChange] = []
        for (j, rule) in refit.card.rules.enumerated() {
            let est = fit.estimates[j]
            let interval = est.map { e -> ClosedRange<Double> in
                let a = scaled.factor * e.ciLow, b = scaled.factor * e.ciHigh
                return min(a, b)...max(a, b)
            }
            changes.append(RuleChange(rule: rule, oldPoints: rule.points, newPoints: revisedCard.rules[j].points, estimate: est,
                                      pointsInterval: interval, exclusion: fit.exclusions[rule.id], firedWon: refit.fired[j].won,
                                      firedLost: refit.fired[j].lost,
                                      keptAsTooRare: refit.keptAsTooRare.contains(j) && fit.exclusions[rule.id] == nil))
        }
        var notes = design.notes + refit.fitted.notes + scaled.notes
        let current = CardEvaluation(card: card, design: design, rule: options.rule, periods: periods)
        let revised = CardEvaluation(card: revisedCard, design: refit.design, rule: options.rule, periods: periods)
        let revisedSweep = CardSweep(card: revisedCard, design: refit.design, rule: options.rule, periods: periods, resamples: options.resamples,
                                     seed: options.seed)
        // What leaving the dropped rules out changed: the card refitted with them, on the same deals.
        var leftOut: LeftOutEffect? = nil
        if !decided.dropped.isEmpty {
            let with = decided.full.revisedCard
            leftOut = LeftOutEffect(rules: decided.dropped.map(\.id),
                                    aucWith: RankingMetrics(scores: with.scores(design), won: design.won, weights: design.weights).auc,
                                    aucWithout: revised.auc, thresholdWith: with.threshold, thresholdWithout: revisedCard.threshold)
        }
        if !decided.keptLeaky.isEmpty {
            notes.append("the revised card keeps the leaky rule\(decided.keptLeaky.count == 1 ? "" : "s") \(decided.keptLeaky.joined(separator: ", ")) (--keep-leaky): its figures lean on signals that are recorded after the decision and will not exist when a new lead is scored")
        }
        notes.append(contentsOf: fit.warnings)
        var result = ReviewResult(
            dealsFile: deals.file, cardFile: card.file, accounting: deals.accounting, closedRange: deals.closedRange,
            won: deals.wonCount, lost: deals.lostCount, patterns: refit.fitted.patterns.count, penalty: refit.fitted.penalty,
            penaltyReason: refit.fitted.reason, fit: fit, factor: scaled.factor, thresholdKept: scaled.thresholdKept, rule: options.rule,
            currentCard: card, revisedCard: revisedCard, current: current, revised: revised,
            changes: changes, notes: notes, roundingCost: scaled.roundingCost, thresholdInterval: revisedSweep.interval, dualBars: revisedSweep.dualBars,
            periods: periods, per: options.per, signals: decided.signals)
        result.fittedCard = refit.card
        result.decisions = decided.decisions
        result.leftOut = leftOut
        result.platformCost = refit.platformCost
        result.calibrationBands = Self.calibrationBands(revisedCard.scores(refit.design), won: refit.design.won, weights: refit.design.weights)
        if options.holdout {
            options.progress?(.backtest)
            do {
                let holdout = try Backtest(options: .init(per: .quarter, rule: options.rule, refit: decided.recipe, resamples: options.resamples,
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
}

extension QuarterlyReview {
    /// Predicted and observed win rates in bands of about a tenth of the deals each, in rising
    /// score; the prediction is `logit p = a + b · score` fitted on the same deals.
    static func calibrationBands(_ scores: [Double], won: [Bool], weights: [Double]?) -> [(predicted: Double, observed: Double)] {
        let c = ThresholdSweep(scores: scores, won: won, weights: weights).cells
        let cells = c.flatMap { [($0.score, true, $0.won), ($0.score, false, $0.lost)] }.filter { $0.2 > 0 }
        let predict = LogisticRegression.scoreCalibration(scores: cells.map(\.0), won: cells.map(\.1), weights: cells.map(\.2))
        let total = c.reduce(0) { $0 + $1.won + $1.lost }
        var bands: [(predicted: Double, observed: Double)] = []
        var w = 0.0, n = 0.0, p = 0.0
        for cell in c {
            let m = cell.won + cell.lost
            w += cell.won; n += m; p += predict(cell.score) * m
            if n >= total / 10 { bands.append((p / n, w / n)); w = 0; n = 0; p = 0 }
        }
        if n > 0 { bands.append((p / n, w / n)) }
        return bands
    }
}

/// The revised card refitted with the dropped rules and without them, on the same deals.
public struct LeftOutEffect: Sendable, Equatable {
    /// The rules left out.
    public var rules: [String]
    /// In-sample AUC of the card refitted with them.
    public var aucWith: Double
    /// In-sample AUC of the revised card (without them).
    public var aucWithout: Double
    /// The threshold the card refitted with them would use.
    public var thresholdWith: Double
    /// The revised card's threshold.
    public var thresholdWithout: Double
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
    /// The card that was refitted: the current card less the dropped rules (current points).
    public var fittedCard: Scorecard? = nil
    /// Exactly one decision per rule of the current card, in card order.
    public var decisions: [RuleDecision] = []
    /// What leaving the dropped rules out of the refit changed.
    public var leftOut: LeftOutEffect? = nil
    /// With a platform: what keeping to its limits cost (AUC, SQLs, threshold, reachable maximum).
    public var platformCost: PlatformCost? = nil
    /// The last quarter held out: both cards on deals the refit did not see.
    public var holdout: BacktestResult?
    /// Predicted against observed win rate of the revised card by score band (deciles of deals),
    /// the prediction being the revised score calibrated on the history.
    public var calibrationBands: [(predicted: Double, observed: Double)] = []

    /// The rules whose points moved most, largest first (rules with a fitted estimate only).
    public func biggestChanges(_ k: Int = 3) -> [RuleChange] {
        Array(changes.filter { $0.exclusion == nil && !$0.keptAsTooRare && $0.change != 0 }.sorted { abs($0.change) > abs($1.change) }.prefix(k))
    }
}
