/// Per-rule diagnostics of a card on its history, with flags, reasons and suggested actions, and
/// candidate rules from the columns the card does not use.
///
/// This file runs them; each measure lives in its own file beside it: the flags and their
/// cut-offs (`+Flags`), stability over periods (`+Stability`), overlap (`+Redundancy`), an AI
/// score's calibration (`+Calibration`) and leakage (`+Leakage`); the result is a ``SignalReport``.
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
        let hasBars = q.hasBars
        @Sendable func isSQL(_ i: Int, without contribution: Double = 0, kind: RuleKind = .fit) -> Bool {
            // Without bars an SQL is its score at the threshold (the bars' part of `isSQL` holds).
            guard hasBars else { return scores[i] - contribution >= q.threshold }
            return q.isSQL(
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
        // for all rules, a range of rows per core (whole-number counts, the same in any order).
        // The fit counted the firing already when it ran on these deals (the same totals) with
        // whole weights; the pass then visits the SQLs only.
        let counted = fit.won == wonTotal && fit.lost == lostTotal ? RuleFiring.readOff(fit, design: design) : nil
        let fitCounted = counted != nil
        let points = card.rules.map(\.points)
        let kinds = card.rules.map(\.kind)
        // Per range of rows: fired won, fired lost, lifted won and lifted lost, p counts each.
        var tallies = [Int](repeating: 0, count: max(1, ParallelSettings.cores) * 4 * p)
        let ranges = tallies.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            return forEachChunk(count: n, minimumPerChunk: 50_000) { rows, c in
                let tally = out.baseAddress! + c * 4 * p
                design.rows.forEachNonZero(in: rows, inRows: { !fitCounted || sqlRows[$0] }) { i, j, x in
                    guard x > 0 else { return }
                    let w = Int(design.weight(i))
                    let won = design.won[i]
                    if !fitCounted { tally[(won ? 0 : p) + j] += w }
                    let contribution = points[j] * x
                    if contribution > 0, sqlRows[i], !isSQL(i, without: contribution, kind: kinds[j]) {
                        tally[(won ? 2 : 3) * p + j] += w
                    }
                }
            }
        }
        func total(_ part: Int) -> [Int] {
            (0..<p).map { j in (0..<ranges).reduce(0) { $0 + tallies[($1 * 4 + part) * p + j] } }
        }
        let firedWon = counted?.map(\.won) ?? total(0)
        let firedLost = counted?.map(\.lost) ?? total(1)
        let liftedWon = total(2)
        let liftedLost = total(3)
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
            let fittedInterval = estimate.map { PointsScaler.Result.pointsInterval($0, factor: factor, shift: shift) }
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
            // A merged rule reads several signals: each one's date column is checked.
            let dated = rule.signals.contains { if case .date? = deals.columns[$0 + "_at"] { true } else { false } }
            diagnosis.leakage = Self.leakage(
                signals: rule.signals, deals: deals, fires: dated ? (0..<n).map { design[$0, j] > 0 } : [],
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
}
