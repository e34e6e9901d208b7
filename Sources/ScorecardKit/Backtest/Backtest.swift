/// An out-of-time evaluation: for each period, fit the card on the periods before it and compare
/// the current and the refitted card on the period's deals.
///
/// - Splits on `closed_at` by quarter or month; the training window is every earlier period
///   (expanding) or the last `window` periods (rolling).
/// - Point in time: a signal dated after a deal's `scored_at` is not counted (no peeking at
///   activity after the decision), in training and in testing.
/// - Per test period and card: AUC, KS, Brier score and log loss (probabilities calibrated on the
///   training window), recall, precision and SQL count at the card's threshold, the threshold the
///   selection rule would have picked, and precision at that rule's recall (equal recall for both
///   cards); the revised-minus-current differences in AUC and in precision at equal recall with
///   paired bootstrap intervals; the deals that would flip; the PSI of the revised card's scores and
///   the CSI of each rule against the training window.
///
/// ```swift
/// let result = try Backtest(options: .init(per: .quarter)).run(deals: deals, card: current)
/// result.pooled.revised.auc   // out of time, every test period together
/// ```
public struct Backtest: Sendable {
    /// Choices for a back-test.
    public struct Options: Sendable {
        /// Periods to split by.
        public var per: Period
        /// Train on the last this many periods (rolling); `nil` trains on every earlier period.
        public var window: Int?
        /// Compare with this card instead of refitting on each training window.
        public var against: Scorecard?
        /// How each training window's card is refitted (the review passes its own recipe, so a
        /// window is revised exactly as the review revises the whole history); its selection
        /// rule is the one the cards are compared by.
        public var refit: CardRefit
        /// The threshold rule the cards are compared by: the refit's.
        public var rule: ThresholdRule { refit.rule }
        /// Bootstrap resamples for the differences (0 to skip).
        public var resamples: Int
        /// The bootstrap's seed.
        public var seed: UInt64
        /// Test only the last period (the review's hold-out).
        public var lastPeriodOnly: Bool
        /// The rules the decisions drop: each period also measures the current card without them
        /// (``BacktestPeriod/currentWithoutDropped``), the comparison that does not credit the
        /// current card with a leak. Empty: not measured.
        public var dropped: [String] = []
        /// The card each training window refits, when the decisions changed the card's rules
        /// (merged, gated or added ones): its rules, encoded from the deals; `nil` refits the
        /// current card (less `refit.leaveOut`).
        public var refitting: Scorecard? = nil
        /// The card's design on the deals at a point in time (`pointInTime: true`), when the caller
        /// has it already (the review's, when no rule's signal is dated); `nil` builds it.
        public var design: DesignMatrix? = nil

        /// Creates options (quarters, expanding window, the default refit with the 80% rule,
        /// 1,000 resamples).
        public init(
            per: Period = .quarter, window: Int? = nil, against: Scorecard? = nil, refit: CardRefit = CardRefit(),
            resamples: Int = 1_000, seed: UInt64 = 1, lastPeriodOnly: Bool = false
        ) {
            self.per = per
            self.window = window
            self.against = against
            self.refit = refit
            self.resamples = resamples
            self.seed = seed
            self.lastPeriodOnly = lastPeriodOnly
        }
    }

    /// The options.
    public var options: Options

    /// The fewest deals a test period needs before the cards are compared on it (30); the review
    /// holds out its last quarter only when it has them.
    public static let minimumPeriodDeals = 30
    /// The fewest deals of each outcome a test period needs (5: Cochran's rule of expected
    /// counts ≥ 5 for a 2×2 comparison).
    public static let minimumPeriodOutcome = 5

    /// Creates a back-test.
    public init(options: Options = Options()) { self.options = options }

