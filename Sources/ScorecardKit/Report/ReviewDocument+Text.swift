/// The review as a screenful of text for the terminal: the document's sentences, the decisions
/// table and the comparison of the cards, in the same words as `review.md`.
extension ReviewDocument {
    /// The text the `review` command prints; `wrote`, when given, is the sentence naming the files
    /// it wrote, printed last.
    public func text(wrote: String? = nil) -> String {
        typealias F = NumberFormatting
        let r = review
        let said = sentences
        let esc = TextEscaping.plain
        let wrap = { (text: String) in TextLayout.wrap(text) }
        var s = "\(esc(title))\n"
        s += wrap(esc(said.deals))
        s += wrap(said.outcomes)
        for line in said.headline { s += wrap(esc(line)) }
        s += wrap(esc(said.fit)) + "\n"

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
        if let outOfTime = said.outOfTime { s += "\n" + wrap(outOfTime) }
        if let interval = said.thresholdInterval { s += (said.outOfTime == nil ? "\n" : "") + wrap(interval) }
        if let recent = said.recentWon { s += wrap(recent) }
        for d in r.dualBars.prefix(3) {
            s +=
                "Dual bars: fit ≥ \(JSONValue.format(d.fit)) and behavior ≥ \(JSONValue.format(d.behavior)): recall \(F.percent(d.recall)), SQL-to-won \(F.percent(d.precision))\n"
        }
        if let cost = said.limitsCost { s += wrap(cost) }
        if let meaning = said.calibration { s += wrap(meaning) }
        // The screenful names the sample size only when it is short; review.md always does.
        if let size = said.sampleSize, r.sampleSize?.isEnough == false { s += wrap(size) }
        if let step = said.nextStep { s += wrap(esc(step)) }
        for n in r.notes { s += wrap("Note: \(esc(n))") }
        if let wrote { s += wrap(wrote) }
        return s
    }
}
