extension LeftOutEffect {
    /// `{"rules", "aucWith", "aucWithout", "thresholdWith", "thresholdWithout"}`.
    public var json: JSONValue {
        let rules: JSONValue = .array(self.rules.map(JSONValue.string))
        return .object([
            ("rules", rules), ("aucWith", .finite(aucWith)), ("aucWithout", .finite(aucWithout)),
            ("thresholdWith", .finite(thresholdWith)), ("thresholdWithout", .finite(thresholdWithout)),
        ])
    }
}

/// The review as one JSON document (for `scorecard review --format json`).
extension ReviewResult {
    /// Data accounting, the fit, both cards' evaluation, per-rule changes and the revised card.
    public var json: JSONValue {
        func evaluation(_ e: CardEvaluation, _ card: Scorecard) -> JSONValue {
            .object([
                ("threshold", .number(card.threshold)), ("auc", .finite(e.auc)), ("ks", .finite(e.ks)),
                ("atThreshold", e.atThreshold.json), ("selected", e.selected?.json ?? .null),
            ])
        }
        let deals: JSONValue = .object(
            [("file", .string(dealsFile))] + accounting.json.members! + [
                ("won", .number(Double(won))), ("lost", .number(Double(lost))),
                ("closedFrom", .optional(closedRange?.lowerBound.description)),
                ("closedTo", .optional(closedRange?.upperBound.description)),
                ("patterns", .number(Double(patterns))),
            ])
        let changes: JSONValue = .array(
            self.changes.map { c in
                .object([
                    ("id", .string(c.rule.id)), ("oldPoints", .number(c.oldPoints)),
                    ("newPoints", .number(c.newPoints)),
                    ("pointsLow", .optional(c.pointsInterval?.lowerBound)),
                    ("pointsHigh", .optional(c.pointsInterval?.upperBound)),
                    ("firedWon", .number(Double(c.firedWon))), ("firedLost", .number(Double(c.firedLost))),
                    ("reason", .string(c.reason)),
                ])
            })
        let nextStep: JSONValue = self.nextStep?.json ?? .null
        // `current.withoutDropped`: the same figures for the current card less the dropped rules.
        let without: JSONValue =
            currentWithoutDropped.map { e in
                var figures = evaluation(e, currentCard).members ?? []
                figures.append(("dropped", .array(decisions.filter { $0.action == .drop }.map { .string($0.id) })))
                return .object(figures)
            } ?? .null
        func currentJSON(_ value: JSONValue) -> JSONValue {
            .object((value.members ?? []) + [("withoutDropped", without)])
        }
        return .object([
            ("deals", deals),
            ("penalty", .string(penalty.name)),
            ("penaltyReason", .string(penaltyReason)),
            (
                "fit",
                fit.json(card: fittedCard ?? currentCard, factor: factor, accounting: accounting, shifts: pointShifts)
            ),
            ("thresholdRule", .string(rule.description)),
            ("current", currentJSON(evaluation(current, currentCard))),
            ("revised", evaluation(revised, revisedCard)),
            ("changes", changes),
            ("thresholdInterval", thresholdInterval?.json ?? .null),
            ("recentWon", recentWon?.json ?? .null),
            (
                "roundingCost",
                .object([
                    ("aucExact", .finite(roundingCost.aucExact)), ("aucRounded", .finite(roundingCost.aucRounded)),
                    ("kendallTau", .finite(roundingCost.kendallTau)),
                ])
            ),
            ("dualBars", .array(dualBars.map(\.json))),
            ("decisions", .array(decisions.map(\.json))),
            ("leftOut", leftOut?.json ?? JSONValue.null),
            ("limitsCost", limitsCost?.json ?? JSONValue.null),
            ("calibration", calibration?.json ?? JSONValue.null),
            ("sampleSize", sampleSize?.json ?? JSONValue.null),
            ("decay", decay?.json ?? JSONValue.null),
            ("signals", signals?.json ?? .null),
            ("holdout", holdout?.json ?? .null),
            ("nextStep", nextStep),
            ("revisedCard", revisedCard.json),
            ("notes", .array(notes.map(JSONValue.string))),
        ])
    }
}
