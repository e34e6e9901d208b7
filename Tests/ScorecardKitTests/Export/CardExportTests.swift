import Foundation
import ScorecardKit
import ScorecardTestSupport
import Testing

/// Every exporter at the library level, on a card with hand-chosen points and six deals whose
/// scores are worked out by hand below: the library's own scoring, the JSON and CSV round trips,
/// the SQL run in sqlite3, the Salesforce formula run by a small evaluator written here, and the
/// PMML and HubSpot documents' points.
@Suite("Exports of a hand-scored card")
struct CardExportTests {
    static let cardJSON = """
        {"schema": "scorecard/v1", "name": "Hand card", "threshold": 40, "rules": [
          {"id": "industry_fit", "kind": "fit", "signal": "industry", "when": {"in": ["software", "manufacturing"]}, "points": 10},
          {"id": "decision_maker", "kind": "fit", "signal": "is_decision_maker", "when": {"equals": true}, "points": 20},
          {"id": "pricing", "kind": "behavior", "signal": "pricing_page_visits", "when": {"atLeast": 2}, "points": 15},
          {"id": "opens", "kind": "behavior", "signal": "email_opens", "each": 1, "points": 3, "cap": 12},
          {"id": "unsubscribed", "kind": "behavior", "signal": "unsubscribed", "when": {"equals": true}, "points": -25}
        ]}
        """
    /// Six deals; `expected` is each one's score by hand.
    static let csv = """
        deal_id,outcome,industry,is_decision_maker,pricing_page_visits,email_opens,unsubscribed
        D1,won,software,true,3,2,false
        D2,lost,retail,false,0,10,false
        D3,won,Manufacturing,true,1,4,true
        D4,lost,healthcare,true,2,0,false
        D5,lost,software,false,5,5,true
        D6,won,,true,,,

        """
    static let expected: [Double] = [
        10 + 20 + 15 + 3 * 2,  // D1: all but unsubscribed; 2 opens
        3 * 4,  // D2: 10 opens, capped at 12 points (4 opens)
        10 + 20 + 3 * 4 - 25,  // D3: industry (any case), decision-maker, 4 opens, unsubscribed; 1 visit < 2
        20 + 15,  // D4: decision-maker, 2 visits
        10 + 15 + 3 * 4 - 25,  // D5: 5 opens capped at 4
        20,  // D6: only decision-maker; every other cell missing
    ]

    static func card() throws -> Scorecard { try Scorecard(json: cardJSON, file: "card.json") }
    static func scores(_ card: Scorecard) throws -> [Double] {
        try card.scores(DesignMatrix(card: card, deals: DealTable(csv: csv, file: "deals.csv")))
    }

    @Test func libraryScoresAndRoundTrips() throws {
        let card = try Self.card()
        #expect(try Self.scores(card) == Self.expected)
        #expect(HandScoredHistory(csv: Self.csv).scores(card) == Self.expected, "the hand scorer agrees")

        let json = try Scorecard(json: card.export(.json), file: "export.json")
        // (The export adds a generated-by line to `metadata`, so the cards are compared field by field.)
        #expect(json.rules == card.rules && json.threshold == card.threshold && json.name == card.name)
        #expect(json.minFit == card.minFit && json.minBehavior == card.minBehavior)
        #expect(try Self.scores(json) == Self.expected)

        let rulesCSV = card.export(.csv)
        let fromCSV = try Scorecard(rulesCSV: rulesCSV, name: card.name, file: "export.csv")
        #expect(fromCSV.rules == card.rules && fromCSV.threshold == 40)
        #expect(try Self.scores(fromCSV) == Self.expected)
        // One data row per rule after the header, in card order.
        let rows = rulesCSV.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
        #expect(rows.map { String($0.prefix { $0 != "," }) } == card.rules.map(\.id))
    }

    @Test func sqliteRunsTheExportedQuery() throws {
        guard let sqlite = executableOnPath("sqlite3") else {
            return skipOrFail("sqlite3 is not installed; .ci/run installs it")
        }
        let card = try Self.card()
        // The table with the signals' natural types (booleans as 0/1, numbers as numbers, NULL missing).
        let inserts = HandScoredHistory(csv: Self.csv).rows.map { row in
            let values = row.enumerated().map { j, cell -> String in
                if cell.isEmpty { return "NULL" }
                switch j {
                case 3, 6: return cell == "true" ? "1" : "0"
                case 4, 5: return cell
                default: return "'\(cell)'"
                }
            }
            return "INSERT INTO deals VALUES (\(values.joined(separator: ", ")));"
        }
        let script =
            """
            CREATE TABLE deals (deal_id TEXT, outcome TEXT, industry TEXT, is_decision_maker BOOLEAN,
              pricing_page_visits INTEGER, email_opens INTEGER, unsubscribed BOOLEAN);
            \(inserts.joined(separator: "\n"))
            \(card.sqlQuery(dialect: .sqlite, table: "deals"));

            """
        let run = try runExecutable(sqlite, [":memory:"], input: script)
        #expect(run.code == 0, "\(run.err)")
        let got = run.out.split(separator: "\n").map { line in
            let cells = line.split(separator: "|")
            return (String(cells.first ?? ""), Double(cells.last ?? "") ?? .nan)
        }
        #expect(got.map(\.0) == ["D1", "D2", "D3", "D4", "D5", "D6"])
        #expect(got.map(\.1) == Self.expected, "\(run.out)")
    }

