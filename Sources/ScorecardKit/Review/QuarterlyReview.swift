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
        /// Search merges, gates and additions (``StructuralSearch``); `false` only reweights and
        /// drops (`--no-structural`).
        public var structural: Bool = true
        /// `--recent-won N`: the `recall:` rule counts only the N most recently closed won deals
        /// (``RecentWon``); the review says how far that bar sits from the whole history's.
        public var recentWon: Int? = nil
        /// Told the stage the review enters (fitting, diagnostics, decisions, back-test), for a
        /// progress line; `nil`: nobody is told.
        public var progress: ProgressReporter? = nil

        /// Creates options; the defaults are the 80% rule, integer points that keep the threshold
        /// number, an automatic penalty and a 1,000-resample bootstrap with seed 1.
        public init(
            penalty: Penalty? = nil, rule: ThresholdRule = .recall(0.8), step: Double = 1,
            method: PointsScaler.Method? = nil,
            limits: PointsScaler.Limits = .init(), per: Period = .quarter, resamples: Int = 1_000, seed: UInt64 = 1,
            keepLeaky: Bool = false, pointInTime: Bool = false, holdout: Bool = true, platform: Platform? = nil
        ) {
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

    /// The fewest deals of the rarer outcome (won or lost) a review revises a card on (5). Below it
    /// the history is an anecdote: the review reports the fit as evidence but leaves the card as
    /// it is. Five is the smallest count a 2×2 comparison of a rule's win rates is read on
    /// (Cochran's rule of expected counts ≥ 5; Cochran, Biometrics 1954), and a rule's estimate is
    /// such a comparison.
    public static let minimumRarerOutcome = 5

    /// The most deals for which the scoring and the held-out quarter's back-test run side by side
    /// (2,000,000). Past that they run one after the other: held at once, their arrays raised a
    /// ten-million-deal review's peak memory by about 200 MB, and a history that large is bound by
    /// memory before time.
    static let sideBySideDeals = 2_000_000

    /// Creates a review with options.
    public init(options: Options = Options()) { self.options = options }

    /// The refit recipe these options describe (the review's, handed to its back-test too).
    public var refit: CardRefit {
        var recipe = CardRefit(
            penalty: options.penalty, rule: options.rule, step: options.step, method: options.method,
            limits: options.limits,
            minimumFiring: Self.minimumFiring, platform: options.platform)
        recipe.per = options.per
        recipe.recentWon = options.recentWon
        return recipe
    }

    /// Runs the review: the stages in the data's order, each given what the ones before it made.
    ///
    /// - Throws: ``DealDataError`` (one outcome only), ``ScorecardError`` (a rule that does not fit
    ///   the data), ``FitError`` (collinear rules, or separation under an explicit `none` penalty).
    public func run(deals: DealTable, card: Scorecard) throws -> ReviewResult {
        try deals.requireBothOutcomes()
        let design = try DesignMatrix(card: card, deals: deals, pointInTime: options.pointInTime)
        // Decay the team has set is checked against the outcomes; a half-life the data exclude is
        // replaced by the estimate before the refit (and the review says so).
        let checked = try CheckedHalfLives(card: card, deals: deals)
        let fitCard = checked.card
        let decay = checked.report
        let decayNotes = checked.replaced.map { e in
            let estimate = e.estimate.map { "\(NumberFormatting.fixed($0, 0)) days" } ?? "no decay"
            let interval =
                "\(NumberFormatting.fixed(e.low, 0))–\(e.high.map { NumberFormatting.fixed($0, 0) } ?? "∞") days"
            return
                "\(e.ruleID): the data exclude its half-life of \(JSONValue.format(e.current)) days (95% interval \(interval)), so the revised card (and the held-out quarter's comparison) uses \(estimate)"
        }
        let fitDesign =
            fitCard == card ? design : try DesignMatrix(card: fitCard, deals: deals, pointInTime: options.pointInTime)
        // Fit and diagnose every rule, decide one action per rule, refit without the drops.
        options.progress?(.fitting)
        let recipe = try self.refit.spanning(deals.closedRange).resolvingRecentWon(in: deals)
        let decided = try CardDecisions(
            refit: recipe, keepLeaky: options.keepLeaky, per: options.per, structural: options.structural
        )
        .run(deals: deals, card: fitCard, design: fitDesign, progress: options.progress)
        let refit = decided.final
        let fit = refit.fitted.fit
        let scaled = refit.scaled
        let periods = deals.closedRange.map { options.per.count(spanning: $0) }
        var revisedCard = scaled.card
        revisedCard.name = card.name + " (revised)"
        // The current card's description spoke of its own points; the revised card says where its came from.
        revisedCard.description =
            "Points refitted by ScorecardKit from \(deals.file) (\(deals.count) closed deals), starting from \(card.file)."
        revisedCard.metadata = .object([
            ("revisedFrom", .string(card.file)),
            ("deals", .string(deals.file)),
            ("dealsUsed", .number(Double(deals.count))),
            ("penalty", .string(refit.fitted.penalty.name)),
            ("pointsPerLogOdds", .number(scaled.factor)),
            ("thresholdRule", .string(options.rule.description)),
            (
                "dropped",
                .array(
                    min(deals.wonCount, deals.lostCount) < Self.minimumRarerOutcome
                        ? [] : decided.dropped.map { .string($0.id) })
            ),
        ])

        var changes: [RuleChange] = []
        for (j, rule) in refit.card.rules.enumerated() {
            let est = fit.estimates[j]
            let interval = scaled.pointsInterval(ofRule: j, estimate: est)
            changes.append(
                RuleChange(
                    rule: rule, oldPoints: rule.points, newPoints: revisedCard.rules[j].points, estimate: est,
                    pointsInterval: interval, exclusion: fit.exclusions[rule.id], firedWon: refit.fired[j].won,
                    firedLost: refit.fired[j].lost,
                    keptAsTooRare: refit.keptAsTooRare.contains(j) && fit.exclusions[rule.id] == nil))
        }
        var notes = design.notes + decayNotes + refit.fitted.notes + scaled.notes + decided.notes
        options.progress?(.scoring)
        let rarer = min(deals.wonCount, deals.lostCount)
        let scoredCard = revisedCard
        // The held-out quarter refits its own card and needs nothing the scoring finds, so the two
        // run side by side (up to ``sideBySideDeals``).
        let (scoring, holdoutRun) = concurrently(
            sideBySide: deals.count <= Self.sideBySideDeals,
            {
                let revisedCard = scoredCard
                // With --recent-won, the rule counts the latest won deals only (the other figures, every deal).
                let selectionWeights = recipe.recentWonRows.map {
                    RecentWon.selectionWeights(rows: $0, won: design.won, weights: design.weights)
                }
                let current = CardEvaluation(
                    card: card, design: design, rule: options.rule, periods: periods, selectionWeights: selectionWeights
                )
                // The revised card is scored and swept once, for its figures and its threshold's interval.
                let revisedScores = revisedCard.scores(refit.design)
                let revisedSweep = CardSweep(
                    card: revisedCard, design: refit.design, scores: revisedScores, rule: options.rule,
                    periods: periods, resamples: options.resamples, seed: options.seed,
                    selectionWeights: selectionWeights)
                let revised = CardEvaluation(
                    card: revisedCard, design: refit.design, scores: revisedScores, sweep: revisedSweep)
                var recentWonBar: RecentWonBar? = nil
                if let n = options.recentWon, let rows = recipe.recentWonRows {
                    let whole = ThresholdSweep.threshold(
                        for: options.rule, scores: revisedScores, won: refit.design.won,
                        weights: refit.design.weights, eligible: revisedCard.barsMet(refit.design), periods: periods)
                    recentWonBar = RecentWonBar(
                        count: n, closed: RecentWon.span(of: rows, in: deals),
                        threshold: revised.selected?.threshold,
                        wholeHistoryThreshold: whole)
                }
                // What leaving the dropped rules out changed: the card refitted with them, on the same deals;
                // and the current card without them, the comparison that does not credit it with a leak.
                var leftOut: LeftOutEffect? = nil
                var currentWithoutDropped: CardEvaluation? = nil
                if !decided.dropped.isEmpty {
                    let kept = card.ruleIndices(excluding: decided.dropped.map(\.id))
                    currentWithoutDropped = CardEvaluation(
                        card: card.keepingRules(kept), design: design.selectingColumns(kept), rule: options.rule,
                        periods: periods)
                    let with = decided.full.revisedCard
                    leftOut = LeftOutEffect(
                        rules: decided.dropped.map(\.id),
                        aucWith: RankingMetrics(
                            scores: with.scores(fitDesign), won: fitDesign.won, weights: fitDesign.weights
                        )
                        .auc,
                        aucWithout: revised.auc, thresholdWith: with.threshold, thresholdWithout: revisedCard.threshold)
                }
                let nextStep = Result {
                    try (rarer < Self.minimumRarerOutcome ? card : revisedCard).nextStepSummary(
                        deals: deals, per: options.per)
                }
                return (
                    current, revised, revisedSweep, recentWonBar, leftOut, currentWithoutDropped,
                    nextStep
                )
            },
            { () -> Result<BacktestResult, any Error>? in
                guard options.holdout, rarer >= Self.minimumRarerOutcome else { return nil }
                return Result {
                    // The earlier quarters' fit starts from the whole history's.
                    var recipe = decided.recipe
                    recipe.start = [fit.intercept.coefficient] + fit.coefficients
                    var holdoutOptions = Backtest.Options(
                        per: .quarter, rule: options.rule, refit: recipe, resamples: options.resamples,
                        seed: options.seed, lastPeriodOnly: true)
                    holdoutOptions.dropped = decided.dropped.map(\.id)
                    if !decided.structural.isEmpty { holdoutOptions.refitting = refit.card }
                    // The fit's design is the back-test's own when it was built at a point in time
                    // or no rule's signal is dated (then the two encodings agree): encoded once.
                    if options.pointInTime
                        || !fitCard.rules.flatMap(\.signals).contains(where: { deals.columns[$0 + "_at"] != nil })
                    {
                        holdoutOptions.design = fitDesign
                    }
                    return try Backtest(options: holdoutOptions).run(deals: deals, card: fitCard)
                }
            })
        let (current, revised, revisedSweep, recentWonBar, leftOut, currentWithoutDropped, nextStep) =
            scoring
        if !decided.keptLeaky.isEmpty {
            notes.append(
                "the revised card keeps the leaky rule\(decided.keptLeaky.count == 1 ? "" : "s") \(decided.keptLeaky.joined(separator: ", ")) (--keep-leaky): its figures lean on signals that are recorded after the decision and will not exist when a new lead is scored"
            )
        }
        notes.append(contentsOf: fit.warnings)
        var result = ReviewResult(
            dealsFile: deals.file, cardFile: card.file, accounting: deals.accounting, closedRange: deals.closedRange,
            won: deals.wonCount, lost: deals.lostCount, patterns: refit.fitted.patterns.count,
            penalty: refit.fitted.penalty,
            penaltyReason: refit.fitted.reason, fit: fit, factor: scaled.factor, thresholdKept: scaled.thresholdKept,
            rule: options.rule,
            currentCard: card, revisedCard: revisedCard, current: current, revised: revised,
            changes: changes, notes: notes, roundingCost: scaled.roundingCost(on: refit.design),
            thresholdInterval: revisedSweep.interval, dualBars: revisedSweep.dualBars,
            periods: periods, per: options.per, signals: decided.signals)
        result.fittedCard = refit.card
        result.pointShifts = scaled.shifts
        result.decisions = decided.decisions
        result.leftOut = leftOut
        result.currentWithoutDropped = currentWithoutDropped
        result.recentWon = recentWonBar
        result.limitsCost = refit.limitsCost
        result.decay = decay
        result.sampleSize = SampleSize.forFit(fit).map {
            ReviewSampleSize(criteria: $0.sampleSize, r2Source: $0.r2Source, changes: changes, factor: scaled.factor)
        }
        if rarer < Self.minimumRarerOutcome {
            result.nextStep = try nextStep.get()
            result.leaveCardAlone(rarer: rarer, won: deals.wonCount < deals.lostCount)
            return result
        }
        if let holdoutRun {
            options.progress?(.backtest)
            do {
                let holdout = try holdoutRun.get()
                // A quarter of a handful of deals says nothing out of time; say so instead.
                if let last = holdout.periods.last, !last.tooFew {
                    result.holdout = holdout
                    if let meaning = last.scoreMeaning { result.calibration = meaning }
                } else if let last = holdout.periods.last {
                    result.notes.append(
                        "no out-of-time check: the last quarter (\(last.period)) has \(last.deals) deals (\(last.won) won), too few to compare the cards on; collect more before trusting the revised card"
                    )
                }
            } catch let error as BacktestError {
                result.notes.append("no out-of-time check: " + error.reason)
            }
        }
        result.nextStep = try nextStep.get()
        if result.calibration == nil {
            // No held-out quarter to read the scores on: what they meant in sample (said so).
            result.calibration = ScoreMeaning(
                scores: revisedCard.scores(refit.design), won: refit.design.won, weights: refit.design.weights)
        }
        return result
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
    /// Patterns the fit ran on (``LogisticFit/patternCount``: distinct rows, or every row of a
    /// large history that hardly repeats).
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
    /// The current card without the rules the decisions drop (same points, same threshold), on the
    /// same deals: the fair comparison when the current card leaned on a leaky rule. `nil` when no
    /// rule is dropped.
    public var currentWithoutDropped: CardEvaluation? = nil
    /// With `--recent-won N`: the bar over the N latest won deals beside the whole history's.
    public var recentWon: RecentWonBar? = nil
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
    /// Per rule of ``fittedCard``, the points its exhaustive group was shifted by
    /// (``PointsScaler/Result/shifts``; empty when no group was shifted).
    public var pointShifts: [Double] = []
    /// Exactly one decision per rule of the current card, in card order.
    public var decisions: [RuleDecision] = []
    /// What leaving the dropped rules out of the refit changed.
    public var leftOut: LeftOutEffect? = nil
    /// With a platform: what keeping to its limits cost (AUC, SQLs, threshold, reachable maximum).
    public var limitsCost: LimitsCost? = nil
    /// The last quarter held out: both cards on deals the refit did not see.
    public var holdout: BacktestResult?
    /// What the revised card's score means: observed win rate by score band, the fitted curve, and
    /// its calibration slope and intercept on the held-out quarter when there is one (in-sample
    /// otherwise; ``ScoreMeaning/on`` says which).
    public var calibration: ScoreMeaning? = nil
    /// The half-lives of the card's decaying rules estimated from the outcomes (only rules with
    /// `halfLifeDays`; `scorecard decay` estimates any dated behavior rule).
    public var decay: DecayReport? = nil
    /// How many deals the refit needs (Riley et al., BMJ 2020) against how many it had.
    public var sampleSize: ReviewSampleSize? = nil
    /// The revised card's commonest next step for the deals one behavior short of its bar in the
    /// latest period (`nil` without dates or without such deals).
    public var nextStep: NextStepSummary? = nil

    /// Set when the history had too few deals of the rarer outcome to revise the card on
    /// (``QuarterlyReview/minimumRarerOutcome``): the revised card is the current one.
    public var leftAlone = false

    /// Makes the revised card the current one (same points, same threshold) and every decision a
    /// `keep`, saying why: `rarer` deals of the rarer outcome (won deals when `won`) are an
    /// anecdote, not evidence. The fit stays in the result as what the deals show.
    mutating func leaveCardAlone(rarer: Int, won: Bool) {
        let outcome = won ? "won" : "lost"
        let anecdote =
            "only \(rarer) \(outcome) deal\(rarer == 1 ? "" : "s") in this history: \(rarer == 1 ? "one deal is an anecdote" : "too few to learn from"), not evidence, so the card is left as it is (a review revises a card on at least \(QuarterlyReview.minimumRarerOutcome) won and \(QuarterlyReview.minimumRarerOutcome) lost deals)"
        leftAlone = true
        var card = currentCard
        card.name = revisedCard.name
        card.metadata = revisedCard.metadata
        revisedCard = card
        revised = current
        thresholdKept = true
        changes = changes.map {
            var c = $0
            c.newPoints = c.oldPoints
            return c
        }
        decisions = currentCard.rules.map {
            RuleDecision(
                id: $0.id, action: .keep, oldPoints: $0.points, newPoints: $0.points, flags: [], why: anecdote,
                summary: "kept: \(anecdote)")
        }
        leftOut = nil
        currentWithoutDropped = nil
        limitsCost = nil
        thresholdInterval = nil
        dualBars = []
        holdout = nil
        calibration = nil
        notes.insert(anecdote.prefix(1).uppercased() + anecdote.dropFirst(), at: 0)
    }

    /// The rules whose points moved most, largest first (rules with a fitted estimate only).
    public func biggestChanges(_ k: Int = 3) -> [RuleChange] {
        Array(
            changes.filter { $0.exclusion == nil && !$0.keptAsTooRare && $0.change != 0 }.sorted {
                abs($0.change) > abs($1.change)
            }.prefix(k))
    }
}
