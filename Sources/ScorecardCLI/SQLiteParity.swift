import Foundation
import ScorecardKit

/// Runs a card's `sql` export in a real SQLite engine (the `sqlite3` shell) on a deal history and
/// compares every score with ScorecardKit's own.
enum SQLiteParity {
    /// The outcome of a parity check.
    struct Report {
        var rows: Int
        var mismatches: [(id: String, engine: String, ours: Double)]
    }

    /// Loads `deals` into an in-memory SQLite table (numbers REAL, Booleans 0/1, text TEXT, dates
    /// ISO text), runs `query`, and compares the scores by `deal_id`.
    static func check(card: Scorecard, deals: DealTable, table: String, asOf: CalendarDate?) throws -> Report {
        let d = SQLDialect.sqlite
        // Twice: the table typed as a warehouse types it, and every column text as a CSV import
        // (sqlite3's .import, a COPY into text columns) loads it; both must score as we do.
        let query =
            card.sqlQuery(dialect: d, table: table, asOf: asOf).split(separator: "\n").filter { !$0.hasPrefix("--") }
            .joined(separator: "\n") + ";\n"
        let typed = try CSVReader().read(
            run(loadScript(deals: deals, table: table, includeOutcome: false) + query), file: "sqlite3 output")
        let text = try CSVReader().read(
            run(loadScript(deals: deals, table: table, includeOutcome: false, asText: true) + query),
            file: "sqlite3 output")
        let ours = try card.scoreLeads(deals, asOf: asOf)
        var byID: [String: LeadScore] = [:]
        for s in ours { byID[s.dealID] = s }
        var mismatches: [(String, String, Double)] = []
        for row in typed.rows + text.rows {
            let id = row[0]
            let engine = row[1]
            let mine = byID[id]?.score ?? .nan
            if Double(engine) != mine { mismatches.append((id, engine, mine)) }
            // With dual bars the query also says whether the deal is an SQL: the same predicate.
            if row.count >= 5, let lead = byID[id], (row[4] == "1") != lead.isSQL {
                mismatches.append((id + " is_sql", row[4], lead.isSQL ? 1 : 0))
            }
        }
        if typed.rows.count != ours.count || text.rows.count != ours.count {
            mismatches.append(
                ("(row count)", "\(typed.rows.count) typed, \(text.rows.count) as text", Double(ours.count)))
        }
        // A deal that differs in both loads is one mismatch.
        var seen = Set<String>()
        return Report(rows: ours.count, mismatches: mismatches.filter { seen.insert($0.0).inserted })
    }

    /// Runs `sqlite3` on `script` and returns its standard output.
    static func run(_ script: String) throws -> String {
        guard let sqlite = executable("sqlite3") else {
            throw CLIError.file(
                "sqlite3 is not installed (apt-get install sqlite3); the sql parity check runs the query in it")
        }
        let result = try ChildProcess.run(sqlite, arguments: ["-batch", ":memory:"], input: script)
        guard result.status == 0 else {
            let message = result.err.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " | ")
            throw CLIError.file("sqlite3 failed on the exported query: \(message)")
        }
        return result.out
    }

    /// The full path of `name` on the PATH, if any.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

extension SQLiteParity {
    /// Loads `deals` into SQLite, runs the card's `sql-aggregate` query there, reads the result as a
    /// pattern table, and compares its fit and sweep with the fit on the deals themselves.
    static func checkAggregate(card: Scorecard, deals: DealTable, table: String) throws -> String {
        let d = SQLDialect.sqlite
        let script =
            loadScript(deals: deals, table: table, includeOutcome: true)
            + card.sqlAggregate(dialect: d, table: table).split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(
                separator: "\n") + ";\n"
        let output = try run(script)
        let patterns = try DealTable(
            bytes: Array(output.utf8), file: "sqlite3 aggregate", counts: .init(won: "won_count", lost: "lost_count"))
        let direct = try CardFit(design: DesignMatrix(card: card, deals: deals), card: card, requested: Penalty.none)
            .fit
        let aggregated = try CardFit(
            design: DesignMatrix(card: card, deals: patterns), card: card, requested: Penalty.none
        ).fit
        let a = [direct.intercept.coefficient] + direct.coefficients
        let b = [aggregated.intercept.coefficient] + aggregated.coefficients
        let worst = zip(a, b).map { abs($0 - $1) / max(abs($0), 1e-12) }.max() ?? 0
        let sweepA = ThresholdSweep(scores: card.scores(try DesignMatrix(card: card, deals: deals)), won: deals.won)
            .rows
        let patternDesign = try DesignMatrix(card: card, deals: patterns)
        let sweepB = ThresholdSweep(
            scores: card.scores(patternDesign), won: patternDesign.won, weights: patternDesign.weights
        ).rows
        guard worst < 1e-9, sweepA == sweepB else {
            throw CLIError.file(
                "parity failed: the aggregated fit differs from the deal-level fit (worst relative coefficient difference \(worst)) or the sweeps differ"
            )
        }
        return
            "parity: \(deals.count) deals aggregated by sqlite3 into \(patterns.accounting.used) pattern rows; coefficients equal within \(worst < 1e-12 ? "1e-12" : "1e-9") relative and the same \(sweepA.count)-row sweep\n"
    }