    /// Runs the back-test.
    ///
    /// - Throws: ``BacktestError`` when the history has no `closed_at` or spans fewer than two
    ///   periods; fitting errors from a training window.
    public func run(deals: DealTable, card: Scorecard) throws -> BacktestResult {
        guard let closed = deals.closedAt else {
            throw BacktestError.missingClosedAt(SourceLocation(file: deals.file, line: deals.headerLine, column: 0))
        }
        let keys: [Int]
        let undated: Int
        var periodOf: [Int32]
        (keys, periodOf, undated) = Self.periodOfRows(closed, per: options.per)
        guard keys.count >= 2 else {
            throw BacktestError.tooFewPeriods(
                deals.headerLocation("closed_at"), periods: keys.count, per: options.per.rawValue)
        }
        var notes: [String] = []
        if undated > 0 { notes.append("\(undated) closed deals have no closed_at and are left out of the back-test") }
        let design = try options.design ?? DesignMatrix(card: card, deals: deals, pointInTime: true)
        let refitDesign = try options.refitting.map { try DesignMatrix(card: $0, deals: deals, pointInTime: true) }
        var periods: [BacktestPeriod] = []
        var pooledScores: (current: [Double], revised: [Double], won: [Bool]) = ([], [], [])
        var pooledWeights: [Double] = []
        let tests = options.lastPeriodOnly ? [keys.count - 1] : Array(1..<keys.count)
        for k in tests {
            let trainingKeys = options.window.map { Array(keys[max(0, k - $0)..<k]) } ?? Array(keys[0..<k])
            let (from, to, test) = (Int32(trainingKeys.first!), Int32(trainingKeys.last!), Int32(keys[k]))
            let (trainRows, testRows) = Self.rows(of: periodOf, training: from...to, test: test)
            // The last period's rows are out: its periods can go before the refit.
            if k == tests.last { periodOf = [] }
            let trainDesign = design.selecting(trainRows)
            let testDesign = design.selecting(testRows)
            let revisedCard: Scorecard
            if let against = options.against {
                revisedCard = against
            } else {
                guard trainDesign.won.contains(true), trainDesign.won.contains(false) else {
                    notes.append(
                        "\(label(keys[k])): the training window has only one outcome, so no card was refitted for it")
                    continue
                }
                // The window's dates, compared as day numbers (every training row has one).
                let days = closed.slots
                var (first, last) = (Int32.max, Int32.min)
                for i in trainRows {
                    first = min(first, days[i])
                    last = max(last, days[i])
                }
                let trainRange =
                    trainRows.isEmpty
                    ? nil : CalendarDate(dayNumber: Int(first))...CalendarDate(dayNumber: Int(last))
                var recipe = options.refit.spanning(trainRange)
                recipe.reportsLimitsCost = false
                if let n = recipe.recentWon { recipe.recentWonRows = RecentWon.rows(n, among: trainRows, deals: deals) }
                if let refitting = options.refitting, let refitDesign {
                    revisedCard = try recipe.run(card: refitting, design: refitDesign.selecting(trainRows)).revisedCard
                } else {
                    revisedCard = try recipe.run(card: card, design: trainDesign).revisedCard
                }
            }
            let revisedTestDesign = try revisedDesign(
                revisedCard, card: card, deals: deals, rows: testRows, shared: testDesign)
            let revisedTrainDesign = try revisedDesign(
                revisedCard, card: card, deals: deals, rows: trainRows, shared: trainDesign)
            let currentTest = card.scores(testDesign)
            let revisedTest = revisedCard.scores(revisedTestDesign)
            let won = testDesign.won
            let testWeights = testDesign.weights
            // The paired bootstrap, the period's longest step, starts as soon as the period's
            // deals are scored and runs beside its other figures (the training window's scores
            // and calibration curves among them).
            let (differences, measured) = concurrently(
                {
                    options.resamples > 0
                        ? pairedBootstrap(
                            current: currentTest, revised: revisedTest, won: won, weights: testWeights,
                            seed: options.seed &+ UInt64(k)) : (nil, nil)
                },
                {
                    let train = (current: card.scores(trainDesign), revised: revisedCard.scores(revisedTrainDesign))
                    let calibrateCurrent = Self.calibration(
                        scores: train.current, won: trainDesign.won, weights: trainDesign.weights)
                    // The revised card's curve serves its probabilities and its score meaning: fitted once.
                    let revisedCurve = ScoreCalibration(
                        scores: train.revised, won: trainDesign.won, weights: trainDesign.weights)
                    let calibrateRevised: @Sendable (Double) -> Double = { revisedCurve.probability($0) }
                    let eligible = (current: card.barsMet(testDesign), revised: revisedCard.barsMet(revisedTestDesign))
                    let current = CardMetrics(
                        scores: currentTest, won: won, weights: testWeights, eligible: eligible.current,
                        threshold: card.threshold,
                        rule: options.rule, probability: calibrateCurrent)
                    let revised = CardMetrics(
                        scores: revisedTest, won: won, weights: testWeights, eligible: eligible.revised,
                        threshold: revisedCard.threshold,
                        rule: options.rule, probability: calibrateRevised)
                    // The current card less the dropped rules: same points and threshold, its own curve.
                    var withoutDropped: CardMetrics? = nil
                    let kept = card.ruleIndices(excluding: options.dropped)
                    if kept.count < card.rules.count {
                        let reduced = card.keepingRules(kept)
                        let train = trainDesign.selectingColumns(kept)
                        let test = testDesign.selectingColumns(kept)
                        withoutDropped = CardMetrics(
                            scores: reduced.scores(test), won: won, weights: testWeights,
                            eligible: reduced.barsMet(test),
                            threshold: reduced.threshold, rule: options.rule,
                            probability: Self.calibration(
                                scores: reduced.scores(train), won: trainDesign.won, weights: trainDesign.weights))
                    }
                    var period = BacktestPeriod(
                        period: label(keys[k]),
                        deals: Int((0..<testDesign.rowCount).reduce(0.0) { $0 + testDesign.weight($1) }),
                        won: Int((0..<testDesign.rowCount).reduce(0.0) { $0 + (won[$1] ? testDesign.weight($1) : 0) }),
                        trainingDeals: Int((0..<trainDesign.rowCount).reduce(0.0) { $0 + trainDesign.weight($1) }),
                        trainingPeriods: "\(label(trainingKeys.first!))–\(label(trainingKeys.last!))",
                        psi: PopulationStability.index(
                            expected: train.revised, actual: revisedTest, expectedWeights: trainDesign.weights,
                            actualWeights: testWeights),
                        current: current, revised: revised,
                        revisedThreshold: revisedCard.threshold)
                    period.currentWithoutDropped = withoutDropped
                    // What the revised card's score means out of time: the curve fitted on the training
                    // window, the bands and calibration slope on this period's deals.
                    period.scoreMeaning = ScoreMeaning(
                        curve: revisedCurve,
                        scores: revisedTest, won: won, weights: testWeights, on: .holdout)
                    // An indicator column, every deal counted once, is two groups: its zeros and its ones.
                    let ones =
                        trainDesign.weights == nil && testWeights == nil
                        ? (trainDesign.rows.indicatorOnes(), testDesign.rows.indicatorOnes()) : nil
                    period.characteristicStability = card.rules.indices.map { j in
                        if let ones, let e = ones.0[j], let a = ones.1[j] {
                            return (
                                card.rules[j].id,
                                PopulationStability.index(
                                    expected: PopulationStability.indicatorGroups(ones: e, of: trainDesign.rowCount),
                                    actual: PopulationStability.indicatorGroups(ones: a, of: testDesign.rowCount))
                            )
                        }
                        return (
                            card.rules[j].id,
                            PopulationStability.index(
                                expected: trainDesign.column(j), actual: testDesign.column(j),
                                expectedWeights: trainDesign.weights, actualWeights: testWeights)
                        )
                    }
                    for (t, i) in testRows.enumerated() {
                        let before = currentTest[t] >= card.threshold && eligible.current?[t] != false
                        let after = revisedTest[t] >= revisedCard.threshold && eligible.revised?[t] != false
                        if before == after { continue }
                        let flip = DealFlip(
                            dealID: deals.dealIDs?[i] ?? "line \(deals.lines[i])", becameSQL: after, won: won[t])
                        period.flips.append(flip)
                    }
                    return (period, calibrateCurrent, calibrateRevised)
                })
            let (measuredPeriod, calibrateCurrent, calibrateRevised) = measured
            var period = measuredPeriod
            (period.aucDifference, period.precisionDifference) = differences
            periods.append(period)
            pooledScores.current += currentTest.map { calibrateCurrent($0) }
            pooledScores.revised += revisedTest.map { calibrateRevised($0) }
            pooledScores.won += won
            pooledWeights += testWeights ?? won.map { _ in 1 }
        }
        // Pooled out of time: every test deal, scored by the card trained before it. Scores of
        // different periods' cards are put on one scale through their calibrated probabilities.
        var pooled: (current: CardMetrics, revised: CardMetrics)? = nil
        if !pooledScores.won.isEmpty {
            // Threshold figures pool the periods' own thresholds: SQLs and won SQLs summed.
            func pool(_ probabilities: [Double], _ metrics: [CardMetrics]) -> CardMetrics {
                var m = CardMetrics(
                    scores: probabilities, won: pooledScores.won, weights: deals.weights == nil ? nil : pooledWeights,
                    threshold: .nan, rule: options.rule, probability: { $0 })
                let sqls = metrics.reduce(0) { $0 + $1.sqlCount }
                let wonSQLs = metrics.reduce(0.0) { $0 + $1.precision.nanToZero * Double($1.sqlCount) }
                m.sqlCount = sqls
                m.precision = sqls > 0 ? wonSQLs / Double(sqls) : .nan
                m.recall = wonSQLs / zip(pooledScores.won, pooledWeights).reduce(0.0) { $0 + ($1.0 ? $1.1 : 0) }
                return m
            }
            pooled = (
                pool(pooledScores.current, periods.map(\.current)), pool(pooledScores.revised, periods.map(\.revised))
            )
        }
        return BacktestResult(
            per: options.per, window: options.window, rule: options.rule, periods: periods, pooled: pooled,
            refitted: options.against == nil, notes: notes)
    }

