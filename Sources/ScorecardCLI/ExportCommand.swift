import ScorecardKit

/// `scorecard export`: the card in another tool's form, with an optional parity check.
enum ExportCommand: Command {
    static let name = "export"
    static let abstract =
        "write the card as JSON, CSV, SQL (6 dialects), a Salesforce formula, HubSpot rules or PMML; --check proves parity"
    static let usage = "CARD.json --to json|csv|sql|sql-aggregate|salesforce|hubspot|pmml [options]"
    static let discussion = """
        Prints the card in another tool's form (or writes it with --out). Every export carries the
        card's name, threshold and a generated-by line; names and values from the card are quoted or
        neutralized for the target (CSV formulas, SQL identifiers and literals, formula strings). With
        --format json the export (or the parity report) is printed inside one JSON document.
        """
    static let options: [OptionSpec] =
        [
            OptionSpec("to", "FORMAT", "json, csv, sql, sql-aggregate, salesforce, hubspot, pmml", required: true),
            OptionSpec(
                "dialect", "D", "for sql and sql-aggregate: postgres, snowflake, bigquery, sqlite, duckdb, spark",
                default: "postgres"),
            OptionSpec("table", "NAME", "for sql: the table of deals", default: "deals"),
            OptionSpec("as-of", "DATE", "for sql: measure decay to this date instead of scored_at"),
            OptionSpec(
                "check", "DEALS.csv",
                "re-score the history through the export and compare every score with `scorecard score` (json and csv: read back; sql: run in the sqlite3 shell; sql-aggregate: aggregate in sqlite3, fit the pattern table, compare with the fit on the deals)"
            ),
            OptionSpec(
                "history", "DEALS.csv", "for pmml: type the data fields as this history's columns (else from the rules)"
            ),
            OptionSpec(
                "platform", "P",
                "for hubspot: the score maximum is the platform's limit (hubspot-pro, hubspot-enterprise)"),
        ]
        + ReadingOptions.specs.map {
            OptionSpec($0.name, $0.value, "with --check: how DEALS.csv is read: " + $0.help, default: $0.defaultValue)
        } + [
            OptionSpec("out", "FILE", "write the export to FILE (atomically) instead of printing it"),
            OptionSpec(
                "format", "text|json",
                "text prints the export as it is; json wraps it as {\"to\", \"content\"} (or the parity report as {\"check\"})",
                default: "text"),
        ]
    static let examples = [
        "export datasets/b2b-saas/current-scorecard.json --to sql --dialect snowflake",
        "export datasets/b2b-saas/current-scorecard.json --to sql --dialect sqlite --check datasets/b2b-saas/deals.csv",
    ]

