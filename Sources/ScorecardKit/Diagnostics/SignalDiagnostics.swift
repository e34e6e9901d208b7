import Dispatch

/// Per-rule diagnostics of a card on its history, with flags, reasons and suggested actions, and
/// candidate rules from the columns the card does not use.
///
/// The flags and the numbers behind them:
///
/// | flag | raised when |
/// |---|---|
/// | `falsePositiveProne` | a behavior or AI rule with positive points that fires often — for at least 20% of lost deals (and at least 10 of them) — and whose likelihood ratio (the share of won deals it fires for over the share of lost deals) is shown to be below 2: the upper end of its 95% interval is under 2. A likelihood ratio multiplies a lead's odds of winning; the users' guides to diagnostic tests (Jaeschke, Guyatt & Sackett, JAMA 1994;271:703–707) read ratios between 1 and 2 as shifting a probability by a small and rarely important amount, 2–5 as small but sometimes important. A signal whose every plausible ratio lies in that band, firing for many lost deals, pushes buyers and non-buyers alike over the bar. It reads the signal's firing counts only, never how many points it carries: a real signal that is merely over-paid is `overweighted` |
/// | `overweighted` / `underweighted` | the assigned points lie above / below the 95% interval of the fitted points |
/// | `wrongSign` | the interval of the fitted points excludes 0 on the other side of the assigned points |
/// | `noEvidence` | the rule fires for fewer than 10 deals |
/// | `unstable` | Cochran's Q across periods (quarters, or half-years when quarters are thin) has p < 0.01 |
/// | `redundant` | its column correlates at |r| ≥ 0.8 with another rule's, or its variance inflation is ≥ 5 |
/// | `miscalibrated` | an AI score bucket at 70+ wins less often than the score implies (Wilson interval below the bucket's midpoint) |
/// | `leaky` | evidence that the signal is recorded after the decision: `<signal>_at` falls after `closed_at` or `scored_at` for at least half of the dated deals it fires for; or an association too strong to be known beforehand that survives its own uncertainty — it fires for at least 20 deals and half of the won ones with the 95% lower bound of its precision at 95% or more, or the lower bound of its information value (from the Wilson bounds of its firing rates among won and lost deals) is 0.8 or more with at least 20 won and 20 lost deals. A strong rule on a small history is "too few deals to tell" (a note), not an alarm |
///
/// The diagnostics read the card's fit and its scale (points per unit of log-odds) from the stages
/// before them, never from the review.
///
/// ```swift
/// let design = try DesignMatrix(card: card, deals: deals)
/// let refit = try CardRefit().run(card: card, design: design)
/// let report = try SignalDiagnostics().run(deals: deals, card: card, fit: refit.fitted.fit,
///                                          factor: refit.scaled.factor, design: design)
/// report.rules.filter { $0.flags.contains(.falsePositiveProne) }.map(\.rule.id)
/// ```
public struct SignalDiagnostics: Sendable {
    /// The period stability is measured over.
    public var per: Period

    /// Creates diagnostics; stability is measured per quarter (half-year when quarters are thin).
    public init(per: Period = .quarter) { self.per = per }

    /// Refits `card` by `refit` and diagnoses it: what `scorecard flag` runs (the same fit and
    /// scale the review uses, without the review's other stages).
    ///
    /// - Throws: ``DealDataError``, ``FitError``.
    public func run(deals: DealTable, card: Scorecard, refit: CardRefit) throws -> SignalReport {
        try deals.requireBothOutcomes()
        let design = try DesignMatrix(card: card, deals: deals)
        let result = try refit.run(card: card, design: design)
        return try run(
            deals: deals, card: card, fit: result.fitted.fit, factor: result.scaled.factor, design: design,
            shifts: result.scaled.shifts)
    }