    /// The rows of a training window's periods and of the test period, in one pass over the
    /// rows' periods (``periodOfRows(_:per:)``).
    static func rows(of period: [Int32], training: ClosedRange<Int32>, test: Int32) -> (
        training: [Int], test: [Int]
    ) {
        var trainingRows: [Int] = []
        var testRows: [Int] = []
        for (i, p) in period.enumerated() {
            if training.contains(p) {
                trainingRows.append(i)
            } else if p == test {
                testRows.append(i)
            }
        }
        return (trainingRows, testRows)
    }

    /// Each row's period index (``Period/index(_:)``; `Int32.min` with no date), the periods that
    /// have rows in time order, and the count of rows with no date. A period's rows, or a window's,
    /// are then one pass in file order (no per-period lists to concatenate and sort).
    static func periodOfRows(_ closed: ColumnValues<CalendarDate>, per: Period) -> (
        keys: [Int], period: [Int32], undated: Int
    ) {
        var period = [Int32](repeating: .min, count: closed.count)
        guard let range = closed.earliestToLatest else { return ([], period, closed.count) }
        let firstDay = range.lowerBound.dayNumber
        let span = range.upperBound.dayNumber - firstDay + 1
        var undated = 0
        let days = closed.slots
        if span <= days.count {
            // A period per day of the history's span (a few thousand), not per deal.
            let periodOfDay = (0..<span).map { Int32(per.index(CalendarDate(dayNumber: firstDay + $0))) }
            for (i, d) in days.enumerated() {
                if d == CalendarDate.missingSlot {
                    undated += 1
                } else {
                    period[i] = periodOfDay[Int(d) - firstDay]
                }
            }
        } else {
            for (i, d) in closed.enumerated() {
                if let d { period[i] = Int32(per.index(d)) } else { undated += 1 }
            }
        }
        let lowest = per.index(range.lowerBound)
        let highest = per.index(range.upperBound)
        var present = [Bool](repeating: false, count: highest - lowest + 1)
        for k in period where k != .min { present[Int(k) - lowest] = true }
        return (present.indices.filter { present[$0] }.map { lowest + $0 }, period, undated)
    }

