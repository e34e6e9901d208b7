/// The values of one signal column, typed from what the column holds.
///
/// The type is inferred from every non-empty cell: all `true`/`false`/`yes`/`no` → boolean; all
/// numbers → number; otherwise category text. Columns named `…_at` are dates and every non-empty
/// cell must be one. An empty cell is missing (`nil`).
public enum SignalColumn: Sendable, Equatable {
    case boolean(ColumnValues<Bool>)
    case number(ColumnValues<Double>)
    case category([String?])
    case date(ColumnValues<CalendarDate>)

    /// The type as a word, for messages.
    public var typeName: String {
        switch self {
        case .boolean: "boolean"
        case .number: "number"
        case .category: "category"
        case .date: "date"
        }
    }

    /// Number of rows.
    public var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .number(let v): v.count
        case .category(let v): v.count
        case .date(let v): v.count
        }
    }

    /// Whether row `i` has a value.
    public func isPresent(_ i: Int) -> Bool {
        switch self {
        case .boolean(let v): v[i] != nil
        case .number(let v): v[i] != nil
        case .category(let v): v[i] != nil
        case .date(let v): v[i] != nil
        }
    }

    /// The rows at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> SignalColumn {
        switch self {
        case .boolean(let v): .boolean(v.selecting(indices))
        case .number(let v): .number(v.selecting(indices))
        case .category(let v): .category(indices.map { v[$0] })
        case .date(let v): .date(v.selecting(indices))
        }
    }

    /// `true`/`false`/`yes`/`no`, case-insensitive; `nil` otherwise. (`1`/`0` are numbers.)
    public static func parseBool(_ t: String) -> Bool? {
        switch t.lowercased() {
        case "true", "yes": true
        case "false", "no": false
        default: nil
        }
    }

    /// A plain decimal number (`-12`, `3.5`, `1e3`); `nil` for anything else, including `nan`,
    /// `inf`, hexadecimal, thousands separators and values that overflow a `Double`.
    public static func parseNumber(_ t: String) -> Double? {
        var sawDigit = false
        for (k, u) in t.utf8.enumerated() {
            switch u {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            case UInt8(ascii: "-"), UInt8(ascii: "+"): continue
            default:
                _ = k
                return nil
            }
        }
        guard sawDigit, let x = Double(t), x.isFinite else { return nil }
        return x
    }
}
