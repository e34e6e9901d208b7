/// JSON forms of sweep rows (keys fixed by DESIGN.md).
extension ThresholdRow {
    /// `{"threshold", "won", "lost", "recall", "precision", "sqlRate", "lift"}`.
    public var json: JSONValue {
        .object([
            ("threshold", .finite(threshold)), ("won", .finite(won)), ("lost", .finite(lost)),
            ("recall", .finite(recall)),
            ("precision", .finite(precision)), ("sqlRate", .finite(sqlRate)), ("lift", .finite(lift)),
        ])
    }
}

extension ThresholdSweep {
    /// `{"selected": {"threshold", "rule", "recall", "precision", "sqlRate", "lift", "explanation"},
    /// "thresholds": [...]}`.
    ///
    /// - Parameter chosen: the row the rule picked when the caller counted it differently
    ///   (``RecentWon``); by default the rule is applied to these rows.
    public func json(selecting rule: ThresholdRule, interval: ThresholdInterval? = nil, chosen: ThresholdRow?? = nil)
        -> JSONValue
    {
        var selected: JSONValue = .null
        if let s = chosen ?? select(rule) {
            selected = .object([
                ("threshold", .finite(s.threshold)), ("rule", .string(rule.description)), ("recall", .finite(s.recall)),
                ("precision", .finite(s.precision)), ("sqlRate", .finite(s.sqlRate)), ("lift", .finite(s.lift)),
                ("won", .finite(s.won)), ("lost", .finite(s.lost)), ("explanation", .string(rule.explanation)),
                ("interval", interval?.json ?? .null),
            ])
        }
        return .object([
            ("selected", selected), ("totalWon", .finite(totalWon)), ("totalLost", .finite(totalLost)),
            ("thresholds", .array(rows.map(\.json))),
        ])
    }
}

extension ThresholdInterval {
    /// `{"level", "resamples", "failed", "thresholdLow", "thresholdHigh", "recallLow", "recallHigh",
    /// "precisionLow", "precisionHigh"}`.
    public var json: JSONValue {
        .object([
            ("level", .number(level)), ("resamples", .number(Double(resamples))), ("failed", .number(Double(failed))),
            ("thresholdLow", .finite(threshold.lowerBound)), ("thresholdHigh", .finite(threshold.upperBound)),
            ("recallLow", .finite(recall.lowerBound)), ("recallHigh", .finite(recall.upperBound)),
            ("precisionLow", .finite(precision.lowerBound)), ("precisionHigh", .finite(precision.upperBound)),
        ])
    }
}

extension DualThresholdRow {
    /// `{"fit", "behavior", "won", "lost", "recall", "precision"}`.
    public var json: JSONValue {
        .object([
            ("fit", .finite(fit)), ("behavior", .finite(behavior)), ("won", .finite(won)), ("lost", .finite(lost)),
            ("recall", .finite(recall)), ("precision", .finite(precision)),
        ])
    }
}