    /// The revised card's design on `rows`: the same as the current card's when the rules are the
    /// same (only points differ), else built anew.
    private func revisedDesign(
        _ revised: Scorecard, card: Scorecard, deals: DealTable, rows: [Int], shared: DesignMatrix
    ) throws -> DesignMatrix {
        if revised.rules.map(\.id) == card.rules.map(\.id),
            zip(revised.rules, card.rules).allSatisfy({
                $0.signal == $1.signal && $0.onlyWith == $1.onlyWith && $0.measure.sameTest(as: $1.measure)
            })
        {
            var d = shared
            if zip(revised.rules, card.rules).contains(where: { $0.capUnits != $1.capUnits }) {
                d = try DesignMatrix(card: revised, deals: deals.selecting(rows), pointInTime: true)
            }
            return d
        }
        return try DesignMatrix(card: revised, deals: deals.selecting(rows), pointInTime: true)
    }

    private func label(_ index: Int) -> String {
        options.per == .month
            ? CalendarDate(year: index / 12, month: index % 12 + 1, day: 1)!.monthLabel
            : CalendarDate(year: index / 4, month: (index % 4) * 3 + 1, day: 1)!.quarterLabel
    }

    /// A score → probability map fitted on the training window: logit p = a + b·score
    /// (``ScoreCalibration``).
    static func calibration(scores: [Double], won: [Bool], weights: [Double]? = nil) -> @Sendable (Double) -> Double {
        let curve = ScoreCalibration(scores: scores, won: won, weights: weights)
        return { curve.probability($0) }
    }