    @Test func salesforceFormulaEvaluatesToTheHandScores() throws {
        let card = try Self.card()
        let formula = card.salesforceFormula()
        let hand = HandScoredHistory(csv: Self.csv)
        for (row, expected) in zip(hand.rows, Self.expected) {
            var fields: [String: FormulaValue] = [:]
            for (j, name) in hand.header.enumerated() {
                let cell = row[j]
                fields[name] =
                    cell.isEmpty
                    ? (j == 3 || j == 6 ? .bool(false) : .blank)  // a checkbox is never blank
                    : cell == "true"
                        ? .bool(true)
                        : cell == "false"
                            ? .bool(false)
                            : Double(cell).map(FormulaValue.number) ?? .text(cell)
            }
            var evaluator = FormulaEvaluator(formula, fields: fields)
            #expect(try evaluator.evaluate() == .number(expected), "\(row[0])")
        }
    }

    @Test func pmmlAndHubSpotCarryTheHandPoints() throws {
        let card = try Self.card()
        let pmml = card.pmmlDocument().text
        #expect(pmml.contains(#"reasonCodeAlgorithm="pointsAbove""#) && pmml.contains(#"useReasonCodes="true""#))
        // One Characteristic per rule, reason code = rule id, in card order, baseline 0.
        let characteristics = pmml.components(separatedBy: "<Characteristic ").dropFirst()
        #expect(
            characteristics.map { $0.components(separatedBy: "reasonCode=\"").dropFirst().first?.prefix { $0 != "\"" } }
                == card.rules.map { Substring($0.id) })
        #expect(characteristics.allSatisfy { $0.contains(#"baselineScore="0""#) })
        let partial = characteristics.map {
            $0.components(separatedBy: "partialScore=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
        }
        #expect(partial == ["10", "20", "15", "0", "-25"], "the indicator rules' points; opens scores by formula")
        // The capped count: 3 points per open, at most 12 / 3 = 4 opens.
        #expect(characteristics.dropFirst(3).first?.contains(#"<Constant dataType="double">4</Constant>"#) == true)

        // HubSpot: every points value the draft sets, by walking the body: the indicators' points
        // and the opens rule as bands of 1–4 opens (3, 6, 9, 12 points).
        // (An `operation`'s `value` is a condition's operand, not points.)
        func values(_ v: JSONValue, under parent: String = "") -> [Double] {
            if let members = v.members {
                return members.flatMap { key, value in
                    if key == "value", parent != "operation", let x = value.number { return [x] }
                    return values(value, under: key)
                }
            }
            return v.array?.flatMap { values($0) } ?? []
        }
        let draft = card.hubspotScoreDraft()
        #expect(values(draft.body).sorted() == [-25, 3, 6, 9, 10, 12, 15, 20])
    }
}

/// A value of a Salesforce formula.
enum FormulaValue: Equatable {
    case number(Double)
    case text(String)
    case bool(Bool)
    case blank
}

/// A small evaluator of the Salesforce formula language, written here from Salesforce's
/// documentation of the functions the export uses (ROUND, IF, AND, OR, NOT, ISBLANK, BLANKVALUE,
/// LOWER, TRIM, MIN, MAX), arithmetic and comparisons, so the export is run rather than read.
struct FormulaEvaluator {
    struct Failure: Error, CustomStringConvertible { var description: String }
    var tokens: [String]
    var position = 0
    let fields: [String: FormulaValue]

