/// Cell values to read as missing, besides empty cells: the placeholders CRM and spreadsheet
/// exports write for "no value", and sentinels such as `pdays = 999` ("never contacted").
/// Comparisons are case-insensitive after trimming.
///
/// The default list (``defaultTokens``) holds only tokens that are placeholders wherever they
/// appear, never an answer someone chose:
///
/// | token | written by |
/// |---|---|
/// | `NA`, `N/A`, `#N/A` | R, spreadsheets, Excel's failed look-up |
/// | `null` | database and JSON exports |
/// | `-`, `--` | spreadsheets and reports ("nothing here") |
/// | `Select` | a drop-down left unset (the X Education / Kaggle "Lead Scoring" export) |
/// | `--None--`, `-None-` | Salesforce's and Zoho CRM's unset picklist |
/// | `(not set)` | Google Analytics and HubSpot source fields |
///
/// Left out on purpose, because in many histories they are a real answer whose presence can
/// itself predict the outcome: `none` ("competitor: none", "prior purchases: none"), `unknown`
/// (a level of its own in the UCI bank data and many forms), `(none)` (Google Analytics' medium of
/// direct traffic), `0`, and `NaN`/`inf` (a number column holding them is reported, not hidden).
/// Add such tokens with `--na unknown` (or, for one column only, `--na pdays:999`); replace the
/// defaults with `--na-only TOKENS` (`--na-only ''` reads only empty cells as missing).
///
/// ```swift
/// let na = MissingValues(parsing: "unknown,pdays:999")
/// na.isMissing("Unknown", column: "job")   // true
/// na.isMissing("N/A", column: "job")       // true (a default)
/// na.isMissing("999", column: "pdays")     // true
/// na.isMissing("999", column: "balance")   // false
/// MissingValues.onlyEmptyCells.isMissing("N/A", column: "job")   // false
/// ```
public struct MissingValues: Sendable, Equatable {
    /// Tokens missing in every signal column (lowercased), the defaults included unless replaced.
    public var everywhere: Set<String>
    /// Tokens missing in one column only.
    public var byColumn: [String: Set<String>]

    /// The placeholders read as missing by default (see the type's documentation for why these
    /// and not `none` or `unknown`).
    public static let defaultTokens: [String] = [
        "na", "n/a", "#n/a", "null", "-", "--", "select", "--none--", "-none-", "(not set)",
    ]

    /// The default list: empty cells and ``defaultTokens`` are missing.
    public init() {
        everywhere = Set(Self.defaultTokens)
        byColumn = [:]
    }

    /// No tokens at all: only empty cells are missing.
    public static let onlyEmptyCells = MissingValues(parsing: "", keepingDefaults: false)

    /// Parses `token,token,column:token,…` (the `--na` option): these tokens in addition to the
    /// defaults, or, with `keepingDefaults: false` (the `--na-only` option), instead of them.
    public init(parsing text: String, keepingDefaults: Bool = true) {
        everywhere = keepingDefaults ? Set(Self.defaultTokens) : []
        byColumn = [:]
        for part in text.split(separator: ",") {
            let item = String(part).trimmingWhitespace()
            if let colon = item.lastIndex(of: ":"), colon != item.startIndex {
                byColumn[String(item[..<colon]).trimmingWhitespace(), default: []].insert(
                    String(item[item.index(after: colon)...]).trimmingWhitespace().lowercased())
            } else if !item.isEmpty {
                everywhere.insert(item.lowercased())
            }
        }
    }

    /// These tokens and `other`'s, per column too.
    public func union(_ other: MissingValues) -> MissingValues {
        var out = self
        out.everywhere.formUnion(other.everywhere)
        out.byColumn.merge(other.byColumn) { $0.union($1) }
        return out
    }

    /// Whether there are no tokens.
    public var isEmpty: Bool { everywhere.isEmpty && byColumn.isEmpty }

