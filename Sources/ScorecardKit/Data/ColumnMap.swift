/// Renames columns of a CRM export to the names ScorecardKit expects (`--map FILE.json`).
///
/// ```json
/// {"Deal Stage": "outcome", "Deal ID": "deal_id", "Close Date": "closed_at"}
/// ```
public struct ColumnMap: Sendable, Equatable {
    /// Source column → new name, in file order.
    public var renames: [(from: String, to: String)]
    /// The map file, for error locations.
    public var file: String
    var keyLocations: [String: SourceLocation]

    public static func == (a: ColumnMap, b: ColumnMap) -> Bool {
        a.renames.count == b.renames.count
            && zip(a.renames, b.renames).allSatisfy { $0.from == $1.from && $0.to == $1.to }
    }

    /// An empty map.
    public init() {
        renames = []
        file = ""
        keyLocations = [:]
    }

    /// Parses a map file: one JSON object whose values are strings.
    ///
    /// - Throws: ``JSONError`` for bad JSON, ``DealDataError/invalidMap(_:_:)`` for the wrong shape.
    public init(json text: String, file: String) throws {
        let doc = try JSONValue.parse(text, file: file)
        guard let members = doc.value.members else {
            throw DealDataError.invalidMap(
                doc.location(""),
                "a column map must be a JSON object such as {\"Deal Stage\": \"outcome\"}; got \(doc.value.typeName)")
        }
        var renames: [(String, String)] = []
        var locs: [String: SourceLocation] = [:]
        var targets = Set<String>()
        for (k, v) in members {
            guard let to = v.string, !to.trimmingWhitespace().isEmpty else {
                throw DealDataError.invalidMap(
                    doc.location(k), "the new name for \(quoted(k)) must be a non-empty string; got \(v.typeName)")
            }
            guard targets.insert(to).inserted else {
                throw DealDataError.invalidMap(doc.location(k), "two columns are renamed to \(quoted(to))")
            }
            renames.append((k, to))
            locs[k] = doc.keyLocation("", k)
        }
        self.renames = renames.map { (from: $0.0, to: $0.1) }
        self.file = file
        self.keyLocations = locs
    }

    /// The header after renaming.
    ///
    /// - Throws: ``DealDataError/mappedColumnMissing(_:column:header:)`` when a mapped column is
    ///   not in the header.
    public func apply(to header: [String]) throws -> [String] {
        var out = header
        for (from, to) in renames {
            guard let k = header.firstIndex(of: from) else {
                throw DealDataError.mappedColumnMissing(
                    keyLocations[from] ?? SourceLocation(file: file, line: 1, column: 1), column: from, header: header)
            }
            out[k] = to
        }
        return out
    }
}
