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
        guard deals.dealIDs != nil else { throw CLIError.file("\(deals.file): the parity check matches scores by deal_id, and the file has no deal_id column") }
        let d = SQLDialect.sqlite
        var script = loadScript(deals: deals, table: table, includeOutcome: false)
        script += card.sqlQuery(dialect: d, table: table, asOf: asOf).split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n") + ";\n"
        let output = try run(script)
        let result = try CSVReader().read(output, file: "sqlite3 output")
        let ours = try card.scoreLeads(deals, asOf: asOf)
        var byID: [String: LeadScore] = [:]
        for s in ours { byID[s.dealID] = s }
        var mismatches: [(String, String, Double)] = []
        for row in result.rows {
            let id = row[0], engine = row[1]
            let mine = byID[id]?.score ?? .nan
            if Double(engine) != mine { mismatches.append((id, engine, mine)) }
            // With dual bars the query also says whether the deal is an SQL: the same predicate.
            if row.count >= 5, let lead = byID[id], (row[4] == "1") != lead.isSQL {
                mismatches.append((id + " is_sql", row[4], lead.isSQL ? 1 : 0))
            }
        }
        if result.rows.count != ours.count { mismatches.append(("(row count)", "\(result.rows.count)", Double(ours.count))) }
        return Report(rows: result.rows.count, mismatches: mismatches)
    }

    /// Runs `sqlite3` on `script` and returns its standard output.
    static func run(_ script: String) throws -> String {
        guard let sqlite = executable("sqlite3") else {
            throw CLIError.file("sqlite3 is not installed (apt-get install sqlite3); the sql parity check runs the query in it")
        }
        let result = try ChildProcess.run(sqlite, arguments: ["-batch", ":memory:"], input: script)
        guard result.status == 0 else {
            let message = result.err.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | ")
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
        let script = loadScript(deals: deals, table: table, includeOutcome: true)
            + card.sqlAggregate(dialect: d, table: table).split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n") + ";\n"
        let output = try run(script)
        let patterns = try DealTable(bytes: Array(output.utf8), file: "sqlite3 aggregate", counts: .init(won: "won_count", lost: "lost_count"))
        let direct = try LogisticRegression().fit(DesignMatrix(card: card, deals: deals))
        let aggregated = try LogisticRegression().fit(DesignMatrix(card: card, deals: patterns))
        let a = [direct.intercept.coefficient] + direct.coefficients, b = [aggregated.intercept.coefficient] + aggregated.coefficients
        let worst = zip(a, b).map { abs($0 - $1) / max(abs($0), 1e-12) }.max() ?? 0
        let sweepA = ThresholdSweep(scores: card.scores(try DesignMatrix(card: card, deals: deals)), won: deals.won).rows
        let patternDesign = try DesignMatrix(card: card, deals: patterns)
        let sweepB = ThresholdSweep(scores: card.scores(patternDesign), won: patternDesign.won, weights: patternDesign.weights).rows
        guard worst < 1e-9, sweepA == sweepB else {
            throw CLIError.file("parity failed: the aggregated fit differs from the deal-level fit (worst relative coefficient difference \(worst)) or the sweeps differ")
        }
        return "parity: \(deals.count) deals aggregated by sqlite3 into \(patterns.accounting.used) pattern rows; coefficients equal within \(worst < 1e-12 ? "1e-12" : "1e-9") relative and the same \(sweepA.count)-row sweep\n"
    }

    /// The CREATE TABLE and INSERT statements that load `deals` (and its outcome) into SQLite,
    /// wrapped in the `sqlite3` shell's settings (stop at the first error, CSV with a header).
    static func loadScript(deals: DealTable, table: String, includeOutcome: Bool) -> String {
        ".bail on\n.headers on\n.mode csv\nBEGIN;\n" + loadStatements(deals: deals, table: table, includeOutcome: includeOutcome, dialect: .sqlite) + "COMMIT;\n"
    }

    /// The CREATE TABLE and INSERT statements that load `deals` (and its outcome) into an engine
    /// of `dialect`, with the types a warehouse would use: in SQLite numbers REAL, Booleans 0/1,
    /// text and dates TEXT; in PostgreSQL (a temporary table) DOUBLE PRECISION, BOOLEAN, TEXT and
    /// DATE.
    static func loadStatements(deals: DealTable, table: String, includeOutcome: Bool, dialect d: SQLDialect) -> String {
        let postgres = d == .postgres
        var columns: [(String, SignalColumn)] = deals.columnOrder.compactMap { name in deals.columns[name].map { (name, $0) } }
        if let c = deals.closedAt { columns.append(("closed_at", .date(c))) }
        if let s = deals.scoredAt { columns.append(("scored_at", .date(s))) }
        var script = "CREATE \(postgres ? "TEMPORARY " : "")TABLE \(d.identifier(table)) (\(d.identifier("deal_id")) TEXT"
        if includeOutcome { script += ", \(d.identifier("outcome")) TEXT" }
        for (name, column) in columns {
            let type: String
            switch column {
            case .boolean: type = postgres ? "BOOLEAN" : "INTEGER"
            case .number: type = postgres ? "DOUBLE PRECISION" : "REAL"
            case .category: type = "TEXT"
            case .date: type = postgres ? "DATE" : "TEXT"
            }
            script += ", \(d.identifier(name)) \(type)"
        }
        script += ");\n"
        for i in 0..<deals.count {
            var values = [deals.dealIDs.map { d.literal($0[i]) } ?? "NULL"]
            if includeOutcome { values.append(d.literal(deals.won[i] ? "won" : "lost")) }
            for (_, column) in columns {
                switch column {
                case let .boolean(v): values.append(v[i].map { postgres ? ($0 ? "TRUE" : "FALSE") : ($0 ? "1" : "0") } ?? "NULL")
                case let .number(v): values.append(v[i].map(JSONValue.format) ?? "NULL")
                case let .category(v): values.append(v[i].map(d.literal) ?? "NULL")
                case let .date(v): values.append(v[i].map { d.literal($0.description) } ?? "NULL")
                }
            }
            script += "INSERT INTO \(d.identifier(table)) VALUES (\(values.joined(separator: ", ")));\n"
        }
        return script
    }
}
