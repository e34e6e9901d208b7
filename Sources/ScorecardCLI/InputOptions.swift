import ScorecardKit

/// The inputs shared by the commands that read a deal history and a scorecard:
/// `DEALS.csv --scorecard CARD.json [--map MAP.json] [--delimiter ;] [--na unknown,pdays:999]
/// [--na-only TOKENS] [--date-format M/D/YYYY] [--decimal ,]`.
struct InputOptions {
    static let valued: Set<String> = [
        "scorecard", "map", "delimiter", "format", "counts",
        // --na TOKENS: cell values read as missing besides the defaults (NA, N/A, #N/A, null, -, --,
        // Select, --None--, (not set)); `column:token` for one column only, e.g. unknown,pdays:999.
        "na",
        // --na-only TOKENS: as --na, but replacing the default list (--na-only '' reads only empty
        // cells as missing).
        "na-only",
        // --date-format FORM: how closed_at, scored_at and <signal>_at are written: ISO, M/D/YYYY,
        // D/M/YYYY or D.M.YYYY (default: detected per column; needed when a column reads both ways).
        "date-format",
        // --decimal . | ,: the decimal separator of numbers (default .); with `,` a cell like
        // €1.234,50 is 1234.5 and points group thousands.
        "decimal",
    ]

    var dealsPath: String
    var cardPath: String
    var mapPath: String?
    var delimiter: Character
    var format: OutputFormat
    var missing: MissingValues
    var formats: ValueFormats
    var counts: DealTable.CountColumns?

    init(_ args: ArgumentList) throws {
        dealsPath = try args.onePositional("deal history CSV (DEALS.csv)")
        cardPath = try args.require("scorecard")
        mapPath = args.options["map"]
        missing = MissingValues(parsing: args.options["na"] ?? "")
        if let only = args.options["na-only"] { missing = MissingValues(parsing: only, keepingDefaults: false).union(MissingValues(parsing: args.options["na"] ?? "", keepingDefaults: false)) }
        formats = ValueFormats()
        if let text = args.options["date-format"] {
            guard let form = DateFormat(parsing: text) else {
                throw CLIError.usage("--date-format must be \(DateFormat.forms); got \(quoted(text))", command: args.command)
            }
            formats.dates = form
        }
        if let text = args.options["decimal"] {
            guard let d = DecimalSeparator(parsing: text) else {
                throw CLIError.usage("--decimal must be . or ,; got \(quoted(text))", command: args.command)
            }
            formats.decimal = d
        }
        if let text = args.options["counts"] {
            guard let c = DealTable.CountColumns(parsing: text) else {
                throw CLIError.usage("--counts must name the won and lost count columns, e.g. won_count,lost_count; got \(quoted(text))", command: args.command)
            }
            counts = c
        }
        format = try Self.format(args)
        let d = args.options["delimiter"] ?? ","
        let named: [String: Character] = ["comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"]
        guard let c = named[d] ?? (d.count == 1 ? d.first : nil), c.isASCII, c != "\"", c != "\n" else {
            throw CLIError.usage("--delimiter must be one character (or comma, semicolon, tab, pipe); got \(quoted(d))", command: args.command)
        }
        delimiter = c
    }

    static func format(_ args: ArgumentList) throws -> OutputFormat {
        let f = args.options["format"] ?? "text"
        guard let format = OutputFormat(rawValue: f) else {
            throw CLIError.usage("--format must be text or json; got \(quoted(f))", command: args.command)
        }
        return format
    }

    /// Reads and validates the scorecard, then the deals.
    func load() throws -> (deals: DealTable, card: Scorecard) {
        let card = try Scorecard(json: FileSystem.readText(cardPath), file: cardPath)
        var map = ColumnMap()
        if let mapPath { map = try ColumnMap(json: FileSystem.readText(mapPath), file: mapPath) }
        let deals: DealTable
        if let counts {
            deals = try DealTable(bytes: FileSystem.readBytes(dealsPath), file: dealsPath, delimiter: delimiter, map: map, missing: missing, formats: formats, counts: counts)
        } else {
            // A deal history streams through the reader (a block of the file in memory at a time).
            try FileSystem.checkReadable(dealsPath)
            do { deals = try DealTable(contentsOfFile: dealsPath, delimiter: delimiter, map: map, missing: missing, formats: formats) } catch let e as FileBytes.ReadError {
                throw CLIError.file(e.description)
            }
        }
        return (deals, card)
    }
}
