import Foundation
import ScorecardKit

/// A deal history and its scores worked out the long way, independently of ScorecardKit's
/// reader, encoder, sweep and metrics: a few lines of CSV splitting, each rule's test written out
/// from DESIGN.md, a sort for the 80% rule and a count of pairs for the AUC. Tests compare the
/// tool's figures with these.
public struct HandScoredHistory {
    /// The header cells.
    public var header: [String]
    /// The data rows that are not blank, as cells.
    public var rows: [[String]]
    /// For each row: `true` won, `false` lost, `nil` skipped (open, empty or another stage).
    public var outcomes: [Bool?]

    /// Splits `csv` (RFC 4180 quotes, LF or CRLF; no newline inside a quoted cell) and reads each
    /// row's outcome by DESIGN.md's spellings (won/lost, closed won/closed lost, 1/0, true/false,
    /// yes/no, case-insensitive).
    public init(csv: String) {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        header = Self.cells(lines.first ?? "")
        rows = lines.dropFirst().filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(Self.cells)
        let column = header.firstIndex(of: "outcome")
        outcomes = rows.map { row in
            guard let column, column < row.count else { return nil }
            switch row[column].trimmingCharacters(in: .whitespaces).lowercased() {
            case "won", "closed won", "1", "true", "yes": return true
            case "lost", "closed lost", "0", "false", "no": return false
            default: return nil
            }
        }
    }

    /// The cells of one line, quotes removed (`""` inside quotes is one `"`).
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        cell.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        cells.append(cell)
        return cells
    }

    /// Rows with a won or lost outcome.
    public var used: Int { outcomes.filter { $0 != nil }.count }

    /// The won flags of the used rows, in file order.
    public var won: [Bool] { outcomes.compactMap { $0 } }

    /// Every used row's score on `card`: the sum of the points of the rules that fire, each rule's
    /// test written out here. A `when` rule adds its points when its condition holds; an `anyOf`
    /// rule when any part holds; an `each` rule adds `points × value / each`, at most `capUnits`
    /// units; a gated rule counts only when every rule it names fires. Half-lives are not handled
    /// (a card with one is refused by a precondition).
    public func scores(_ card: Scorecard) -> [Double] {
        precondition(card.rules.allSatisfy { $0.halfLifeDays == nil }, "hand scoring does not decay")
        let index = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, $0.offset) })
        let byID = Dictionary(uniqueKeysWithValues: card.rules.map { ($0.id, $0) })
        var out: [Double] = []
        for (row, outcome) in zip(rows, outcomes) where outcome != nil {
            func cell(_ signal: String) -> String? {
                guard let j = index[signal], j < row.count else { return nil }
                let v = row[j].trimmingCharacters(in: .whitespaces)
                let missing = ["", "na", "n/a", "null", "-", "select", "--none--", "(not set)"]
                return missing.contains(v.lowercased()) ? nil : v
            }
            func fires(_ rule: Rule) -> Bool {
                switch rule.measure {
                case .when(let c): return Self.holds(c, cell(rule.signal))
                case .anyOf(let parts): return parts.contains { Self.holds($0.condition, cell($0.signal)) }
                case .each: return (cell(rule.signal).flatMap(Double.init) ?? 0) != 0
                }
            }
            var total = 0.0
            for rule in card.rules where rule.onlyWith.allSatisfy({ byID[$0].map(fires) ?? false }) {
                switch rule.measure {
                case .when, .anyOf:
                    if fires(rule) { total += rule.points }
                case .each(let each, _):
                    var units = (cell(rule.signal).flatMap(Double.init) ?? 0) / each
                    if let cap = rule.capUnits { units = min(units, cap) }
                    total += rule.points * units
                }
            }
            out.append(total)
        }
        return out
    }

    /// Whether a cell passes a `when` test (DESIGN.md: strings case-insensitive after trimming; a
    /// missing value passes only `present: false`).
    static func holds(_ condition: Condition, _ value: String?) -> Bool {
        if case .present(let p) = condition { return (value != nil) == p }
        guard let value else { return false }
        func equal(_ c: ConditionValue) -> Bool {
            switch c {
            case .string(let s): return value.lowercased() == s.trimmingCharacters(in: .whitespaces).lowercased()
            case .number(let x): return Double(value) == x
            case .bool(let b):
                switch value.lowercased() {
                case "true", "yes", "1": return b
                case "false", "no", "0": return !b
                default: return false
                }
            }
        }
        switch condition {
        case .equals(let c): return equal(c)
        case .oneOf(let cs): return cs.contains(where: equal)
        case .atLeast(let lo): return Double(value).map { $0 >= lo } ?? false
        case .atMost(let hi): return Double(value).map { $0 <= hi } ?? false
        case .between(let lo, let hi): return Double(value).map { $0 >= lo && $0 <= hi } ?? false
        case .present: return true
        }
    }
}

/// The 80% rule by its definition: the highest score that at least 80% of the won deals reached,
/// i.e. the k-th highest won score for k = ⌈0.8 · won⌉ (counted in whole deals).
public func eightyPercentBar(scores: [Double], won: [Bool]) -> Double {
    let wonScores = zip(scores, won).filter(\.1).map(\.0).sorted(by: >)
    let needed = (4 * wonScores.count + 4) / 5  // ⌈4n/5⌉ in integers
    return wonScores[needed - 1]
}

/// The AUC as the Mann–Whitney count: the share of (won, lost) pairs in which the won deal scores
/// higher, ties counting one half.
public func mannWhitneyAUC(scores: [Double], won: [Bool]) -> Double {
    let w = zip(scores, won).filter(\.1).map(\.0)
    let l = zip(scores, won).filter { !$0.1 }.map(\.0)
    var pairs = 0.0
    for a in w {
        for b in l { pairs += a > b ? 1 : a == b ? 0.5 : 0 }
    }
    return pairs / Double(w.count * l.count)
}

/// Points as the review's decision tables write them, worked out here: a sign on positive points
/// (`+18`, `-38`, `0`), an em dash for none (a dropped rule).
public func signedPoints(_ p: Double?) -> String {
    guard let p else { return "—" }
    return p > 0 ? "+\(Int(p))" : "\(Int(p))"
}