    init(_ formula: String, fields: [String: FormulaValue]) {
        self.fields = fields
        var text = formula
        while let open = text.range(of: "/*"), let close = text.range(of: "*/", range: open.upperBound..<text.endIndex)
        {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var tokens: [String] = []
        var chars = Array(text)[...]
        while let c = chars.first {
            if c.isWhitespace {
                chars.removeFirst()
            } else if c == "\"" {
                chars.removeFirst()
                var s = "\""
                while let d = chars.popFirst(), d != "\"" { s.append(d) }
                tokens.append(s)
            } else if c.isLetter || c == "_" || c.isNumber || c == "." {
                var s = ""
                while let d = chars.first, d.isLetter || d.isNumber || d == "_" || d == "." {
                    s.append(chars.removeFirst())
                }
                tokens.append(s)
            } else if [">=", "<=", "<>", "!="].contains(String(chars.prefix(2))) {
                tokens.append(String(chars.prefix(2)))
                chars.removeFirst(2)
            } else {
                tokens.append(String(chars.removeFirst()))
            }
        }
        self.tokens = tokens
    }

    mutating func evaluate() throws -> FormulaValue {
        let v = try comparison()
        guard position == tokens.count else { throw Failure(description: "trailing \(tokens[position...])") }
        return v
    }

    mutating func next() -> String? {
        defer { position += 1 }
        return position < tokens.count ? tokens[position] : nil
    }
    var peek: String? { position < tokens.count ? tokens[position] : nil }

    mutating func comparison() throws -> FormulaValue {
        let left = try sum()
        guard let op = peek, ["=", "<>", "!=", ">=", "<=", ">", "<"].contains(op) else { return left }
        position += 1
        let right = try sum()
        switch (left, right) {
        case (.number(let a), .number(let b)):
            switch op {
            case "=": return .bool(a == b)
            case "<>", "!=": return .bool(a != b)
            case ">=": return .bool(a >= b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            default: return .bool(a < b)
            }
        case (.text(let a), .text(let b)) where op == "=": return .bool(a == b)
        case (.text(let a), .text(let b)) where op == "<>" || op == "!=": return .bool(a != b)
        case (.blank, _), (_, .blank): return .bool(false)
        default: throw Failure(description: "cannot compare \(left) \(op) \(right)")
        }
    }

    mutating func sum() throws -> FormulaValue {
        var value = try product()
        while let op = peek, op == "+" || op == "-" {
            position += 1
            let right = try product()
            guard case .number(let a) = value, case .number(let b) = right else {
                throw Failure(description: "\(op) on \(value), \(right)")
            }
            value = .number(op == "+" ? a + b : a - b)
        }
        return value
    }

    mutating func product() throws -> FormulaValue {
        var value = try unary()
        while let op = peek, op == "*" || op == "/" {
            position += 1
            let right = try unary()
            guard case .number(let a) = value, case .number(let b) = right else {
                throw Failure(description: "\(op) on \(value), \(right)")
            }
            value = .number(op == "*" ? a * b : a / b)
        }
        return value
    }

    mutating func unary() throws -> FormulaValue {
        if peek == "-" {
            position += 1
            guard case .number(let a) = try unary() else { throw Failure(description: "minus on a non-number") }
            return .number(-a)
        }
        return try primary()
    }

    mutating func arguments() throws -> [FormulaValue] {
        guard next() == "(" else { throw Failure(description: "( expected") }
        var args: [FormulaValue] = []
        while true {
            args.append(try comparison())
            let t = next()
            if t == ")" { return args }
            guard t == "," else { throw Failure(description: ", expected, got \(t ?? "end")") }
        }
    }

    mutating func primary() throws -> FormulaValue {
        guard let t = next() else { throw Failure(description: "unexpected end") }
        if t == "(" {
            let v = try comparison()
            guard next() == ")" else { throw Failure(description: ") expected") }
            return v
        }
        if t.hasPrefix("\"") { return .text(String(t.dropFirst())) }
        if let x = Double(t) { return .number(x) }
        guard peek == "(" else {
            switch t.uppercased() {
            case "TRUE": return .bool(true)
            case "FALSE": return .bool(false)
            default:
                guard let v = fields[t] else { throw Failure(description: "unknown field \(t)") }
                return v
            }
        }
        let args = try arguments()
        func truth(_ v: FormulaValue) throws -> Bool {
            guard case .bool(let b) = v else { throw Failure(description: "\(t): \(v) is not a Boolean") }
            return b
        }
        func number(_ v: FormulaValue) throws -> Double {
            guard case .number(let x) = v else { throw Failure(description: "\(t): \(v) is not a number") }
            return x
        }
        switch t.uppercased() {
        case "IF": return try truth(args[0]) ? args[1] : args[2]
        case "AND": return .bool(try args.allSatisfy(truth))
        case "OR": return .bool(try args.contains(where: truth))
        case "NOT": return .bool(!(try truth(args[0])))
        case "ISBLANK": return .bool(args[0] == .blank)
        case "BLANKVALUE": return args[0] == .blank ? args[1] : args[0]
        case "LOWER":
            guard case .text(let s) = args[0] else { return args[0] }
            return .text(s.lowercased())
        case "TRIM":
            guard case .text(let s) = args[0] else { return args[0] }
            return .text(s.trimmingCharacters(in: .whitespaces))
        case "MIN": return .number(try args.map(number).min()!)
        case "MAX": return .number(try args.map(number).max()!)
        case "ROUND":
            let x = try number(args[0])
            let scale = Foundation.pow(10, try number(args[1]))
            return .number((x * scale).rounded(.toNearestOrAwayFromZero) / scale)
        default: throw Failure(description: "unknown function \(t)")
        }
    }
}