    /// Runs the diagnostics.
    ///
    /// - Parameters:
    ///   - fit: the card's rules fitted on this history (``CardFit``).
    ///   - factor: points per unit of log-odds (``PointsScaler/Result/factor``): the fitted points
    ///     are `factor × coefficient`.
    ///   - design: the history encoded with `card` (built here when `nil`).
    ///   - shifts: per rule, the points the scaling added to its group (``PointsScaler/Result/shifts``):
    ///     the fitted points and their interval are on the revised card's scale, shift included.
    public func run(
        deals: DealTable, card: Scorecard, fit: LogisticFit, factor: Double, design encoded: DesignMatrix? = nil,
        shifts: [Double] = []
    ) throws -> SignalReport {
        let design = try encoded ?? DesignMatrix(card: card, deals: deals)
        let n = design.rowCount
        let p = design.columnCount
        let wonTotal = Double(deals.wonCount)
        let lostTotal = Double(deals.lostCount)
        let base = wonTotal / (wonTotal + lostTotal)
        // SQLs by the card's one predicate; a rule inflates the count when a lost deal is an SQL
        // with its points and would not be without them (total and, with dual bars, its subscore).
        let q = card.qualification
        let scores = card.scores(design)
        let fitScores = q.hasBars ? card.scores(design, kind: .fit) : nil
        let behaviorScores = q.hasBars ? card.scores(design, kind: .behavior) : nil
        func isSQL(_ i: Int, without contribution: Double = 0, kind: RuleKind = .fit) -> Bool {
            q.isSQL(
                score: scores[i] - contribution, fit: (fitScores?[i] ?? 0) - (kind == .fit ? contribution : 0),
                behavior: (behaviorScores?[i] ?? 0) - (kind == .behavior ? contribution : 0))
        }
        let sqlRows = (0..<n).map { isSQL($0) }
        let sqls = Int((0..<n).reduce(0.0) { $0 + (sqlRows[$1] ? design.weight($1) : 0) })
        // Each period's fit starts from the whole history's (the same answers, fewer passes).
        let start =
            fit.penalty == .none && fit.ruleIDs == design.ruleIDs ? [fit.intercept.coefficient] + fit.coefficients : nil
        let (periods, periodNote) = Self.periods(
            deals: deals, design: design, per: per, start: start, references: fit.referenceColumns)
        let correlation = Self.correlations(design)
        var notes: [String] = []
        if let periodNote { notes.append(periodNote) }

        // Won and lost deals each rule fires for, and the SQLs it makes: one pass over the rows
        // for all rules (whole-number counts, the same in any order).
        var firedWon = [Int](repeating: 0, count: p)
        var firedLost = firedWon
        var liftedWon = firedWon
        var liftedLost = firedWon
        let points = card.rules.map(\.points)
        let kinds = card.rules.map(\.kind)
        design.rows.forEachNonZero { i, j, x in
            guard x > 0 else { return }
            let w = Int(design.weight(i))
            let won = design.won[i]
            if won { firedWon[j] += w } else { firedLost[j] += w }
            let contribution = points[j] * x
            if contribution > 0, sqlRows[i], !isSQL(i, without: contribution, kind: kinds[j]) {
                if won { liftedWon[j] += w } else { liftedLost[j] += w }
            }
        }
        var out: [RuleDiagnosis] = []
        for (j, rule) in card.rules.enumerated() {
            let fw = firedWon[j]
            let fl = firedLost[j]
            let inflatedLost = liftedLost[j]
            let inflatedWon = liftedWon[j]
            let fired = Double(fw + fl)
            let precision = fired > 0 ? Double(fw) / fired : .nan
            let tpr = (Double(fw) + 0.5) / (wonTotal + 1)
            let fpr = (Double(fl) + 0.5) / (lostTotal + 1)
            let tnr = (wonTotal - Double(fw) + 0.5) / (wonTotal + 1)
            let fnr = (lostTotal - Double(fl) + 0.5) / (lostTotal + 1)
            let woe = _log(tpr / fpr)
            let iv = (tpr - fpr) * woe + (tnr - fnr) * _log(tnr / fnr)
            let lr = lostTotal > 0 && fl > 0 ? (Double(fw) / wonTotal) / (Double(fl) / lostTotal) : .infinity
            let estimate = fit.estimates[j]
            let shift = j < shifts.count ? shifts[j] : 0
            // A group's reference level has no estimate: its points are the group's shift.
            let fittedPoints =
                estimate.map { factor * $0.coefficient + shift }
                ?? (fit.exclusions[rule.id] == .reference ? shift : nil)
            let fittedInterval = estimate.map { e -> ClosedRange<Double> in
                let a = factor * e.ciLow + shift
                let b = factor * e.ciHigh + shift
                return min(a, b)...max(a, b)
            }
            var diagnosis = RuleDiagnosis(
                rule: rule, firedWon: fw, firedLost: fl, precisionWhenFired: precision,
                precisionInterval: wilsonInterval(successes: Double(fw), trials: fired), lift: precision / base,
                likelihoodRatio: lr, won: Int(wonTotal), lost: Int(lostTotal), weightOfEvidence: woe,
                informationValue: iv,
                assignedPoints: rule.points,
                fittedPoints: fittedPoints, fittedInterval: fittedInterval, sqlCount: sqls, inflatedLost: inflatedLost,
                inflatedWon: inflatedWon, periods: periods.map { $0.weights[j] },
                heterogeneityP: Self.heterogeneity(periods.map { $0.weights[j] }),
                overlaps: [], varianceInflation: correlation.vif[j], calibration: [], leakage: nil, flags: [],
                reasons: [])
            diagnosis.overlaps = (0..<p).filter { $0 != j && abs(correlation.matrix[j * p + $0]) >= 0.5 }
                .map { (card.rules[$0].id, correlation.matrix[j * p + $0]) }
            if rule.isAI, case .number(let values)? = deals.columns[rule.signal] {
                diagnosis.calibration = Self.calibration(values: values, won: deals.won, weights: deals.weights)
            }
            // Which deals it fires for matters only when the signal has a date column to compare.
            let dated: Bool = if case .date? = deals.columns[rule.signal + "_at"] { true } else { false }
            diagnosis.leakage = Self.leakage(
                signal: rule.signal, deals: deals, fires: dated ? (0..<n).map { design[$0, j] > 0 } : [],
                firedWon: fw, firedLost: fl, totalWon: Int(wonTotal), totalLost: Int(lostTotal), informationValue: iv)
            Self.flag(&diagnosis, base: base, won: Int(wonTotal), lost: Int(lostTotal))
            out.append(diagnosis)
        }
        let (candidates, candidateNotes) = CandidateSearch.candidates(
            deals: deals, card: card, design: design, factor: factor)
        for d in out where d.leakage == nil && d.informationValue >= Self.suspiciousInformationValue {
            notes.append(
                "\(d.rule.id) is very strong on its own (information value \(NumberFormatting.fixed(d.informationValue, 2))), but with \(Int(wonTotal)) won and \(Int(lostTotal)) lost deals there are too few deals to tell a signal recorded after the fact from chance; check when it is recorded"
            )
        }
        return SignalReport(
            rules: out, candidates: candidates, baseRate: base,
            periodLabel: periods.first.map { $0.label.contains("H") ? "half-year" : per.rawValue },
            notes: notes + candidateNotes)
    }

