import ScorecardKit

/// The inputs shared by the commands that read a deal history and a scorecard:
/// `DEALS.csv --scorecard CARD.json [--map MAP.json] [--delimiter ;] [--na unknown,pdays:999]
/// [--na-only TOKENS] [--date-format M/D/YYYY] [--decimal ,]`.
struct InputOptions {
    /// The options that read a file of leads or deals (`score` takes these).
    static let fileSpecs: [OptionSpec] =
        [
            OptionSpec("scorecard", "FILE", "the card (scorecard/v1 JSON)", required: true)
        ] + ReadingOptions.specs

    /// The options of every command that reads a closed-deal history: ``fileSpecs`` and `--counts`.
    static let specs: [OptionSpec] =
        fileSpecs + [
            OptionSpec(
                "counts", "WON,LOST",
                "read a pattern table instead of deals: each row is a distinct pattern with its won and lost counts in these columns (the table that `scorecard export` writes with its sql-aggregate form)"
            )
        ]

    /// `--format text|json`.
    static let formatSpec = OptionSpec("format", "text|json", "what to print", default: "text")
    /// `--quiet`: no progress line on a terminal (commands that can run long declare it).
    static let quietSpec = OptionSpec(
        "quiet", nil,
        "show no progress line on the terminal (one shows only when stderr is a terminal and the run takes over 2 s)")

    var dealsPath: String
    var cardPath: String
    var mapPath: String?
    var delimiter: Character
    var format: OutputFormat
    var missing: MissingValues
    var formats: ValueFormats
    var counts: DealTable.CountColumns?

    /// Parses the input options; `outputs` names the `--format` values the command prints (the
    /// first is the default).
    init(_ args: ArgumentList, outputs: KeyValuePairs<String, OutputFormat> = ["text": .text, "json": .json]) throws {
        dealsPath = try args.onePositional("deal history CSV (DEALS.csv)")
        cardPath = try args.require("scorecard")
        let reading = try ReadingOptions(args)
        mapPath = reading.mapPath
        missing = reading.missing
        formats = reading.formats
        delimiter = reading.delimiter
        if let text = args.options["counts"] {
            guard let c = DealTable.CountColumns(parsing: text) else {
                throw CLIError.usage(
                    "--counts must name the won and lost count columns, e.g. won_count,lost_count; got \(quoted(text))",
                    command: args.command)
            }
            counts = c
        }
        format = try Self.format(args, outputs: outputs)
    }

    /// The `--format` value among `outputs` (the first is the default).
    static func format(
        _ args: ArgumentList, outputs: KeyValuePairs<String, OutputFormat> = ["text": .text, "json": .json]
    ) throws -> OutputFormat {
        let f = args.options["format"] ?? outputs[outputs.startIndex].key
        guard let format = outputs.first(where: { $0.key == f })?.value else {
            throw CLIError.usage(
                "--format must be \(outputs.map(\.key).joined(separator: " or ")); got \(quoted(f))",
                command: args.command)
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
            deals = try DealTable(
                bytes: FileSystem.readBytes(dealsPath), file: dealsPath, delimiter: delimiter, map: map,
                missing: missing, formats: formats, counts: counts)
        } else {
            // A deal history streams through the reader (a block of the file in memory at a time).
            try FileSystem.checkReadable(dealsPath)
            MemoryReturn.prepare(forFile: dealsPath)
            do {
                deals = try DealTable(
                    contentsOfFile: dealsPath, delimiter: delimiter, map: map, missing: missing, formats: formats)
            } catch let e as FileBytes.ReadError {
                throw CLIError.file(e.description)
            }
        }
        return (deals, card)
    }
}
