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
        /// How the card is refitted and scaled: the penalty, the selection rule, the step, the
        /// scaling method, limits and platform, the period a `capacity` rule counts SQLs per and
        /// `--recent-won`. The one recipe the review runs and hands, as it is, to its back-test.
        public var refit: CardRefit
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
        /// Told the stage the review enters (fitting, diagnostics, decisions, back-test), for a
        /// progress line; `nil`: nobody is told.
        public var progress: ProgressReporter? = nil

        /// Creates options; the defaults are ``CardRefit``'s (the 80% rule, integer points that
        /// keep the threshold number, an automatic penalty) and a 1,000-resample bootstrap with
        /// seed 1.
        ///
        /// ```swift
        /// var options = QuarterlyReview.Options(refit: CardRefit(rule: .capacity(40)))
        /// options.refit.per = .month   // 40 SQLs a month
        /// ```
        public init(
            refit: CardRefit = CardRefit(), resamples: Int = 1_000, seed: UInt64 = 1, keepLeaky: Bool = false,
            pointInTime: Bool = false, holdout: Bool = true
        ) {
            self.refit = refit
            self.resamples = resamples
            self.seed = seed
            self.keepLeaky = keepLeaky
            self.pointInTime = pointInTime
            self.holdout = holdout
        }
    }

    /// The options.
    public var options: Options

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
        let recipe = try options.refit.spanning(deals.closedRange).resolvingRecentWon(in: deals)
        let rarer = min(deals.wonCount, deals.lostCount)
        let runsHoldout = options.holdout && rarer >= Self.minimumRarerOutcome
        // The held-out quarter's back-test: the final recipe refitted on the earlier quarters,
        // starting from the final fit, the dropped rules left out.
        let sharesFitDesign =
            options.pointInTime
            || !fitCard.rules.flatMap(\.signals).contains(where: { deals.columns[$0 + "_at"] != nil })
        let holdout: @Sendable (CardRefit, LogisticFit, [String], Scorecard?) -> Result<BacktestResult, any Error>? = {
            recipe, fit, dropped, refitting in
            guard runsHoldout else { return nil }
            return Result {
                var recipe = recipe
                recipe.start = [fit.intercept.coefficient] + fit.coefficients
                var holdoutOptions = Backtest.Options(
                    per: .quarter, refit: recipe, resamples: options.resamples,
                    seed: options.seed, lastPeriodOnly: true)
                holdoutOptions.dropped = dropped
                holdoutOptions.refitting = refitting
                // The fit's design is the back-test's own when it was built at a point in time
                // or no rule's signal is dated (then the two encodings agree): encoded once.
                if sharesFitDesign { holdoutOptions.design = fitDesign }
                return try Backtest(options: holdoutOptions).run(deals: deals, card: fitCard)
            }
        }
        // The back-test needs only the final fit. Most reviews drop nothing and change no rule's
        // structure, and then the final fit is the first one: the back-test starts as soon as that
        // is done and runs beside the diagnostics, the decisions and the scoring (up to
        // ``sideBySideDeals``). When a rule is dropped or changed it is run again from the final
        // fit, and the early one is discarded: the result is the same either way.
        let sideBySide = deals.count <= Self.sideBySideDeals && ParallelSettings.cores > 1
        var early: BackgroundTask<Result<BacktestResult, any Error>?>? = nil
        defer { _ = early?.value }
        let decided = try CardDecisions(
            refit: recipe, keepLeaky: options.keepLeaky, per: options.refit.per, structural: options.structural
        )
        .run(
            deals: deals, card: fitCard, design: fitDesign, progress: options.progress,
            afterFullFit: { recipe, full in
                guard sideBySide, runsHoldout else { return }
                early = BackgroundTask { holdout(recipe, full.fitted.fit, [], nil) }
            })
        let refit = decided.final
        let fit = refit.fitted.fit
        let scaled = refit.scaled
        let periods = deals.closedRange.map { options.refit.per.count(spanning: $0) }
        var named = scaled.card
        named.name = card.name + " (revised)"
        // The current card's description spoke of its own points; the revised card says where its came from.
        named.description =
            "Points refitted by ScorecardKit from \(deals.file) (\(deals.count) closed deals), starting from \(card.file)."
        named.metadata = .object([
            ("revisedFrom", .string(card.file)),
            ("deals", .string(deals.file)),
            ("dealsUsed", .number(Double(deals.count))),
            ("penalty", .string(refit.fitted.penalty.name)),
            ("pointsPerLogOdds", .number(scaled.factor)),
            ("thresholdRule", .string(options.refit.rule.description)),
            (
                "dropped",
                .array(
                    rarer < Self.minimumRarerOutcome ? [] : decided.dropped.map { .string($0.id) })
            ),
        ])
        let revisedCard = named

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
        // The scoring, on this thread, while the held-out quarter's back-test runs on its own.
        typealias Scoring = (
            CardEvaluation, CardEvaluation, CardSweep, RecentWonBar?, LeftOutEffect?, CardEvaluation?,
            Result<NextStepSummary?, any Error>
        )
        let scoringWork: @Sendable () -> Scoring = {
            // With --recent-won, the rule counts the latest won deals only (the other figures, every deal).
            let selectionWeights = recipe.recentWonRows.map {
                RecentWon.selectionWeights(rows: $0, won: design.won, weights: design.weights)
            }
            let current = CardEvaluation(
                card: card, design: design, rule: options.refit.rule, periods: periods,
                selectionWeights: selectionWeights
            )
            // The revised card is scored and swept once, for its figures and its threshold's interval.
            let revisedScores = revisedCard.scores(refit.design)
            let revisedSweep = CardSweep(
                card: revisedCard, design: refit.design, scores: revisedScores, rule: options.refit.rule,
                periods: periods, resamples: options.resamples, seed: options.seed,
                selectionWeights: selectionWeights)
            let revised = CardEvaluation(
                card: revisedCard, design: refit.design, scores: revisedScores, sweep: revisedSweep)
            var recentWonBar: RecentWonBar? = nil
            if let n = options.refit.recentWon, let rows = recipe.recentWonRows {
                let whole = ThresholdSweep.threshold(
                    for: options.refit.rule, scores: revisedScores, won: refit.design.won,
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
                    card: card.keepingRules(kept), design: design.selectingColumns(kept), rule: options.refit.rule,
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
                    deals: deals, per: options.refit.per)
            }
            return (
                current, revised, revisedSweep, recentWonBar, leftOut, currentWithoutDropped,
                nextStep
            )
        }
        // What rounding cost (two AUCs and τ on every deal) needs only the final fit: on its own
        // thread while the scoring runs, when the two may run side by side.
        let roundingCost = sideBySide ? BackgroundTask { scaled.roundingCost(on: refit.design) } : nil
        let finalHoldout: @Sendable () -> Result<BacktestResult, any Error>? = {
            holdout(
                decided.recipe, fit, decided.dropped.map(\.id), decided.structural.isEmpty ? nil : refit.card)
        }
        let (scoring, holdoutRun): (Scoring, Result<BacktestResult, any Error>?)
        if let early, decided.finalIsTheFirstFit {
            (scoring, holdoutRun) = (scoringWork(), early.value)
        } else {
            _ = early?.value
            (scoring, holdoutRun) = concurrently(sideBySide: sideBySide, scoringWork, finalHoldout)
        }
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
            won: deals.wonCount, lost: deals.lostCount, patterns: refit.fitted.patternCount,
            penalty: refit.fitted.penalty,
            penaltyReason: refit.fitted.reason, fit: fit, factor: scaled.factor, thresholdKept: scaled.thresholdKept,
            rule: options.refit.rule,
            currentCard: card, revisedCard: revisedCard, current: current, revised: revised,
            changes: changes, notes: notes, roundingCost: roundingCost?.value ?? scaled.roundingCost(on: refit.design),
            thresholdInterval: revisedSweep.interval, dualBars: revisedSweep.dualBars,
            periods: periods, per: options.refit.per, signals: decided.signals)
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
