import ScorecardKit

/// How a CSV file of deals or leads is read: `[--map MAP.json] [--delimiter ;] [--na TOKENS]
/// [--na-only TOKENS] [--date-format FORM] [--decimal ,]`. Every command that reads such a file
/// takes them (``InputOptions`` for the history commands, `export --check` for its parity file).
struct ReadingOptions {
    /// The option specs, in the order help shows them.
    static let specs: [OptionSpec] = [
        OptionSpec("map", "FILE", "JSON renaming CSV columns, e.g. {\"Deal Stage\": \"outcome\"}"),
        OptionSpec("delimiter", "C", "field separator: , ; tab pipe", default: ","),
        OptionSpec(
            "na", "TOKENS",
            "values read as missing besides the defaults (NA, N/A, #N/A, null, -, --, Select, --None--, -None-, (not set)); column:token for one column only, e.g. unknown,pdays:999"
        ),
        OptionSpec(
            "na-only", "TOKENS",
            "as --na, but replacing the default list (--na-only '' reads only empty cells as missing)"),
        OptionSpec(
            "date-format", "FORM",
            "how closed_at, scored_at and <signal>_at are written: ISO, M/D/YYYY, D/M/YYYY or D.M.YYYY; needed only when a column reads both ways",
            default: "detected per column"),
        OptionSpec(
            "decimal", ". or ,", "the decimal separator of numbers; with , a cell like €1.234,50 is 1234.5",
            default: "."),
    ]

    var mapPath: String?
    var delimiter: Character
    var missing: MissingValues
    var formats: ValueFormats

    /// Parses the reading options.
    init(_ args: ArgumentList) throws {
        mapPath = args.options["map"]
        missing = MissingValues(parsing: args.options["na"] ?? "")
        if let only = args.options["na-only"] {
            missing = MissingValues(parsing: only, keepingDefaults: false).union(
                MissingValues(parsing: args.options["na"] ?? "", keepingDefaults: false))
        }
        formats = ValueFormats()
        if let text = args.options["date-format"] {
            guard let form = DateFormat(parsing: text) else {
                throw CLIError.usage(
                    "--date-format must be \(DateFormat.forms); got \(quoted(text))", command: args.command)
            }
            formats.dates = form
        }
        if let text = args.options["decimal"] {
            guard let d = DecimalSeparator(parsing: text) else {
                throw CLIError.usage("--decimal must be . or ,; got \(quoted(text))", command: args.command)
            }
            formats.decimal = d
        }
        let d = args.options["delimiter"] ?? ","
        let named: [String: Character] = ["comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"]
        guard let c = named[d] ?? (d.count == 1 ? d.first : nil), c.isASCII, c != "\"", c != "\n" else {
            throw CLIError.usage(
                "--delimiter must be one character (or comma, semicolon, tab, pipe); got \(quoted(d))",
                command: args.command)
        }
        delimiter = c
    }

    /// The `--map` file's renaming (none without `--map`).
    func columnMap() throws -> ColumnMap {
        guard let mapPath else { return ColumnMap() }
        return try ColumnMap(json: FileSystem.readText(mapPath), file: mapPath)
    }
}
