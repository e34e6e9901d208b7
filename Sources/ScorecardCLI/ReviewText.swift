import ScorecardKit

/// The review as a screenful of text for the terminal.
enum ReviewText {
    /// Wraps prose at `width` columns on spaces, continuing lines with a two-space indent.
    static func wrap(_ text: String, width: Int = 100) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = "  " + word
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    static func render(_ r: ReviewResult) -> String {
        typealias F = NumberFormatting
        let esc = TextEscaping.plain
        var s = "Scorecard review: \(esc(r.currentCard.name))\n"
        s += wrap("Deals: \(esc(r.dealsFile)): \(r.accounting.summary)")
        var outcomes =
            "Closed deals: \(r.won) won, \(r.lost) lost (win rate \(F.percent(Double(r.won) / Double(r.won + r.lost))))"
        if let range = r.closedRange { outcomes += ", \(range.lowerBound) to \(range.upperBound)" }
        s += outcomes + "\n"
        for line in ReviewDocument.headline(r) { s += wrap(esc(line)) }
        s +=
            wrap(
                "Fit: \(r.penaltyReason); \(r.fit.converged ? "converged" : "NOT converged") in \(r.fit.iterations) iterations on \(r.patterns) \(r.fit.patternsAreDistinct ? "distinct patterns" : "rows (too few repeats to compress)"); \(F.fixed(r.factor, 2)) points per unit of log-odds"
            ) + "\n"

        let idWidth = max(4, r.decisions.map { esc($0.id).count }.max() ?? 4)
        func pad(_ t: String, _ w: Int, right: Bool = false) -> String { right ? t.rightAligned(w) : t.padding(w) }
        s +=
            pad("Rule", idWidth) + "  " + pad("Old", 5, right: true) + "  " + pad("Action", 8)
            + pad("New", 5, right: true) + "  " + pad("95% interval", 14) + "  Won/lost fired\n"
        for d in r.decisions {
            let change = r.changes.first { $0.rule.id == (d.into ?? d.id) }
            let diagnosis = r.signals?.rules.first { $0.rule.id == d.id }
            let interval =
                change?.pointsInterval.map { F.pointsInterval($0, around: change!.oldPoints) }
                ?? (d.action == .drop ? "left out" : change?.exclusion == .reference ? "reference" : "not fitted")
            let fired =
                change.map { "\($0.firedWon)/\($0.firedLost)" } ?? diagnosis.map { "\($0.firedWon)/\($0.firedLost)" }
                ?? ""
            s +=
                pad(esc(d.id), idWidth) + "  " + pad(d.oldPoints.map { F.points($0) } ?? "—", 5, right: true) + "  "
                + pad(d.action.rawValue, 8)
                + pad(d.newPoints.map { F.points($0) } ?? "—", 5, right: true) + "  " + pad(interval, 14) + "  " + fired
                + "\n"
        }
        for d in r.decisions where d.action == .drop { s += wrap("- \(esc(d.id)) dropped: \(esc(d.summary)).") }
        for d in r.decisions where d.action != .drop {
            guard let e = d.evidence else { continue }
            s += wrap(
                "- \(esc(d.id)) \(esc(d.summary)); log loss on \(esc(e.heldOut)) \(F.fixed(e.logLossBefore, 4)) → \(F.fixed(e.logLossAfter, 4))."
            )
        }

        // What the drops cost in sample (the card refitted with them) is in review.md and the
        // JSON; the table below compares the current card without them, the fair comparison.

        let cur = r.current
        let rev = r.revised
        let without = r.currentWithoutDropped
        // With dropped rules, the current card without them stands between the two (the fair comparison).
        s +=
            "\n" + pad("", 24) + pad("Current card", 16, right: true)
            + (without == nil ? "" : pad("Without dropped", 18, right: true))
            + pad("Revised card", 16, right: true) + "\n"
        func line(_ name: String, _ value: (CardEvaluation) -> String, _ revised: String? = nil) -> String {
            pad(name, 24) + pad(value(cur), 16, right: true) + (without.map { pad(value($0), 18, right: true) } ?? "")
                + pad(revised ?? value(rev), 16, right: true) + "\n"
        }
        s += line(
            "Threshold", { _ in JSONValue.format(r.currentCard.threshold) }, JSONValue.format(r.revisedCard.threshold))
        s += line("Won at or above", { "\(F.count($0.atThreshold.won)) (\(F.percent($0.atThreshold.recall)))" })
        s += line(
            "Lost at or above",
            { "\(F.count($0.atThreshold.lost)) (\(F.percent($0.atThreshold.lost / Double(r.lost))))" })
        s += line("SQL-to-won rate", { F.percent($0.atThreshold.precision) })
        s += line("AUC (in-sample)", { F.fixed($0.auc, 3) })
        if cur.selected != nil {
            s += line("\(r.rule) picks", { $0.selected.map { JSONValue.format($0.threshold) } ?? "—" })
        }
        if let h = r.holdout?.periods.last {
            var line =
                "Out of time (\(h.period), refitted on \(h.trainingPeriods)): AUC \(F.fixed(h.current.auc, 3)) → \(F.fixed(h.revised.auc, 3))"
            if let d = h.aucDifference {
                line +=
                    " (difference \(F.fixed(d.value, 3)), 95% interval \(F.fixed(d.low, 3)) to \(F.fixed(d.high, 3)))"
            }
            if let w = h.currentWithoutDropped {
                line += "; the current card without the dropped rules \(F.fixed(w.auc, 3))"
            }
            // A rule the held-out quarter alone cannot apply (a capacity per month) has no precision there: left out.
            if h.current.precisionAtTargetRecall != nil || h.revised.precisionAtTargetRecall != nil {
                line +=
                    "; precision at \(r.rule) \(F.percent(h.current.precisionAtTargetRecall ?? .nan)) → \(F.percent(h.revised.precisionAtTargetRecall ?? .nan))"
            }
            line += "; score PSI \(F.fixed(h.psi, 2)) (\(PopulationStability.band(h.psi)))."
            s += "\n" + wrap(line)
        }
        if let interval = r.thresholdInterval {
            s += (r.holdout == nil ? "\n" : "") + wrap(interval.reading(deals: r.won + r.lost))
        }
        if let recent = r.recentWon { s += wrap(recent.sentence(rule: r.rule) + ".") }
        for d in r.dualBars.prefix(3) {
            s +=
                "Dual bars: fit ≥ \(JSONValue.format(d.fit)) and behavior ≥ \(JSONValue.format(d.behavior)): recall \(F.percent(d.recall)), SQL-to-won \(F.percent(d.precision))\n"
        }
        if let cost = r.limitsCost { s += wrap(cost.sentence) }
        if let meaning = r.calibration { s += wrap(meaning.reading(score: r.revisedCard.threshold)) }
        if let size = r.sampleSize, !size.isEnough { s += wrap(size.sentence) }
        if let step = r.nextStep { s += wrap("Next step: \(esc(step.sentence))") }
        for n in r.notes { s += wrap("Note: \(esc(n))") }
        return s
    }
}