    /// The CREATE TABLE and INSERT statements that load `deals` (and its outcome) into SQLite,
    /// wrapped in the `sqlite3` shell's settings (stop at the first error, CSV with a header).
    /// - Parameter asText: every column `TEXT`, values as a CSV file writes them (`true`/`false`,
    ///   numbers as digits), missing values NULL.
    static func loadScript(deals: DealTable, table: String, includeOutcome: Bool, asText: Bool = false) -> String {
        ".bail on\n.headers on\n.mode csv\nBEGIN;\n"
            + loadStatements(
                deals: deals, table: table, includeOutcome: includeOutcome, dialect: .sqlite, asText: asText)
            + "COMMIT;\n"
    }

    /// The CREATE TABLE and INSERT statements that load `deals` (and its outcome) into an engine
    /// of `dialect`, with the types a warehouse would use: in SQLite numbers REAL, Booleans 0/1,
    /// text and dates TEXT; in PostgreSQL (a temporary table) DOUBLE PRECISION, BOOLEAN, TEXT and
    /// DATE.
    static func loadStatements(
        deals: DealTable, table: String, includeOutcome: Bool, dialect d: SQLDialect, asText: Bool = false
    ) -> String {
        let postgres = d == .postgres
        var columns: [(String, SignalColumn)] = deals.columnOrder.compactMap { name in
            deals.columns[name].map { (name, $0) }
        }
        if let c = deals.closedAt { columns.append(("closed_at", .date(c))) }
        if let s = deals.scoredAt { columns.append(("scored_at", .date(s))) }
        var script =
            "CREATE \(postgres ? "TEMPORARY " : "")TABLE \(d.identifier(table)) (\(d.identifier("deal_id")) TEXT"
        if includeOutcome { script += ", \(d.identifier("outcome")) TEXT" }
        for (name, column) in columns {
            var type: String
            switch column {
            case .boolean: type = postgres ? "BOOLEAN" : "INTEGER"
            case .number: type = postgres ? "DOUBLE PRECISION" : "REAL"
            case .category: type = "TEXT"
            case .date: type = postgres ? "DATE" : "TEXT"
            }
            if asText { type = "TEXT" }
            script += ", \(d.identifier(name)) \(type)"
        }
        script += ");\n"
        for i in 0..<deals.count {
            // Without a deal_id column, each row is named by its line, as `scorecard score` names it.
            var values = [d.literal(deals.dealIDs?[i] ?? "line \(deals.lines[i])")]
            if includeOutcome { values.append(d.literal(deals.won[i] ? "won" : "lost")) }
            for (_, column) in columns {
                switch column {
                case .boolean(let v) where asText:
                    values.append(v[i].map { d.literal($0 ? "true" : "false") } ?? "NULL")
                case .number(let v) where asText: values.append(v[i].map { d.literal(JSONValue.format($0)) } ?? "NULL")
                case .boolean(let v):
                    values.append(v[i].map { postgres ? ($0 ? "TRUE" : "FALSE") : ($0 ? "1" : "0") } ?? "NULL")
                case .number(let v): values.append(v[i].map(JSONValue.format) ?? "NULL")
                case .category(let v): values.append(v[i].map(d.literal) ?? "NULL")
                case .date(let v): values.append(v[i].map { d.literal($0.description) } ?? "NULL")
                }
            }
            script += "INSERT INTO \(d.identifier(table)) VALUES (\(values.joined(separator: ", ")));\n"
        }
        return script
    }
}
