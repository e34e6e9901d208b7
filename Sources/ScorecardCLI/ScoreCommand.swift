import ScorecardKit

/// `scorecard score`: score leads with the breakdown of points by rule.
enum ScoreCommand: Command {
    static let name = "score"
    static let abstract =
        "score leads: total, fit and behavior subscores, SQL yes/no, the reasons, and the next step that would qualify each lead"
    static let usage = "LEADS.csv --scorecard CARD.json [--as-of YYYY-MM-DD] [--format csv|json]"
    static let discussion = """
        Scores every row of LEADS.csv (no outcome column needed; the id column is deal_id or
        lead_id): the total, the fit and behavior subscores, SQL yes/no (the card's threshold and dual
        bars: the same predicate every command uses), the points each rule gave after caps and decay
        ("why this lead, why now"), the top four reasons (the rules that gave the most points), the
        points still to go, and to_qualify: the fewest behaviors the lead has not shown yet whose
        points would make it an SQL (empty when none can). Rules are shown by their label when the card
        has one. A rule whose column the file lacks is scored as not fired, with one warning. Decay is
        measured to --as-of, or to each lead's scored_at (then closed_at). CSV by default; --format
        json gives an array of objects.
        """
    static let options: [OptionSpec] =
        InputOptions.fileSpecs + [
            OptionSpec("as-of", "DATE", "measure decay to this date"),
            OptionSpec("format", "csv|json", "what to print", default: "csv"),
        ]
    static let examples = [
        "score datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json --as-of 2026-10-01"
    ]

    static func run(_ args: ArgumentList, console: Console) throws {
        let input = try InputOptions(args, outputs: ["csv": .text, "json": .json])
        var asOf: CalendarDate? = nil
        if let text = args.options["as-of"] {
            guard let d = CalendarDate(iso: text) else {
                throw CLIError.usage("--as-of must be a date YYYY-MM-DD; got \(quoted(text))", command: name)
            }
            asOf = d
        }
        let card = try Scorecard(json: FileSystem.readText(input.cardPath), file: input.cardPath)
        var map = ColumnMap()
        if let path = input.mapPath { map = try ColumnMap(json: FileSystem.readText(path), file: path) }
        // The leads stream through the reader (a block of the file in memory at a time).
        try FileSystem.checkReadable(input.dealsPath)
        let leads: DealTable
        do {
            leads = try DealTable.leads(
                contentsOfFile: input.dealsPath, delimiter: input.delimiter, map: map, missing: input.missing,
                formats: input.formats)
        } catch let e as FileBytes.ReadError { throw CLIError.file(e.description) }
        let result = try card.scoredLeads(leads, asOf: asOf)
        for warning in result.warnings { console.err("warning: \(warning)\n") }
        switch input.format {
        case .json: result.writeJSON { console.out($0) }
        case .text:
            // People read this file: rules by their label. Written a piece at a time.
            var labels: [String: String] = [:]
            for rule in card.rules { labels[rule.id] = rule.label ?? rule.id }
            result.writeCSV(labels: labels, bytes: { console.out(bytes: $0) })
        }
    }
}