    /// Paired bootstrap of the test deals: the revised-minus-current AUC and precision at the
    /// rule's threshold, with 95% percentile intervals. Deals are first reduced to cells of
    /// distinct (current score, revised score, outcome) with counts, and each resample redraws the
    /// cells' counts — exactly multinomial up to 20,000 deals, else a Poisson(count) per cell (the
    /// Poisson bootstrap: a Poisson(1) per deal, summed over the cell) — so the draws follow the
    /// number of cells, not deals. Each card's AUC and sweep then need only its own scores: the
    /// cells' new counts are added up per (score, outcome) of that card, and the metrics run over
    /// those few levels. Every count is a whole number, so the sums are exact and the figures are
    /// those of the metrics over the cells.
    func pairedBootstrap(current: [Double], revised: [Double], won: [Bool], weights: [Double]?, seed: UInt64) -> (
        Difference?, Difference?
    ) {
        var rng = SplitMix64(seed: seed)
        struct Key: Hashable {
            var c: Double
            var r: Double
            var w: Bool
        }
        var index: [Key: Int] = [:]
        var cellC: [Double] = []
        var cellR: [Double] = []
        var cellW: [Bool] = []
        var counts: [Double] = []
        for i in won.indices {
            let key = Key(c: current[i] + 0, r: revised[i] + 0, w: won[i])
            if let k = index[key] {
                counts[k] += weights?[i] ?? 1
                continue
            }
            index[key] = counts.count
            cellC.append(current[i])
            cellR.append(revised[i])
            cellW.append(won[i])
            counts.append(weights?[i] ?? 1)
        }
        let total = counts.reduce(0, +)
        var cumulative = counts
        for k in 1..<max(1, cumulative.count) { cumulative[k] += cumulative[k - 1] }
        var auc: [Double] = []
        var precision: [Double] = []
        var draw = [Double](repeating: 0, count: counts.count)
        let poisson = PoissonCounts(means: counts)
        let stream = UniformStream(rng)
        let levelsC = ScoreLevels(cellScores: cellC, won: cellW)
        let levelsR = ScoreLevels(cellScores: cellR, won: cellW)
        var drawC = levelsC.zeroCounts
        var drawR = levelsR.zeroCounts
        for _ in 0..<options.resamples {
            if total <= Double(ThresholdBootstrap.exactMultinomialLimit) {
                for k in draw.indices { draw[k] = 0 }
                for _ in 0..<Int(total.rounded()) {
                    let u = rng.nextUnit() * total
                    var lo = 0
                    var hi = cumulative.count - 1
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
                    }
                    draw[lo] += 1
                }
                levelsC.add(draw, into: &drawC)
                levelsR.add(draw, into: &drawR)
            } else {
                // Each cell's count goes to its level of each card as it is drawn.
                ScoreLevels.addDrawn(poisson, from: stream, to: levelsC, levelsR, into: &drawC, &drawR)
            }
            let a = levelsR.auc(drawR) - levelsC.auc(drawC)
            if a.isFinite { auc.append(a) }
            if let pr = levelsR.select(options.rule, drawR)?.precision,
                let pc = levelsC.select(options.rule, drawC)?.precision
            {
                precision.append(pr - pc)
            }
        }
        func summary(_ v: [Double], point: Double?) -> Difference? {
            guard let point, !v.isEmpty else { return nil }
            let s = v.sorted()
            return Difference(
                value: point, low: s[Int((0.025 * Double(s.count - 1)).rounded(.down))],
                high: s[Int((0.975 * Double(s.count - 1)).rounded(.up))])
        }
        let aucPoint =
            RankingMetrics(scores: revised, won: won, weights: weights).auc
            - RankingMetrics(scores: current, won: won, weights: weights).auc
        let precisionPoint: Double? = {
            guard let pr = ThresholdSweep(scores: revised, won: won, weights: weights).select(options.rule)?.precision,
                let pc = ThresholdSweep(scores: current, won: won, weights: weights).select(options.rule)?.precision
            else { return nil }
            return pr - pc
        }()
        return (summary(auc, point: aucPoint.isFinite ? aucPoint : nil), summary(precision, point: precisionPoint))
    }
}

