import ScorecardKit

/// `scorecard score`: score leads with the breakdown of points by rule.
enum ScoreCommand: Command {
    static let name = "score"
    static let abstract = "score leads: total, fit and behavior subscores, SQL yes/no, and the points each rule gave"
    static let usage = "LEADS.csv --scorecard CARD.json [--as-of YYYY-MM-DD] [--format csv|json]"
    static let discussion = """
    Scores every row of LEADS.csv (no outcome column needed): the total, the fit and behavior
    subscores, SQL yes/no (the card's threshold and dual bars: the same predicate every command
    uses), and the points each rule gave after caps and decay — "why this lead, why now". Decay is
    measured to --as-of, or to each lead's scored_at (then closed_at). CSV by default; --format
    json gives an array of objects.
    """
    static let options: [OptionSpec] = InputOptions.fileSpecs + [
        OptionSpec("as-of", "DATE", "measure decay to this date"),
        OptionSpec("format", "csv|json", "what to print", default: "csv"),
    ]
    static let examples = ["score datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json --as-of 2026-10-01"]

    static func run(_ args: ArgumentList, console: Console) throws {
        let input = try InputOptions(args, outputs: ["csv": .text, "json": .json])
        var asOf: CalendarDate? = nil
        if let text = args.options["as-of"] {
            guard let d = CalendarDate(iso: text) else { throw CLIError.usage("--as-of must be a date YYYY-MM-DD; got \(quoted(text))", command: name) }
            asOf = d
        }
        let card = try Scorecard(json: FileSystem.readText(input.cardPath), file: input.cardPath)
        var map = ColumnMap()
        if let path = input.mapPath { map = try ColumnMap(json: FileSystem.readText(path), file: path) }
        let leads = try DealTable.leads(bytes: FileSystem.readBytes(input.dealsPath), file: input.dealsPath, delimiter: input.delimiter, map: map, missing: input.missing, formats: input.formats)
        let scored = try card.scoreLeads(leads, asOf: asOf)
        switch input.format {
        case .json: console.out(JSONValue.array(scored.map(\.json)).rendered())
        case .text:
            let writer = CSVWriter(guardFormulas: true)
            var out = writer.line(["deal_id", "score", "fit_score", "behavior_score", "is_sql", "breakdown"])
            for s in scored {
                let breakdown = s.breakdown.map { "\($0.id) \(NumberFormatting.points(($0.points * 100).rounded() / 100))" }.joined(separator: "; ")
                out += writer.line([s.dealID, JSONValue.format(s.score), JSONValue.format(s.fitScore), JSONValue.format(s.behaviorScore), s.isSQL ? "yes" : "no", breakdown])
            }
            console.out(out)
        }
    }
}