    // MARK: - Flags

    static func flag(_ d: inout RuleDiagnosis, base: Double, won: Int, lost: Int) {
        typealias F = NumberFormatting
        let id = d.rule.id
        func add(_ flag: SignalFlag, _ reason: String) {
            d.flags.append(flag)
            d.reasons.append(reason)
        }
        let fired = d.firedWon + d.firedLost
        if fired < 10 {
            add(
                .noEvidence,
                "\(id) fires for \(fired) deal\(fired == 1 ? "" : "s") (\(d.firedWon) won, \(d.firedLost) lost): too few for the data to say what it is worth"
            )
        }
        if let leak = d.leakage { add(.leaky, "\(id): \(leak)") }
        let lostShare = lost > 0 ? Double(d.firedLost) / Double(lost) : 0
        // The whole 95% interval of its likelihood ratio below 2: a small shift at most.
        let smallShift = d.likelihoodRatioInterval.upperBound < Self.smallShiftRatio
        if d.rule.kind == .behavior || d.rule.isAI, d.assignedPoints > 0, lostShare >= Self.falsePositiveLostShare,
            d.firedLost >= 10, smallShift
        {
            let pointsText =
                d.rule.measure.isEach ? "points (\(d.rule.condition))" : "\(F.points(d.assignedPoints)) points"
            add(
                .falsePositiveProne,
                "\(id) fires for \(F.percent(lostShare)) of lost deals and \(F.percent(Double(d.firedWon) / Double(max(1, won)))) of won ones (likelihood ratio \(F.fixed(d.likelihoodRatio, 2)), 95% interval \(F.fixed(d.likelihoodRatioInterval.lowerBound, 2))–\(F.fixed(d.likelihoodRatioInterval.upperBound, 2)), below 2: a small shift in a lead's odds at most): \(d.inflatedLost) of the \(d.sqlCount) SQLs (\(F.percent(d.sqlInflation))) are lost deals that reach the bar only because of its \(pointsText), against \(d.inflatedWon) won"
            )
        }
        if let interval = d.fittedInterval, let fitted = d.fittedPoints {
            let shown = F.pointsInterval(interval, around: d.assignedPoints)
            let target = F.points(fitted.rounded())
            // Over- and underweighted speak of size: a penalty rule (fitted interval below 0) whose
            // points sit above the interval is too mild, that is underweighted.
            let penalty = interval.upperBound < 0
            if d.assignedPoints * fitted < 0, !interval.contains(0) {
                add(
                    .wrongSign,
                    "\(id) carries \(F.points(d.assignedPoints)) points but the evidence says \(target) (95% interval \(shown))"
                )
            } else if d.assignedPoints > interval.upperBound {
                add(
                    penalty ? .underweighted : .overweighted,
                    "\(id) carries \(F.points(d.assignedPoints)) points, above the 95% interval of the fitted points \(shown)"
                        + (penalty ? ": the penalty is too mild" : ""))
            } else if d.assignedPoints < interval.lowerBound {
                add(
                    penalty ? .overweighted : .underweighted,
                    "\(id) carries \(F.points(d.assignedPoints)) points, below the 95% interval of the fitted points \(shown)"
                        + (penalty ? ": the penalty is too harsh" : ""))
            }
        }
        if let pValue = d.heterogeneityP, pValue < 0.01 {
            let weights = d.periods.compactMap { w in w.coefficient.map { "\(w.period) \(F.fixed($0, 2))" } }.joined(
                separator: ", ")
            add(
                .unstable,
                "\(id)'s weight moves between periods more than chance allows (Cochran's Q p = \(F.pValue(pValue)); log-odds \(weights)): review it each quarter"
            )
        }
        let strongest = d.overlaps.max { abs($0.correlation) < abs($1.correlation) }
        if let s = strongest, abs(s.correlation) >= 0.8 {
            add(.redundant, "\(id) fires with \(s.id) (correlation \(F.fixed(s.correlation, 2)))")
        } else if let vif = d.varianceInflation, vif >= 5 {
            add(.redundant, "\(id) is largely explained by the other rules (variance inflation \(F.fixed(vif, 1)))")
        }
        if let worst = d.calibration.filter({ $0.range.lowerBound >= 70 && $0.overConfident }).max(by: {
            $0.implied - $0.observed < $1.implied - $1.observed
        }) {
            add(
                .miscalibrated,
                "\(id): deals the AI scored \(F.fixed(worst.range.lowerBound, 0))–\(F.fixed(worst.range.upperBound, 0)) won \(F.percent(worst.observed)) of the time (95% interval \(F.percent(worst.observedInterval.lowerBound))–\(F.percent(worst.observedInterval.upperBound))), not the \(F.percent(worst.implied)) the score implies: do not read the AI score as a probability"
            )
        }
    }

