/// The `flag` JSON document (keys fixed by DESIGN.md, more added).
extension SignalReport {
    /// `{"rules": [{"id", "flags", "reasons", "firedWon", "firedLost", "precisionWhenFired",
    /// "lift", "assignedPoints", "fittedPoints", "sqlInflation", ...}], "candidates": [...]}`.
    public var json: JSONValue {
        .object([
            ("baseRate", .finite(baseRate)),
            (
                "rules",
                .array(
                    rules.map { d in
                        .object([
                            ("id", .string(d.rule.id)),
                            ("flags", .array(d.flags.map { .string($0.rawValue) })),
                            ("reasons", .array(d.reasons.map(JSONValue.string))),
                            ("firedWon", .number(Double(d.firedWon))), ("firedLost", .number(Double(d.firedLost))),
                            ("precisionWhenFired", .finite(d.precisionWhenFired)),
                            ("precisionLow", .finite(d.precisionInterval.lowerBound)),
                            ("precisionHigh", .finite(d.precisionInterval.upperBound)),
                            ("lift", .finite(d.lift)), ("likelihoodRatio", .finite(d.likelihoodRatio)),
                            ("likelihoodRatioLow", .finite(d.likelihoodRatioInterval.lowerBound)),
                            ("likelihoodRatioHigh", .finite(d.likelihoodRatioInterval.upperBound)),
                            ("weightOfEvidence", .finite(d.weightOfEvidence)),
                            ("informationValue", .finite(d.informationValue)),
                            ("assignedPoints", .number(d.assignedPoints)), ("fittedPoints", .optional(d.fittedPoints)),
                            ("fittedLow", .optional(d.fittedInterval?.lowerBound)),
                            ("fittedHigh", .optional(d.fittedInterval?.upperBound)),
                            ("sqlInflation", .finite(d.sqlInflation)),
                            ("inflatedLost", .number(Double(d.inflatedLost))),
                            ("inflatedWon", .number(Double(d.inflatedWon))), ("sqlCount", .number(Double(d.sqlCount))),
                            (
                                "periods",
                                .array(
                                    d.periods.map {
                                        .object([
                                            ("period", .string($0.period)), ("deals", .number(Double($0.deals))),
                                            ("coefficient", .optional($0.coefficient)),
                                            ("stdError", .optional($0.stdError)),
                                        ])
                                    })
                            ),
                            ("heterogeneityP", .optional(d.heterogeneityP)),
                            (
                                "overlaps",
                                .array(
                                    d.overlaps.map {
                                        .object([("id", .string($0.id)), ("correlation", .finite($0.correlation))])
                                    })
                            ),
                            ("varianceInflation", .optional(d.varianceInflation)),
                            (
                                "calibration",
                                .array(
                                    d.calibration.map { b in
                                        .object([
                                            ("low", .number(b.range.lowerBound)), ("high", .number(b.range.upperBound)),
                                            ("deals", .number(Double(b.deals))),
                                            ("won", .number(Double(b.won))), ("observed", .finite(b.observed)),
                                            ("implied", .finite(b.implied)),
                                            ("overConfident", .bool(b.overConfident)),
                                        ])
                                    })
                            ),
                            ("leakage", .optional(d.leakage)),
                        ])
                    })
            ),
            (
                "candidates",
                .array(
                    candidates.map { c in
                        .object([
                            ("rule", c.rule.json), ("firedWon", .number(Double(c.firedWon))),
                            ("firedLost", .number(Double(c.firedLost))),
                            ("lift", .finite(c.lift)), ("informationValue", .finite(c.informationValue)),
                            ("flags", .array(c.leakage == nil ? [] : [.string(SignalFlag.leaky.rawValue)])),
                            ("leakage", .optional(c.leakage)),
                        ])
                    })
            ),
            ("notes", .array(notes.map(JSONValue.string))),
        ])
    }
}