/// One card's distinct scores in a paired bootstrap's cells: each cell's slot, a (score, outcome)
/// level of that card, so a resample's new cell counts become the card's won and lost counts per
/// score, over which its AUC and threshold sweep run.
struct ScoreLevels {
    /// Each level's score: every distinct score twice, lowest first (its won slot, then its lost).
    let scores: [Double]
    /// Each level's outcome (won, lost, won, lost, …).
    let won: [Bool]
    /// Each cell's level.
    let slot: [Int]
    /// The levels from the lowest score up, and from the highest down.
    let ascending: [Int], descending: [Int]

    /// Finds the levels of cells with these scores and outcomes.
    init(cellScores: [Double], won cellWon: [Bool]) {
        let distinct = Set(cellScores.map { $0 + 0 }).sorted()
        var position: [Double: Int] = [:]
        for (g, s) in distinct.enumerated() { position[s] = g }
        scores = distinct.flatMap { [$0, $0] }
        won = distinct.flatMap { _ in [true, false] }
        slot = cellScores.indices.map { 2 * position[cellScores[$0] + 0]! + (cellWon[$0] ? 0 : 1) }
        ascending = Array(scores.indices)
        descending = ascending.reversed()
    }

    /// A count of 0 for every level.
    var zeroCounts: [Double] { [Double](repeating: 0, count: scores.count) }

    /// Sets `counts` to the levels' totals of the cells' counts `cells`.
    func add(_ cells: [Double], into counts: inout [Double]) {
        for g in counts.indices { counts[g] = 0 }
        for k in cells.indices { counts[slot[k]] += cells[k] }
    }

    /// Draws the cells' new counts from `stream` and sets `counts` to each card's levels' totals
    /// of them, adding each count as it is drawn (``PoissonCounts/draw(from:_:)``). The totals are
    /// sums of whole numbers, the same in any order: those of ``add(_:into:)`` on the drawn counts.
    static func addDrawn(
        _ poisson: PoissonCounts, from stream: UniformStream, to first: ScoreLevels, _ second: ScoreLevels,
        into firstCounts: inout [Double], _ secondCounts: inout [Double]
    ) {
        for g in firstCounts.indices { firstCounts[g] = 0 }
        for g in secondCounts.indices { secondCounts[g] = 0 }
        first.slot.withUnsafeBufferPointer { first in
            second.slot.withUnsafeBufferPointer { second in
                firstCounts.withUnsafeMutableBufferPointer { firstCounts in
                    secondCounts.withUnsafeMutableBufferPointer { secondCounts in
                        poisson.draw(from: stream) { k, n in
                            firstCounts[first[k]] += n
                            secondCounts[second[k]] += n
                        }
                    }
                }
            }
        }
    }

    /// The AUC of the card under the levels' counts.
    func auc(_ counts: [Double]) -> Double {
        RankingMetrics.auc(scores: scores, won: won, weights: counts, ascendingOrder: ascending)
    }

    /// The row `rule` selects on the card's threshold sweep under the levels' counts (a sweep
    /// without periods, as ``ThresholdSweep/init(scores:won:weights:eligible:descendingOrder:)``).
    func select(_ rule: ThresholdRule, _ counts: [Double]) -> ThresholdRow? {
        ThresholdSweep.select(
            rule, scores: scores, won: won, weights: counts, eligible: nil, descendingOrder: descending, periods: nil)
    }
}

extension RuleMeasure {
    /// Whether two measures test the signal the same way (caps aside).
    func sameTest(as other: RuleMeasure) -> Bool {
        switch (self, other) {
        case (.when(let a), .when(let b)): a == b
        case (.each(let a, _), .each(let b, _)): a == b
        case (.anyOf(let a), .anyOf(let b)): a == b
        default: false
        }
    }
}

extension Double {
    /// 0 for NaN, the value otherwise.
    var nanToZero: Double { isNaN ? 0 : self }
}
