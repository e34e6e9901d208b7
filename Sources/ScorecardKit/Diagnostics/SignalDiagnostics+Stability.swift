import Dispatch

/// How steady a rule's weight is from one period to the next: a fit per period and the
/// heterogeneity of the weights (`unstable`).
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
        // The stored day numbers, and the span of days they fall in.
        let days = closed.slots
        let range = closed.earliestToLatest
        let firstDay = range?.lowerBound.dayNumber ?? 0
        let span = range.map { $0.upperBound.dayNumber - firstDay + 1 } ?? 0
        func groups(halfYears: Bool) -> [(String, [Int])] {
            // A label per distinct day (found through its place in the span), not per deal.
            var slotOfDay = [Int](repeating: -1, count: span)
            var slotOfLabel: [String: Int] = [:]
            var labels: [String] = []
            var members: [[Int]] = []
            for (i, d) in days.enumerated() where d != CalendarDate.missingSlot {
                let day = Int(d) - firstDay
                var slot = slotOfDay[day]
                if slot < 0 {
                    let l = label(CalendarDate(dayNumber: Int(d)), halfYears: halfYears)
                    if let known = slotOfLabel[l] {
                        slot = known
                    } else {
                        slot = labels.count
                        slotOfLabel[l] = slot
                        labels.append(l)
                        members.append([])
                    }
                    slotOfDay[day] = slot
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
}
