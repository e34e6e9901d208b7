import ScorecardKit

/// The inputs shared by the commands that read a deal history and a scorecard:
/// `DEALS.csv --scorecard CARD.json [--map MAP.json] [--delimiter ;] [--na unknown,pdays:999]`.
struct InputOptions {
    static let valued: Set<String> = ["scorecard", "map", "delimiter", "format", "na", "counts"]

    var dealsPath: String
    var cardPath: String
    var mapPath: String?
    var delimiter: Character
    var format: OutputFormat
    var missing: MissingValues
    var counts: DealTable.CountColumns?

    init(_ args: ArgumentList) throws {
        dealsPath = try args.onePositional("deal history CSV (DEALS.csv)")
        cardPath = try args.require("scorecard")
        mapPath = args.options["map"]
        missing = MissingValues(parsing: args.options["na"] ?? "")
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
            deals = try DealTable(bytes: FileSystem.readBytes(dealsPath), file: dealsPath, delimiter: delimiter, map: map, missing: missing, counts: counts)
        } else {
            // A deal history streams through the reader (a block of the file in memory at a time).
            try FileSystem.checkReadable(dealsPath)
            do { deals = try DealTable(contentsOfFile: dealsPath, delimiter: delimiter, map: map, missing: missing) } catch let e as FileBytes.ReadError {
                throw CLIError.file(e.description)
            }
        }
        return (deals, card)
    }
}
