/// The review as one JSON document (for `scorecard review --format json`).
extension ReviewDocument {
    /// Data accounting, the fit, both cards' evaluation, per-rule changes and the revised card:
    /// the review's values, which the other renderers word.
    public func json() -> JSONValue {
        let r = review
        func evaluation(_ e: CardEvaluation, _ card: Scorecard) -> JSONValue {
            .object([
                ("threshold", .number(card.threshold)), ("auc", .finite(e.auc)), ("ks", .finite(e.ks)),
                ("atThreshold", e.atThreshold.json), ("selected", e.selected?.json ?? .null),
            ])
        }
        let deals: JSONValue = .object(
            [("file", .string(r.dealsFile))] + r.accounting.json.members! + [
                ("won", .number(Double(r.won))), ("lost", .number(Double(r.lost))),
                ("closedFrom", .optional(r.closedRange?.lowerBound.description)),
                ("closedTo", .optional(r.closedRange?.upperBound.description)),
                ("patterns", .number(Double(r.patterns))),
            ])
        let changes: JSONValue = .array(
            r.changes.map { c in
                .object([
                    ("id", .string(c.rule.id)), ("oldPoints", .number(c.oldPoints)),
                    ("newPoints", .number(c.newPoints)),
                    ("pointsLow", .optional(c.pointsInterval?.lowerBound)),
                    ("pointsHigh", .optional(c.pointsInterval?.upperBound)),
                    ("firedWon", .number(Double(c.firedWon))), ("firedLost", .number(Double(c.firedLost))),
                    ("reason", .string(c.reason)),
                ])
            })
        let nextStep: JSONValue = r.nextStep?.json ?? .null
        // `current.withoutDropped`: the same figures for the current card less the dropped rules.
        let without: JSONValue =
            r.currentWithoutDropped.map { e in
                var figures = evaluation(e, r.currentCard).members ?? []
                figures.append(("dropped", .array(r.decisions.filter { $0.action == .drop }.map { .string($0.id) })))
                return .object(figures)
            } ?? .null
        func currentJSON(_ value: JSONValue) -> JSONValue {
            .object((value.members ?? []) + [("withoutDropped", without)])
        }
        return .object([
            ("deals", deals),
            ("penalty", .string(r.penalty.name)),
            ("penaltyReason", .string(r.penaltyReason)),
            (
                "fit",
                r.fit.json(
                    card: r.fittedCard ?? r.currentCard, factor: r.factor, accounting: r.accounting,
                    shifts: r.pointShifts)
            ),
            ("thresholdRule", .string(r.rule.description)),
            ("current", currentJSON(evaluation(r.current, r.currentCard))),
            ("revised", evaluation(r.revised, r.revisedCard)),
            ("changes", changes),
            ("thresholdInterval", r.thresholdInterval?.json ?? .null),
            ("recentWon", r.recentWon?.json ?? .null),
            (
                "roundingCost",
                .object([
                    ("aucExact", .finite(r.roundingCost.aucExact)), ("aucRounded", .finite(r.roundingCost.aucRounded)),
                    ("kendallTau", .finite(r.roundingCost.kendallTau)),
                ])
            ),
            ("dualBars", .array(r.dualBars.map(\.json))),
            ("decisions", .array(r.decisions.map(\.json))),
            ("leftOut", r.leftOut?.json ?? JSONValue.null),
            ("limitsCost", r.limitsCost?.json ?? JSONValue.null),
            ("calibration", r.calibration?.json ?? JSONValue.null),
            ("sampleSize", r.sampleSize?.json ?? JSONValue.null),
            ("decay", r.decay?.json ?? JSONValue.null),
            ("signals", r.signals?.json ?? .null),
            ("holdout", r.holdout?.json ?? .null),
            ("nextStep", nextStep),
            ("revisedCard", r.revisedCard.json),
            ("notes", .array(r.notes.map(JSONValue.string))),
        ])
    }
}