    /// `falsePositiveProne`: the share of lost deals a rule must fire for before the SQLs it
    /// inflates matter (20%: one lost deal in five; the seeds' engagement signals fire that often
    /// when they inflate SQL counts by about a third).
    public static let falsePositiveLostShare = 0.2
    /// `falsePositiveProne`: the likelihood ratio below which a signal shifts a lead's odds by a
    /// small and rarely important amount (Jaeschke, Guyatt & Sackett, "Users' guides to the
    /// medical literature III. How to use an article about a diagnostic test. B", JAMA
    /// 1994;271:703–707: ratios of 1–2 alter probability to a small degree, 2–5 a small but
    /// sometimes important one). The flag asks the whole 95% interval to lie below it.
    public static let smallShiftRatio = 2.0
}

// MARK: - Components

extension SignalDiagnostics {
    /// One period's fit: its label, and a weight per rule.
    struct PeriodFit {
        var label: String
        var weights: [PeriodWeight]
    }

    /// Fits the card on each period (maximum likelihood, Firth where a thin period separates, so
    /// every weight stays finite). Quarters become
    /// half-years when a quarter has fewer than 10 deals of the rarer outcome per rule.
    static func periods(
        deals: DealTable, design: DesignMatrix, per: Period, start: [Double]? = nil, references: Set<Int> = []
    ) -> ([PeriodFit], String?) {
        guard let closed = deals.closedAt else {
            return ([], "no closed_at column, so stability across periods was not measured")
        }
        let p = design.columnCount
        func label(_ d: CalendarDate, halfYears: Bool) -> String {
            if !halfYears { return per.label(d) }
            let (y, m, _) = d.components
            return "\(y)-H\(m <= 6 ? 1 : 2)"
        }
        func groups(halfYears: Bool) -> [(String, [Int])] {
            // A label per distinct date, not per deal.
            var slotOfDate: [CalendarDate: Int] = [:]
            var slotOfLabel: [String: Int] = [:]
            var labels: [String] = []
            var members: [[Int]] = []
            for (i, d) in closed.enumerated() {
                guard let d else { continue }
                let slot: Int
                if let known = slotOfDate[d] {
                    slot = known
                } else {
                    let l = label(d, halfYears: halfYears)
                    if let known = slotOfLabel[l] {
                        slot = known
                    } else {
                        slot = labels.count
                        slotOfLabel[l] = slot
                        labels.append(l)
                        members.append([])
                    }
                    slotOfDate[d] = slot
                }
                members[slot].append(i)
            }
            return zip(labels, members).sorted { $0.0 < $1.0 }.map { ($0.0, $0.1) }
        }
        var chosen = groups(halfYears: false)
        let thin = chosen.contains { _, idx in
            let w = idx.reduce(0.0) { $0 + (design.won[$1] ? design.weight($1) : 0) }
            let all = idx.reduce(0.0) { $0 + design.weight($1) }
            return min(w, all - w) < 10 * Double(p)
        }
        var note: String? = nil
        if thin, per == .quarter {
            chosen = groups(halfYears: true)
            note =
                "quarters are thin (fewer than 10 deals of the rarer outcome per rule), so stability is measured per half-year"
        }
        guard chosen.count >= 2 else {
            return ([], "the history spans fewer than two periods, so stability was not measured")
        }
        // Maximum likelihood on each period's patterns; Firth only where it fails (a thin period
        // that separates). The periods are fitted on every core, each into its own slot (a fit's
        // passes split their rows by the core count alone, so the answers do not depend on which
        // periods run together).
        let periods = chosen
        var fits = [PeriodFit?](repeating: nil, count: periods.count)
        fits.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: periods.count) { k in
                let (label, idx) = periods[k]
                let fit = LogisticRegression.fitWithFirthFallback(
                    PatternTable(design.selecting(idx)), start: start, references: references)
                let weights = (0..<p).map { j in
                    PeriodWeight(
                        period: label, deals: idx.count, coefficient: fit?.estimates[j]?.coefficient,
                        stdError: fit?.estimates[j]?.stdError)
                }
                out[k] = PeriodFit(label: label, weights: weights)
            }
        }
        return (fits.map { $0! }, note)
    }

    /// Cochran's Q p-value for equal weights across periods (nil with fewer than two estimates).
    static func heterogeneity(_ weights: [PeriodWeight]) -> Double? {
        let pairs = weights.compactMap { w -> (Double, Double)? in
            guard let b = w.coefficient, let se = w.stdError, se > 0, se.isFinite else { return nil }
            return (b, 1 / (se * se))
        }
        guard pairs.count >= 2 else { return nil }
        let total = pairs.reduce(0) { $0 + $1.1 }
        let mean = pairs.reduce(0) { $0 + $1.0 * $1.1 } / total
        let q = pairs.reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) }
        return ChiSquare.survival(q, degreesOfFreedom: Double(pairs.count - 1))
    }

    /// Pearson correlations between design columns (row-major p×p; 0 for constant columns) and each
    /// column's variance inflation factor (the diagonal of the inverse correlation matrix of the
    /// non-constant columns).
    static func correlations(_ design: DesignMatrix) -> (matrix: [Double], vif: [Double?]) {
        let p = design.columnCount
        // Indicators only, every deal counted once: the co-firing counts are exact integers, and
        // the centred cross-products follow from them (Σ(x_a − m_a)(x_b − m_b) = n_ab − n_a·n_b/n).
        if design.weights == nil, design.rowCount > 0, let co = design.rows.indicatorCoCounts() {
            let n = Double(design.rowCount)
            let cov = (0..<(p * p)).map { k in
                Double(co[k]) - Double(co[(k / p) * p + k / p]) * Double(co[(k % p) * p + k % p]) / n
            }
            return correlations(covariance: cov, p: p)
        }
        // A history of few distinct rows is summed over its patterns, each weighted by its deals.
        let patterns = PatternTable(design)
        if patterns.isCompressed, patterns.count * 4 < design.rowCount {
            return correlations(rows: patterns.rows, weights: zip(patterns.wonWeights, patterns.lostWeights).map(+))
        }
        return correlations(rows: design.rows, weights: design.weights)
    }

    /// Correlations and VIFs of the columns of `rows`, each row weighted (by 1 when `weights`
    /// is nil): the centred cross-products summed row by row.
    static func correlations(rows: EncodedRows, weights: [Double]?) -> (matrix: [Double], vif: [Double?]) {
        let p = rows.columnCount
        let rowCount = rows.count
        let n = (0..<rowCount).reduce(0.0) { $0 + (weights?[$1] ?? 1) }
        var mean = [Double](repeating: 0, count: p)
        rows.forEachRow { i, x in
            let w = weights?[i] ?? 1
            for j in 0..<p { mean[j] += w * x[j] }
        }
        for j in 0..<p { mean[j] /= n }
        // Each entry is summed over the rows in row order, as a plain double loop would; the
        // cores split the columns (a balanced share of the lower triangle each), not the rows, so
        // the sums are the same numbers on any number of cores.
        var cov = [Double](repeating: 0, count: p * p)
        let cores = max(1, min(ParallelSettings.cores, p, rowCount / 50_000 + 1))
        var bounds = [0]
        for k in 1..<cores {
            // Columns 0..<a hold a(a+1)/2 entries; cut where that reaches k/cores of the total.
            let target = Double(p * (p + 1) / 2) * Double(k) / Double(cores)
            let a = Int(((8 * target + 1).squareRoot() - 1) / 2)
            bounds.append(max(bounds[k - 1], min(a, p)))
        }
        bounds.append(p)
        let means = mean
        let cuts = bounds
        cov.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let c = buffer
            DispatchQueue.concurrentPerform(iterations: cores) { k in
                let columns = cuts[k]..<cuts[k + 1]
                guard !columns.isEmpty else { return }
                rows.forEachRow { i, x in
                    let w = weights?[i] ?? 1
                    for a in columns {
                        let da = x[a] - means[a]
                        if da == 0 { continue }
                        for b in 0...a { c[a * p + b] += w * da * (x[b] - means[b]) }
                    }
                }
            }
        }
        return correlations(covariance: cov, p: p)
    }

    /// Correlations and variance inflation factors from the lower triangle of the centred
    /// cross-products (`p × p`, row-major).
    static func correlations(covariance cov: [Double], p: Int) -> (matrix: [Double], vif: [Double?]) {
        var corr = [Double](repeating: 0, count: p * p)
        let sd = (0..<p).map { cov[$0 * p + $0].squareRoot() }
        for a in 0..<p {
            for b in 0...a where sd[a] > 0 && sd[b] > 0 {
                corr[a * p + b] = cov[a * p + b] / (sd[a] * sd[b])
                corr[b * p + a] = corr[a * p + b]
            }
        }
        let varying = (0..<p).filter { sd[$0] > 0 }
        var vif = [Double?](repeating: nil, count: p)
        let sub = varying.flatMap { a in varying.map { b in corr[a * p + b] } }
        if !varying.isEmpty, let chol = try? Cholesky(sub, dimension: varying.count, relativeTolerance: 1e-12) {
            let inv = chol.inverse()
            for (k, j) in varying.enumerated() { vif[j] = inv[k * varying.count + k] }
        }
        return (corr, vif)
    }

    /// Observed and implied win rates of an AI score in ten-point buckets (scores on 0–100).
    static func calibration(values: ColumnValues<Double>, won: [Bool], weights: [Double]? = nil) -> [CalibrationBucket]
    {
        let present = values.indices.compactMap { i in values[i].map { ($0, won[i], weights?[i] ?? 1) } }
        guard !present.isEmpty, present.allSatisfy({ $0.0 >= 0 && $0.0 <= 100 }) else { return [] }
        var buckets: [CalibrationBucket] = []
        for k in 0..<10 {
            let lo = Double(k * 10)
            let hi = Double(k * 10 + 10)
            let inBucket = present.filter { $0.0 >= lo && ($0.0 < hi || (k == 9 && $0.0 <= hi)) }
            guard !inBucket.isEmpty else { continue }
            let w = inBucket.reduce(0.0) { $0 + ($1.1 ? $1.2 : 0) }
            let n = inBucket.reduce(0.0) { $0 + $1.2 }
            let observed = w / n
            buckets.append(
                CalibrationBucket(
                    range: lo...hi, deals: Int(n), won: Int(w), observed: observed,
                    observedInterval: wilsonInterval(successes: w, trials: n),
                    implied: (lo + hi) / 200))
        }
        return buckets
    }

    /// Information value above which a single signal is "too good to be true". Scorecard
    /// practice calls anything above 0.5 suspicious (Siddiqi, *Credit Risk Scorecards*, 2006);
    /// strong signals known before the decision (a previous purchase) reach 0.5 too, so the flag
    /// waits for 0.8, far past it.
    static let suspiciousInformationValue = 0.8

    /// Why a signal looks recorded after the fact, or `nil`: a date after the close or the
    /// decision, or an association too strong to be known beforehand that survives its own
    /// uncertainty (see the table in ``SignalDiagnostics``).
    static func leakage(
        signal: String, deals: DealTable, fires: [Bool], firedWon: Int, firedLost: Int, totalWon: Int, totalLost: Int,
        informationValue: Double? = nil
    ) -> String? {
        if case .date(let at)? = deals.columns[signal + "_at"] {
            var dated = 0
            var afterClose = 0
            var afterScored = 0
            for i in fires.indices where fires[i] {
                guard let d = at[i] else { continue }
                dated += 1
                if let c = deals.closedAt?[i], d > c { afterClose += 1 }
                if let s = deals.scoredAt?[i], d > s { afterScored += 1 }
            }
            if dated > 0, Double(afterClose) >= 0.5 * Double(dated) {
                return
                    "\(signal)_at falls after closed_at for \(afterClose) of the \(dated) dated deals it fires for: it is recorded after the deal closed"
            }
            if dated > 0, Double(afterScored) >= 0.5 * Double(dated) {
                return
                    "\(signal)_at falls after scored_at for \(afterScored) of the \(dated) dated deals it fires for: it was not known when the lead was judged"
            }
        }
        let fired = firedWon + firedLost
        let precisionLow = wilsonInterval(successes: Double(firedWon), trials: Double(fired)).lowerBound
        if fired >= 20, precisionLow >= 0.95, Double(firedWon) >= 0.5 * Double(totalWon) {
            return
                "it fires for \(firedWon) of the \(totalWon) won deals and only \(firedLost) lost ones (precision at least \(NumberFormatting.percent(precisionLow)) at 95% confidence): almost nothing predicts that well before the fact, so it is probably recorded after it"
        }
        if informationValue != nil, min(totalWon, totalLost) >= 20 {
            let low = Self.informationValueLowerBound(
                firedWon: firedWon, won: totalWon, firedLost: firedLost, lost: totalLost)
            if low >= Self.suspiciousInformationValue {
                return
                    "it is suspiciously predictive on its own (information value at least \(NumberFormatting.fixed(low, 2)) at 95% confidence, far above the 0.5 that scorecard practice already reads as too good to be true): check that it is known before the decision and not recorded after it"
            }
        }
        return nil
    }

    /// The 95% interval of the positive likelihood ratio (Katz's log method; ½ is added to a zero
    /// fired count so the interval stays finite).
    public static func likelihoodRatioInterval(firedWon: Int, won: Int, firedLost: Int, lost: Int) -> ClosedRange<
        Double
    > {
        guard won > 0, lost > 0 else { return 0...Double.infinity }
        let a = firedWon == 0 ? 0.5 : Double(firedWon)
        let c = firedLost == 0 ? 0.5 : Double(firedLost)
        let lr = (a / Double(won)) / (c / Double(lost))
        let se = (1 / a - 1 / Double(won) + 1 / c - 1 / Double(lost)).squareRoot()
        return _exp(_log(lr) - 1.959963984540054 * se)..._exp(_log(lr) + 1.959963984540054 * se)
    }

    /// A 95% lower bound of the information value of fired / not fired: the firing rates among
    /// won (t) and lost (f) deals moved toward each other to their Wilson bounds, then
    /// `IV = (t − f)·ln(t/f) + (f − t)·ln((1−t)/(1−f))` (0 when the bounds cross).
    static func informationValueLowerBound(firedWon: Int, won: Int, firedLost: Int, lost: Int) -> Double {
        let t = wilsonInterval(successes: Double(firedWon), trials: Double(won))
        let f = wilsonInterval(successes: Double(firedLost), trials: Double(lost))
        let (a, b): (Double, Double) =
            Double(firedWon) / Double(won) >= Double(firedLost) / Double(lost)
            ? (t.lowerBound, f.upperBound) : (t.upperBound, f.lowerBound)
        guard (a - b) * (Double(firedWon) / Double(won) - Double(firedLost) / Double(lost)) > 0 else { return 0 }
        let e = 1e-12
        let a1 = min(max(a, e), 1 - e)
        let b1 = min(max(b, e), 1 - e)
        return (a1 - b1) * _log(a1 / b1) + (b1 - a1) * _log((1 - a1) / (1 - b1))
    }
}

/// The diagnostics of every rule, the candidate rules, and notes.
public struct SignalReport: Sendable {
    /// One diagnosis per rule, in card order.
    public var rules: [RuleDiagnosis]
    /// Columns the card does not use, with a suggested rule, strongest first.
    public var candidates: [CandidateRule]
    /// The base win rate.
    public var baseRate: Double
    /// The period stability was measured over (`quarter`, `month` or `half-year`), if any.
    public var periodLabel: String?
    /// Notes for the reader.
    public var notes: [String]

    /// The rules with at least one flag.
    public var flagged: [RuleDiagnosis] { rules.filter { !$0.flags.isEmpty } }
}