    /// Whether `value` is missing in `column`.
    public func isMissing(_ value: String, column: String) -> Bool {
        let v = value.trimmingWhitespace().lowercased()
        return everywhere.contains(v) || (byColumn[column]?.contains(v) ?? false)
    }

    /// The tokens of one column, for the byte-level readers.
    func tokens(column: String) -> MissingTokens {
        MissingTokens(Set(everywhere.union(byColumn[column] ?? []).map { Array($0.utf8) }))
    }
}

/// The missing-value tokens of one column as lowercased bytes, with a quick rejection (by length
/// and first byte) so that a number or a word that cannot be a token is passed over without a
/// look-up: with the default list, a cell starting with a digit is never even hashed.
struct MissingTokens: Sendable {
    /// The tokens (lowercased bytes).
    let tokens: Set<[UInt8]>
    /// The quick rejection, on plain values only: the parallel readers check it through a
    /// pointer, so the many cells it rejects never touch the set's shared reference count.
    let filter: Filter
    /// Whether some token is a single digit (then one-digit cells cannot take the shortcuts).
    let hasDigitToken: Bool

    /// The lengths, first bytes and last bytes of the tokens.
    struct Filter: Sendable {
        /// Bit k: some token has k bytes (tokens of 64 bytes or more are never matched).
        let lengths: UInt64
        /// Bit c of the 256: some token starts with byte c (lowercased).
        let first0: UInt64, first1: UInt64, first2: UInt64, first3: UInt64
        /// Bit c of the 256: some token ends with byte c (lowercased).
        let last0: UInt64, last1: UInt64, last2: UInt64, last3: UInt64

        init(_ tokens: Set<[UInt8]>) {
            var lengths: UInt64 = 0
            var first = [UInt64](repeating: 0, count: 4)
            var last = first
            for t in tokens where !t.isEmpty && t.count < 64 {
                lengths |= 1 << UInt64(t.count)
                let c = Int(MissingTokens.lower(t[0]))
                let d = Int(MissingTokens.lower(t[t.count - 1]))
                first[c >> 6] |= 1 << UInt64(c & 63)
                last[d >> 6] |= 1 << UInt64(d & 63)
            }
            self.lengths = lengths
            first0 = first[0]
            first1 = first[1]
            first2 = first[2]
            first3 = first[3]
            last0 = last[0]
            last1 = last[1]
            last2 = last[2]
            last3 = last[3]
        }

        /// Whether some token has the length, and some the (lowercased) first and last bytes, of `t`.
        @inline(__always) func mayMatch<C: BidirectionalCollection<UInt8>>(_ t: C) -> Bool {
            let n = t.count
            guard n > 0, n < 64, lengths >> UInt64(n) & 1 == 1 else { return false }
            let c = Int(MissingTokens.lower(t.first!))
            let d = Int(MissingTokens.lower(t.last!))
            let word = c < 64 ? first0 : c < 128 ? first1 : c < 192 ? first2 : first3
            let end = d < 64 ? last0 : d < 128 ? last1 : d < 192 ? last2 : last3
            return word >> UInt64(c & 63) & 1 == 1 && end >> UInt64(d & 63) & 1 == 1
        }
    }

    init(_ tokens: Set<[UInt8]>) {
        self.tokens = tokens
        filter = Filter(tokens)
        hasDigitToken = tokens.contains { $0.count == 1 && $0[0] >= 0x30 && $0[0] <= 0x39 }
    }

    /// Whether there are no tokens.
    var isEmpty: Bool { tokens.isEmpty }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// Whether the trimmed cell `t` is one of the tokens (ASCII case-insensitively).
    @inline(__always) func contains<C: BidirectionalCollection<UInt8>>(_ t: C) -> Bool {
        filter.mayMatch(t) && isToken(t)
    }

    /// Whether `t` is one of the tokens, without the quick rejection (for callers that ran
    /// ``filter`` themselves).
    @inline(__always) func isToken<C: BidirectionalCollection<UInt8>>(_ t: C) -> Bool {
        tokens.contains(t.map(Self.lower))
    }
}
