/// Cell values to read as missing: placeholders such as `unknown` or `n/a`, and sentinels such as
/// `pdays = 999` ("never contacted"). Comparisons are case-insensitive after trimming.
///
/// ```swift
/// let na = MissingValues(parsing: "unknown,pdays:999")
/// na.isMissing("Unknown", column: "job")   // true
/// na.isMissing("999", column: "pdays")     // true
/// na.isMissing("999", column: "balance")   // false
/// ```
public struct MissingValues: Sendable, Equatable {
    /// Tokens missing in every signal column.
    public var everywhere: Set<String>
    /// Tokens missing in one column only.
    public var byColumn: [String: Set<String>]

    /// No tokens: only empty cells are missing.
    public init() {
        everywhere = []
        byColumn = [:]
    }

    /// Parses `token,token,column:token,…` (the `--na` option).
    public init(parsing text: String) {
        self.init()
        for part in text.split(separator: ",") {
            let item = String(part).trimmingWhitespace()
            if let colon = item.lastIndex(of: ":"), colon != item.startIndex {
                byColumn[String(item[..<colon]).trimmingWhitespace(), default: []].insert(String(item[item.index(after: colon)...]).trimmingWhitespace().lowercased())
            } else if !item.isEmpty {
                everywhere.insert(item.lowercased())
            }
        }
    }

    /// Whether there are no tokens.
    public var isEmpty: Bool { everywhere.isEmpty && byColumn.isEmpty }

    /// Whether `value` is missing in `column`.
    public func isMissing(_ value: String, column: String) -> Bool {
        let v = value.trimmingWhitespace().lowercased()
        return everywhere.contains(v) || (byColumn[column]?.contains(v) ?? false)
    }

    /// The tokens of one column as lowercased bytes, for the byte-level reader.
    func tokens(column: String) -> Set<[UInt8]> {
        Set(everywhere.union(byColumn[column] ?? []).map { Array($0.utf8) })
    }
}
