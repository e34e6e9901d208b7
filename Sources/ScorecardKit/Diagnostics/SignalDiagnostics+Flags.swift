/// The flags each rule raises from its numbers, with the principle and source of each cut-off.
extension SignalDiagnostics {
    /// Raises `d`'s flags from its numbers (fired counts, likelihood ratio, fitted points and
    /// interval, stability, overlap, calibration, leakage), each with a reason that quotes them.
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
}