    static func run(_ args: ArgumentList, console: Console) throws {
        let cardPath = try args.onePositional("scorecard (CARD.json)")
        let printing = try InputOptions.format(args)
        let toText = try args.require("to")
        guard let format = ExportFormat(rawValue: toText) else {
            throw CLIError.usage(
                "--to must be json, csv, sql, sql-aggregate, salesforce, hubspot or pmml; got \(quoted(toText))",
                command: name)
        }
        var warnings: [String] = []
        /// Prints `text` as it is, or inside `{key: text, "warnings"}` with --format json.
        func emit(_ key: String, _ text: String) {
            switch printing {
            case .text: console.out(text)
            case .json:
                console.out(
                    JSONValue.object(
                        (key == "content" ? [("to", .string(format.rawValue))] : []) + [(key, .string(text))]
                            + [("warnings", .array(warnings.map(JSONValue.string)))]
                    ).rendered())
            }
        }
        let dialectText = args.options["dialect"] ?? "postgres"
        guard let dialect = SQLDialect(rawValue: dialectText) else {
            throw CLIError.usage(
                "--dialect must be postgres, snowflake, bigquery, sqlite, duckdb or spark; got \(quoted(dialectText))",
                command: name)
        }
        let table = args.options["table"] ?? "deals"
        var asOf: CalendarDate? = nil
        if let text = args.options["as-of"] {
            guard let d = CalendarDate(iso: text) else {
                throw CLIError.usage("--as-of must be a date YYYY-MM-DD; got \(quoted(text))", command: name)
            }
            asOf = d
        }
        var platform: Platform? = nil
        if let text = args.options["platform"] {
            let hubspot = Platform.allCases.filter { $0.rawValue.hasPrefix("hubspot") }.map(\.rawValue)
            guard format == .hubspot else {
                throw CLIError.usage(
                    "--platform sets HubSpot's score maximum and applies only to --to hubspot; got --platform \(quoted(text)) with --to \(format.rawValue)",
                    command: name)
            }
            guard let p = Platform(rawValue: text), hubspot.contains(p.rawValue) else {
                throw CLIError.usage(
                    "--platform with --to hubspot must be \(hubspot.joined(separator: " or ")); got \(quoted(text))",
                    command: name)
            }
            platform = p
        }
        let card = try Scorecard(json: FileSystem.readText(cardPath), file: cardPath)
        var output =
            format == .sql
            ? ExportOutput(text: card.sqlQuery(dialect: dialect, table: table, asOf: asOf))
            : card.exported(format, dialect: dialect, table: table, platform: platform)
        if let historyPath = args.options["history"] {
            guard format == .pmml else {
                throw CLIError.usage(
                    "--history types the data fields of a pmml export; it does nothing for \(format.rawValue)",
                    command: name)
            }
            output = card.pmmlDocument(
                history: try DealTable.leads(bytes: FileSystem.readBytes(historyPath), file: historyPath))
        }
        let text = output.text
        // What the target cannot express goes to stderr, so stdout stays one document.
        warnings = output.warnings
        for warning in output.warnings { console.err("warning: \(warning)\n") }

        if let dealsPath = args.options["check"] {
            let reading = try ReadingOptions(args)
            let map = try reading.columnMap()
            let deals = try DealTable.leads(
                bytes: FileSystem.readBytes(dealsPath), file: dealsPath, delimiter: reading.delimiter, map: map,
                missing: reading.missing, formats: reading.formats)
            let expected = try card.scoreLeads(deals, asOf: asOf)
            switch format {
            case .json, .csv:
                let back =
                    format == .json
                    ? try Scorecard(json: text, file: "export")
                    : try Scorecard(rulesCSV: text, name: card.name, file: "export")
                let got = try back.scoreLeads(deals, asOf: asOf)
                let bad = zip(got, expected).filter { $0.score != $1.score }.count
                guard bad == 0 else {
                    throw CLIError.file(
                        "parity failed: \(bad) of \(expected.count) scores differ after reading the \(format.rawValue) export back"
                    )
                }
                emit(
                    "check",
                    "parity: \(expected.count) of \(expected.count) scores equal after reading the \(format.rawValue) export back\n"
                )
            case .sql:
                guard dialect == .sqlite else {
                    throw CLIError.usage(
                        "--check runs the query in SQLite; use --dialect sqlite (the other dialects differ only in quoting and date functions)",
                        command: name)
                }
                let report = try SQLiteParity.check(card: card, deals: deals, table: table, asOf: asOf)
                guard report.mismatches.isEmpty else {
                    let first = report.mismatches.prefix(3).map {
                        "\($0.id): sqlite \($0.engine), scorecard \(JSONValue.format($0.ours))"
                    }.joined(separator: "; ")
                    throw CLIError.file(
                        "parity failed: \(report.mismatches.count) of \(report.rows) scores differ (\(first))")
                }
                emit(
                    "check",
                    "parity: \(report.rows) of \(report.rows) scores from sqlite3 equal scorecard score's, with the table typed and with every column text (as a CSV import loads it)\n"
                )
            case .sqlAggregate:
                guard dialect == .sqlite else {
                    throw CLIError.usage("--check runs the query in SQLite; use --dialect sqlite", command: name)
                }
                let history = try DealTable(
                    bytes: FileSystem.readBytes(dealsPath), file: dealsPath, delimiter: reading.delimiter, map: map,
                    missing: reading.missing, formats: reading.formats)
                let report = try SQLiteParity.checkAggregate(card: card, deals: history, table: table)
                emit("check", report)
            case .salesforce, .hubspot, .pmml:
                throw CLIError.usage(
                    "--check needs an engine that runs the export; there is none here for \(format.rawValue) (json, csv and sql can be checked; for pmml see scripts/pmml/jpmml_score.py)",
                    command: name)
            }
            return
        }
        if let out = args.options["out"] {
            try FileSystem.writeAtomically([(out, text)])
        } else {
            emit("content", text)
        }
    }
}
