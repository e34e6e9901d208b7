/// The `sql-aggregate` export: the GROUP BY that turns a warehouse's deal table into a pattern table.
extension Scorecard {
    /// The columns a pattern table of this card must keep: every signal a rule reads, and for a
    /// decaying rule its `<signal>_at` and the reference dates.
    public var aggregateColumns: [String] {
        var columns: [String] = []
        func add(_ c: String) { if !columns.contains(c) { columns.append(c) } }
        for rule in rules { rule.signals.forEach(add) }
        for rule in rules where rule.halfLifeDays != nil {
            add(rule.signal + "_at")
            add("scored_at")
            add("closed_at")
        }
        return columns
    }

    /// A query that groups a deal table by the columns the card reads (coarsened where one rule
    /// reads a column, see ``aggregateExpression(_:dialect:)``) and counts won and lost deals in
    /// each group: `SELECT <columns>, won_count, lost_count FROM <table> WHERE closed GROUP BY …`.
    /// Its result, read with `--counts won_count,lost_count`, fits exactly as the deal table
    /// would, so a billion-row history leaves the warehouse as a few thousand rows.
    ///
    /// Outcomes are read as ScorecardKit reads them: lower-cased and trimmed, `_` and `-` as
    /// spaces, `won`/`closed won`/`1`/`true`/`yes`/`win` won and `lost`/`closed lost`/`0`/`false`/
    /// `no`/`loss` lost; other rows (open deals) are left out. A decaying rule keeps its dates in
    /// the grouping, which multiplies the groups.
    public func sqlAggregate(dialect d: SQLDialect, table: String = "deals") -> String {
        let outcome =
            "LOWER(TRIM(REPLACE(REPLACE(CAST(\(d.identifier("outcome")) AS \(d.textType)), '_', ' '), '-', ' ')))"
        let won = ["won", "closed won", "1", "true", "yes", "win"].map(d.literal).joined(separator: ", ")
        let lost = ["lost", "closed lost", "0", "false", "no", "loss"].map(d.literal).joined(separator: ", ")
        let selected = aggregateColumns.map { aggregateExpression($0, dialect: d) + " AS " + d.identifier($0) }
        let from = table.split(separator: ".", omittingEmptySubsequences: false).map { d.identifier(String($0)) }
            .joined(separator: ".")
        var out = "-- " + String(TextEscaping.plain(exportHeader).map { $0 == "\n" ? " " : $0 }) + "\n"
        out += "-- one row per distinct combination of the card's signals; read it with --counts won_count,lost_count\n"
        out += "SELECT " + selected.joined(separator: ",\n    ")
        out += ",\n    SUM(CASE WHEN \(outcome) IN (\(won)) THEN 1 ELSE 0 END) AS \(d.identifier("won_count"))"
        out += ",\n    SUM(CASE WHEN \(outcome) IN (\(lost)) THEN 1 ELSE 0 END) AS \(d.identifier("lost_count"))"
        out +=
            "\nFROM \(from)\nWHERE \(outcome) IN (\(won), \(lost))\nGROUP BY "
            + selected.indices.map { String($0 + 1) }.joined(separator: ", ") + "\n"
        return out
    }

    /// The expression a signal is grouped by: the column itself, or, when one rule reads it, a
    /// value that stands for every value the rule treats alike (so far fewer groups): the capped
    /// units of an `each` rule, one value on each side of a threshold, the matched level or
    /// `(other)` for a text test. Missing values stay missing.
    func aggregateExpression(_ signal: String, dialect d: SQLDialect) -> String {
        let col = d.identifier(signal)
        let reading = rules.filter { $0.signals.contains(signal) }
        guard reading.count == 1, let rule = reading.first, rule.halfLifeDays == nil else { return col }
        func f(_ x: Double) -> String { JSONValue.format(x) }
        switch rule.measure {
        case .anyOf: return col
        case .each(let each, _):
            guard let cap = rule.capUnits else { return col }
            // Some engines' LEAST skips NULLs (LEAST(NULL, 5) = 5 in PostgreSQL): keep missing missing.
            return "CASE WHEN \(col) IS NULL THEN NULL ELSE \(d.least(col, f(cap * each))) END"
        case .when(let condition):
            switch condition {
            case .atLeast(let t):
                return "CASE WHEN \(col) IS NULL THEN NULL WHEN \(col) >= \(f(t)) THEN \(f(t)) ELSE \(f(t - 1)) END"
            case .atMost(let t):
                return "CASE WHEN \(col) IS NULL THEN NULL WHEN \(col) <= \(f(t)) THEN \(f(t)) ELSE \(f(t + 1)) END"
            case .between(let lo, _):
                return
                    "CASE WHEN \(col) IS NULL THEN NULL WHEN \(sqlCondition(condition, column: col, dialect: d)) THEN \(f(lo)) ELSE \(f(lo - 1)) END"
            case .equals(.bool(_)):
                // 1 where the rule fires and 0 where it does not, whatever the engine's Boolean
                // type prints as (PostgreSQL's CSV writes t and f).
                return
                    "CASE WHEN \(col) IS NULL THEN NULL WHEN \(sqlCondition(condition, column: col, dialect: d)) THEN 1 ELSE 0 END"
            case .equals, .oneOf:
                guard condition.allStrings else { return col }
                let text = "LOWER(TRIM(CAST(\(col) AS \(d.textType))))"
                let empty = "\(col) IS NULL OR TRIM(CAST(\(col) AS \(d.textType))) = " + d.literal("")
                return
                    "CASE WHEN \(empty) THEN NULL WHEN \(sqlCondition(condition, column: col, dialect: d)) THEN \(text) ELSE \(d.literal("(other)")) END"
            case .present:
                return col
            }
        }
    }
}

extension Condition {
    /// Whether every value the test lists is text.
    var allStrings: Bool {
        switch self {
        case .equals(let v):
            if case .string = v { return true }
            return false
        case .oneOf(let vs):
            return vs.allSatisfy {
                if case .string = $0 { return true }
                return false
            }
        default: return false
        }
    }
}
