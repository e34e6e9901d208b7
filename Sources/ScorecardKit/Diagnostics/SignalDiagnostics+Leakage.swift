/// Whether a signal was recorded after the fact: dates after the close, or an association too
/// strong to be known beforehand (`leaky`).
extension SignalDiagnostics {
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
        leakage(
            signals: [signal], deals: deals, fires: fires, firedWon: firedWon, firedLost: firedLost, totalWon: totalWon,
            totalLost: totalLost, informationValue: informationValue)
    }

    /// ``leakage(signal:deals:fires:firedWon:firedLost:totalWon:totalLost:informationValue:)`` for a
    /// rule that reads several signals (a merged rule): every signal's date column is checked,
    /// in order, before the strength checks, which read the rule's firing as a whole.
    static func leakage(
        signals: [String], deals: DealTable, fires: [Bool], firedWon: Int, firedLost: Int, totalWon: Int,
        totalLost: Int, informationValue: Double? = nil
    ) -> String? {
        for signal in signals {
            if let dated = datedLeakage(signal: signal, deals: deals, fires: fires) { return dated }
        }
        return strengthLeakage(
            firedWon: firedWon, firedLost: firedLost, totalWon: totalWon, totalLost: totalLost,
            informationValue: informationValue)
    }

    /// Why `signal` looks recorded after the fact from its date column (`<signal>_at` after
    /// `closed_at` or `scored_at` for at least half the dated deals it fires for), or `nil`.
    static func datedLeakage(signal: String, deals: DealTable, fires: [Bool]) -> String? {
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
        return nil
    }

    /// Why a rule's firing is too strong to be known before the decision (near-perfect precision
    /// for at least half the won deals, or an information value whose 95% lower bound passes
    /// ``suspiciousInformationValue``), or `nil`.
    static func strengthLeakage(
        firedWon: Int, firedLost: Int, totalWon: Int, totalLost: Int, informationValue: Double?
    ) -> String? {
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
