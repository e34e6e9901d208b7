/// JSON forms of sweep rows (keys fixed by DESIGN.md).
extension ThresholdRow {
    /// `{"threshold", "won", "lost", "recall", "precision", "sqlRate", "lift"}`.
    public var json: JSONValue {
        .object([("threshold", .finite(threshold)), ("won", .finite(won)), ("lost", .finite(lost)), ("recall", .finite(recall)),
                 ("precision", .finite(precision)), ("sqlRate", .finite(sqlRate)), ("lift", .finite(lift))])
    }
}

extension ThresholdSweep {
    /// `{"selected": {"threshold", "rule", "recall", "precision", "sqlRate", "lift", "explanation"},
    /// "thresholds": [...]}`.
    public func json(selecting rule: ThresholdRule) -> JSONValue {
        var selected: JSONValue = .null
        if let s = select(rule) {
            selected = .object([("threshold", .finite(s.threshold)), ("rule", .string(rule.description)), ("recall", .finite(s.recall)),
                                ("precision", .finite(s.precision)), ("sqlRate", .finite(s.sqlRate)), ("lift", .finite(s.lift)),
                                ("won", .finite(s.won)), ("lost", .finite(s.lost)), ("explanation", .string(rule.explanation))])
        }
        return .object([("selected", selected), ("totalWon", .finite(totalWon)), ("totalLost", .finite(totalLost)),
                         ("thresholds", .array(rows.map(\.json)))])
    }
}
