/// How a deal closed, parsed from the `outcome` column.
public enum Outcome: Sendable, Hashable {
    case won
    case lost

    /// Parses an outcome cell: `won`/`lost`, `closed won`/`closed lost` (also with `-` or `_`),
    /// `1`/`0`, `true`/`false`, `yes`/`no`, case-insensitive and trimmed.
    ///
    /// Anything else (an open deal, a stage name such as `negotiation`) returns `nil`: the row is
    /// skipped and counted, never guessed.
    public init?(parsing text: String) {
        let words = String(text.lowercased().map { $0 == "_" || $0 == "-" ? " " : $0 })
            .split(separator: " ", omittingEmptySubsequences: true)
            .joined(separator: " ")
        switch words {
        case "won", "closed won", "1", "true", "yes", "win": self = .won
        case "lost", "closed lost", "0", "false", "no", "loss": self = .lost
        default: return nil
        }
    }
}

/// Why a row of the deal history was not used.
public enum SkipReason: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The outcome cell is empty.
    case missingOutcome
    /// The outcome is neither won nor lost (an open deal or another stage).
    case notClosed
    /// A pattern-table row whose won and lost counts are both 0.
    case emptyPattern

    /// A phrase for reports.
    public var phrase: String {
        switch self {
        case .missingOutcome: "outcome empty"
        case .notClosed: "not closed (open or other stage)"
        case .emptyPattern: "pattern with no deals"
        }
    }

    public static func < (a: SkipReason, b: SkipReason) -> Bool { a.rawValue < b.rawValue }
}

/// How many rows were read, used and skipped (by reason). Every report shows it, and
/// `read == used + skipped` always holds.
public struct RowAccounting: Sendable, Equatable {
    /// Data rows in the file (blank lines excluded).
    public var read: Int
    /// Rows that entered the analysis.
    public var used: Int
    /// Rows left out, by reason.
    public var skipped: [SkipReason: Int]
    /// For `notClosed`: how often each outcome value was seen (so "open: 212" can be reported).
    public var skippedOutcomeValues: [String: Int]
    /// What the reader decided about the file's forms, for every report: a dropped empty trailing
    /// column, a date form it detected (`closed_at: dates read as M/D/YYYY …`), numbers written
    /// with currency or separators. Empty for a plain file.
    public var notes: [String] = []

    /// Total rows skipped.
    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// One line for people: `rows read 3,180 = used 3,000 + skipped 180 (not closed 180)`.
    public var summary: String {
        var s = "rows read \(read) = used \(used) + skipped \(skippedTotal)"
        let parts = skipped.sorted { $0.key < $1.key }.filter { $0.value > 0 }.map { "\($0.key.phrase): \($0.value)" }
        if !parts.isEmpty { s += " (" + parts.joined(separator: "; ") + ")" }
        for n in notes { s += "; " + n }
        return s
    }

    /// The JSON form: `{"read", "used", "skipped": {reason: count}}`, and `"notes": [..]` when
    /// the reader made any.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("read", .number(Double(read))),
            ("used", .number(Double(used))),
            ("skipped", skippedJSON),
        ]
        if !notes.isEmpty { members.append(("notes", .array(notes.map(JSONValue.string)))) }
        return .object(members)
    }

    /// `{reason: count}` for every reason with a count, sorted by reason.
    public var skippedJSON: JSONValue {
        .object(skipped.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .number(Double($0.value))) })
    }
}
