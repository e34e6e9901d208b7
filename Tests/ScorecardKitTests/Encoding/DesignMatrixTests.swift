import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Rules applied to deals: indicator and count columns, type checks, caps, decay, and card scores.
/// Every expected column is read off the small tables below by hand.
@Suite struct DesignMatrixTests {
    /// A card from rule objects written as JSON, one per line starting on line 4.
    static func cardText(_ rules: [String], threshold: Double = 50, top: String = "") -> String {
        "{\"schema\": \"scorecard/v1\", \"threshold\": \(JSONValue.format(threshold)),\(top)\n\"rules\": [\n\n"
            + rules.joined(separator: ",\n") + "\n]}\n"
    }

    static func card(_ rules: [String], threshold: Double = 50, top: String = "") throws -> Scorecard {
        try Scorecard(json: cardText(rules, threshold: threshold, top: top), file: "card.json")
    }

    /// Column `j` of the design of `rules` on `csv`.
    static func column(_ rule: String, _ csv: String, asOf: CalendarDate? = nil) throws -> [Double] {
        let design = try DesignMatrix(card: card([rule]), deals: DealTable(csv: csv, file: "d.csv"), asOf: asOf)
        return design.column(0)
    }

    static func when(_ signal: String, _ condition: String, points: Double = 10) -> String {
        "{\"id\": \"r\", \"signal\": \"\(signal)\", \"when\": \(condition), \"points\": \(JSONValue.format(points))}"
    }

    func scorecardError(_ rule: String, _ csv: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> ScorecardError?
    {
        do {
            _ = try DesignMatrix(card: Self.card([rule]), deals: DealTable(csv: csv, file: "d.csv"))
            Issue.record("expected a ScorecardError", sourceLocation: sourceLocation)
        } catch let e as ScorecardError {
            return e
        } catch {
            Issue.record("expected a ScorecardError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    // MARK: - Indicators by column type

    /// v = 0, 1, 2.5, missing, 5, -1 (a number column).
    static let numbers = "outcome,v\nwon,0\nlost,1\nwon,2.5\nlost,\nwon,5\nlost,-1\n"

    /// Scores (split over the cores; indicator-only rows add the points of their set bits) are
    /// bit for bit the column-order sum Σ points_j · x_ij, with and without a dense column, with
    /// negative and -0 points, past the size at which the rows are split; whole points (summed by
    /// a lookup per byte of the row's bits) and quarter points; rows of 70 columns (two words of
    /// bits) and of 41 (one word: four rows at a time, a count of rows that is not a multiple of
    /// four, and rows with no bit set among them).
    @Test(arguments: [70, 41]) func scoresAreTheColumnOrderSum(p: Int) {
        var rng = SplitMix64(seed: 17)
        for (dense, whole) in [(false, false), (false, true), (true, false), (true, true)] {
            let n = 120_003
            var values = [Double](repeating: 0, count: n * p)
            for i in 0..<n where i % 1_000 != 7 {
                for j in 0..<p where rng.nextBool(probability: 0.3) {
                    values[i * p + j] = dense && j == 5 ? rng.nextNormal() : 1
                }
            }
            let rows = EncodedRows(rowMajor: values, columnCount: p)
            #expect(rows.denseColumns.isEmpty == !dense)
            let points = (0..<p).map { j in j == 3 ? -0.0 : (rng.nextNormal() * 17).rounded() / (whole ? 1 : 4) }
            #expect((EncodedRows.byteTables(points) != nil) == whole)
            let got = rows.scores(points: points)
            var same = true
            for i in 0..<n {
                var s = 0.0
                for j in 0..<p { s += points[j] * values[i * p + j] }
                if s.bitPattern != got[i].bitPattern { same = false }
            }
            #expect(same, "\(p) columns, dense column: \(dense), whole points: \(whole)")
        }
    }

    @Test func indicatorsOnANumberColumn() throws {
        let n = Self.numbers
        #expect(try Self.column(Self.when("v", #"{"equals": 2.5}"#), n) == [0, 0, 1, 0, 0, 0])
        #expect(try Self.column(Self.when("v", #"{"equals": "5"}"#), n) == [0, 0, 0, 0, 1, 0])
        #expect(try Self.column(Self.when("v", #"{"in": [1, 5, 7]}"#), n) == [0, 1, 0, 0, 1, 0])
        #expect(try Self.column(Self.when("v", #"{"atLeast": 1}"#), n) == [0, 1, 1, 0, 1, 0])
        #expect(try Self.column(Self.when("v", #"{"atMost": 0}"#), n) == [1, 0, 0, 0, 0, 1])
        #expect(try Self.column(Self.when("v", #"{"between": [0, 2.5]}"#), n) == [1, 1, 1, 0, 0, 0])
        #expect(try Self.column(Self.when("v", #"{"between": [1, 1]}"#), n) == [0, 1, 0, 0, 0, 0])
        #expect(try Self.column(Self.when("v", #"{"present": true}"#), n) == [1, 1, 1, 0, 1, 1])
        #expect(try Self.column(Self.when("v", #"{"present": false}"#), n) == [0, 0, 0, 1, 0, 0])
    }

    @Test func equalsTrueOnAZeroOneNumberColumn() throws {
        let csv = "outcome,dm\nwon,1\nlost,0\nwon,\nlost,1\n"
        #expect(try Self.column(Self.when("dm", #"{"equals": true}"#), csv) == [1, 0, 0, 1])
        #expect(try Self.column(Self.when("dm", #"{"equals": false}"#), csv) == [0, 1, 0, 0])
        #expect(try Self.column(Self.when("dm", #"{"in": [true]}"#), csv) == [1, 0, 0, 1])
        #expect(try Self.column(Self.when("dm", #"{"equals": 1}"#), csv) == [1, 0, 0, 1])
    }

    /// industry = "Software", "software" (padded), "RETAIL", missing, "Health Care".
    static let categories = "outcome,industry\nwon,Software\nlost,  software \nwon,RETAIL\nlost,\nwon,Health Care\n"

    @Test func indicatorsOnACategoryColumnIgnoreCaseAndPadding() throws {
        let c = Self.categories
        #expect(try Self.column(Self.when("industry", #"{"equals": "software"}"#), c) == [1, 1, 0, 0, 0])
        #expect(try Self.column(Self.when("industry", #"{"equals": "  SOFTWARE "}"#), c) == [1, 1, 0, 0, 0])
        #expect(try Self.column(Self.when("industry", #"{"in": ["retail", "health care"]}"#), c) == [0, 0, 1, 0, 1])
        #expect(try Self.column(Self.when("industry", #"{"equals": "health"}"#), c) == [0, 0, 0, 0, 0])
        #expect(try Self.column(Self.when("industry", #"{"present": true}"#), c) == [1, 1, 1, 0, 1])
        #expect(try Self.column(Self.when("industry", #"{"present": false}"#), c) == [0, 0, 0, 1, 0])
        // A number compares with its text form in a text column.
        let mixed = "outcome,tier\nwon,3\nlost,gold\nwon,4\n"
        #expect(try Self.column(Self.when("tier", #"{"equals": 3}"#), mixed) == [1, 0, 0])
    }

    /// demo = true, No, missing, YES, false (a boolean column).
    static let booleans = "outcome,demo\nwon,true\nlost,No\nwon,\nlost,YES\nwon,false\n"

    @Test func indicatorsOnABooleanColumn() throws {
        let b = Self.booleans
        #expect(try Self.column(Self.when("demo", #"{"equals": true}"#), b) == [1, 0, 0, 1, 0])
        #expect(try Self.column(Self.when("demo", #"{"equals": false}"#), b) == [0, 1, 0, 0, 1])
        #expect(try Self.column(Self.when("demo", #"{"equals": "Yes"}"#), b) == [1, 0, 0, 1, 0])
        #expect(try Self.column(Self.when("demo", #"{"equals": 0}"#), b) == [0, 1, 0, 0, 1])
        #expect(try Self.column(Self.when("demo", #"{"in": [true, false]}"#), b) == [1, 1, 0, 1, 1])
        #expect(try Self.column(Self.when("demo", #"{"present": false}"#), b) == [0, 0, 1, 0, 0])
    }

    @Test func dateColumnsOnlyTakePresent() throws {
        let csv = "outcome,demo_at\nwon,2025-01-01\nlost,\n"
        #expect(try Self.column(Self.when("demo_at", #"{"present": true}"#), csv) == [1, 0])
        #expect(try Self.column(Self.when("demo_at", #"{"present": false}"#), csv) == [0, 1])
        let e = scorecardError(Self.when("demo_at", #"{"atLeast": 1}"#), csv)
        if case .typeMismatch(_, "r", _)? = e {
        } else {
            Issue.record("expected typeMismatch, got \(String(describing: e))")
        }
    }

    // MARK: - Type mismatches and missing signals

    /// Where the `when` object of the single rule is: line 4, after `{"id": "r", "signal": "<s>", "when": `.
    static func whenLocation(signal: String) -> ScorecardKit.SourceLocation {
        ScorecardKit.SourceLocation(file: "card.json", line: 4, column: 35 + signal.count)
    }

    @Test func atLeastOnTextIsATypeMismatch() throws {
        let e = try #require(scorecardError(Self.when("industry", #"{"atLeast": 3}"#), Self.categories))
        guard case .typeMismatch(let l, let id, let message) = e else {
            Issue.record("got \(e)")
            return
        }
        #expect(id == "r")
        #expect(l == Self.whenLocation(signal: "industry"))
        #expect(message.contains("text column"))
        #expect(e.description.hasPrefix("card.json:4:43: "))
    }

    @Test func textOnANumberColumnIsATypeMismatch() throws {
        let e = try #require(scorecardError(Self.when("v", #"{"equals": "x"}"#), Self.numbers))
        guard case .typeMismatch(let l, _, let message) = e else {
            Issue.record("got \(e)")
            return
        }
        #expect(l == Self.whenLocation(signal: "v"))
        #expect(message.contains("\"x\""))
        #expect(scorecardError(Self.when("v", #"{"in": [1, "abc"]}"#), Self.numbers) != nil)
    }

    @Test func boolOnANonBinaryNumberColumnIsATypeMismatch() {
        // v holds 2.5, 5 and -1, so `equals: true` has no meaning.
        let e = scorecardError(Self.when("v", #"{"equals": true}"#), Self.numbers)
        if case .typeMismatch? = e {} else { Issue.record("expected typeMismatch, got \(String(describing: e))") }
    }

    @Test func otherMismatches() {
        let cases: [(String, String)] = [
            (Self.when("demo", #"{"atLeast": 1}"#), Self.booleans),
            (Self.when("demo", #"{"between": [0, 1]}"#), Self.booleans),
            (Self.when("demo", #"{"equals": "maybe"}"#), Self.booleans),
            (Self.when("demo", #"{"equals": 2}"#), Self.booleans),
            (Self.when("industry", #"{"equals": true}"#), Self.categories),
            (Self.when("industry", #"{"atMost": 1}"#), Self.categories),
        ]
        for (rule, csv) in cases {
            let e = scorecardError(rule, csv)
            if case .typeMismatch? = e {
            } else {
                Issue.record("\(rule): expected typeMismatch, got \(String(describing: e))")
            }
        }
    }

    @Test func eachOnACategoryOrBooleanIsATypeMismatch() throws {
        let rule = #"{"id": "r", "signal": "industry", "each": 1, "points": 2}"#
        let e = try #require(scorecardError(rule, Self.categories))
        guard case .typeMismatch(let l, let id, let message) = e else {
            Issue.record("got \(e)")
            return
        }
        #expect(id == "r")
        // The location is the "each" value: line 4, column 43.
        #expect(l == ScorecardKit.SourceLocation(file: "card.json", line: 4, column: 43))
        #expect(message.contains("category"))
        let b = scorecardError(#"{"id": "r", "signal": "demo", "each": 1, "points": 2}"#, Self.booleans)
        if case .typeMismatch? = b {} else { Issue.record("expected typeMismatch, got \(String(describing: b))") }
    }

    @Test func missingSignal() throws {
        let csv = "outcome,industry,demo,demo_at\nwon,a,true,2025-01-01\nlost,b,false,\n"
        let text = Self.cardText([
            Self.when("industry", #"{"present": true}"#),
            Self.when("job_title", #"{"equals": "cto"}"#).replacingID("r2"),
        ])
        let card = try Scorecard(json: text, file: "card.json")
        let deals = try DealTable(csv: csv, file: "d.csv")
        do {
            _ = try DesignMatrix(card: card, deals: deals)
            Issue.record("expected missingSignal")
        } catch let e as ScorecardError {
            // Rule 2 (id "r2", one character longer than "r") is on line 5; its signal value
            // (the opening quote) is at column 24.
            #expect(
                e
                    == .missingSignal(
                        ScorecardKit.SourceLocation(file: "card.json", line: 5, column: 24), ruleID: "r2",
                        signal: "job_title",
                        available: ["industry", "demo"]))
            #expect(e.description.hasPrefix("card.json:5:24: "))
            #expect(e.description.contains("\"job_title\""))
        }
    }

    // MARK: - Counts and caps

    @Test func eachUnitsAndCap() throws {
        // opens = 0, 2, 7, missing, 12, 3. each 2 → units 0, 1, 3.5, 0, 6, 1.5.
        // points 4, cap 12 → at most 12/4 = 3 units → 0, 1, 3, 0, 3, 1.5.
        let csv = "outcome,opens\nwon,0\nlost,2\nwon,7\nlost,\nwon,12\nlost,3\n"
        let rule = #"{"id": "r", "signal": "opens", "each": 2, "points": 4, "cap": 12}"#
        #expect(try Self.column(rule, csv) == [0, 1, 3, 0, 3, 1.5])
        let card = try Self.card([rule])
        #expect(card.rules[0].capUnits == 3)
        let design = try DesignMatrix(card: card, deals: DealTable(csv: csv, file: "d.csv"))
        // Scores: 4 × units.
        #expect(card.scores(design) == [0, 4, 12, 0, 12, 6])
        // Negative points: the cap is in units of |points|: cap 6 at −2 per unit = 3 units.
        let negative = #"{"id": "r", "signal": "opens", "each": 1, "points": -2, "cap": 6}"#
        #expect(try Self.column(negative, csv) == [0, 2, 3, 0, 3, 3])
        // No cap: plain units.
        let uncapped = #"{"id": "r", "signal": "opens", "each": 0.5, "points": 1}"#
        #expect(try Self.column(uncapped, csv) == [0, 4, 14, 0, 24, 6])
    }

    @Test func capStaysInUnitsWhenPointsChange() throws {
        let card = try Self.card([#"{"id": "r", "signal": "opens", "each": 1, "points": 3, "cap": 15}"#])
        // 15 points at 3 per open = 5 opens; at 4 per open the cap becomes 20 points.
        let revised = card.withPoints([4], threshold: 40)
        #expect(revised.rules[0].measure == .each(1, cap: 20))
        #expect(revised.rules[0].capUnits == 5)
        #expect(revised.threshold == 40)
    }

    @Test
    func capUnitsSurviveARefitThroughZero() throws {
        let card = try Self.card([#"{"id": "r", "signal": "opens", "each": 1, "points": 3, "cap": 15}"#])
        // 15 / 3 = 5 opens count; at 5 points each the cap should be 25 points.
        let back = card.withPoints([0], threshold: 1).withPoints([5], threshold: 1)
        #expect(back.rules[0].capUnits == 5)
        #expect(back.rules[0].measure == .each(1, cap: 25))
    }

    // MARK: - Decay

    /// Rows (demo_at → reference):
    /// 1. scored 2025-03-02, demo 2025-01-01: 31 + 28 + 1 = 60 days = 2 half-lives → 0.25
    /// 2. no scored_at, closed 2025-01-31, demo 2025-01-01: 30 days → 0.5
    /// 3. scored 2025-01-01, demo 2025-01-16 (after the reference) → no decay, 1
    /// 4. no demo_at → no decay, 1
    /// 5. demo false → 0
    static let decayCSV = """
        outcome,demo,demo_at,scored_at,closed_at
        won,true,2025-01-01,2025-03-02,2025-04-01
        lost,true,2025-01-01,,2025-01-31
        won,true,2025-01-16,2025-01-01,2025-02-01
        lost,true,,2025-03-01,2025-03-01
        won,false,2025-01-01,2025-03-02,2025-03-02

        """
    static let decayRule = #"{"id": "r", "signal": "demo", "when": {"equals": true}, "points": 40, "halfLifeDays": 30}"#

    @Test func halfLifeDecayToScoredAtFallingBackToClosedAt() throws {
        let x = try Self.column(Self.decayRule, Self.decayCSV)
        #expect(x == [0.25, 0.5, 1, 1, 0])
        let card = try Self.card([Self.decayRule])
        let design = try DesignMatrix(card: card, deals: DealTable(csv: Self.decayCSV, file: "d.csv"))
        #expect(card.scores(design) == [10, 20, 40, 40, 0])
        #expect(design.notes.isEmpty)
    }

    @Test func halfLifeDecayToAsOf() throws {
        // As of 2025-03-02: rows 1 and 2 are 60 days old (0.25); row 3 is 45 days old
        // (15 + 28 + 2 … 2025-01-16 → 2025-03-02 = 45): 0.5^(45/30) = 2^(−1.5) = 1/(2√2).
        let asOf = try #require(CalendarDate(iso: "2025-03-02"))
        let x = try Self.column(Self.decayRule, Self.decayCSV, asOf: asOf)
        #expect(x.count == 5)
        #expect(x[0] == 0.25 && x[1] == 0.25 && x[3] == 1 && x[4] == 0)
        #expect(x[2].isApproximatelyEqual(to: 1 / (2 * 2.0.squareRoot()), relativeTolerance: 1e-14))
    }

    @Test func decayAppliesAfterTheCap() throws {
        // opens 9 with each 1, points 2, cap 10 → 5 units, then 30 days at half-life 15 → 0.25 → 1.25.
        let csv = "outcome,opens,opens_at,closed_at\nwon,9,2025-01-01,2025-01-31\nlost,1,2025-01-31,2025-01-31\n"
        let rule = #"{"id": "r", "signal": "opens", "each": 1, "points": 2, "cap": 10, "halfLifeDays": 15}"#
        #expect(try Self.column(rule, csv) == [1.25, 1])
    }

    @Test func decayWithoutDatesIsNotedNotApplied() throws {
        let noAt = "outcome,demo,closed_at\nwon,true,2025-01-01\nlost,false,2025-01-01\n"
        let card = try Self.card([Self.decayRule])
        let d1 = try DesignMatrix(card: card, deals: DealTable(csv: noAt, file: "d.csv"))
        #expect(d1.column(0) == [1, 0])
        #expect(d1.notes.count == 1)
        #expect(d1.notes.first?.contains("demo_at") == true)
        let noReference = "outcome,demo,demo_at\nwon,true,2020-01-01\nlost,false,\n"
        let d2 = try DesignMatrix(card: card, deals: DealTable(csv: noReference, file: "d.csv"))
        #expect(d2.column(0) == [1, 0])
        #expect(d2.notes.count == 1)
    }

    // MARK: - Scores

    /// Four deals, five rules, scores added up by hand:
    ///
    /// | deal | industry | dm | demo | opens | ai | fit | behavior | total |
    /// |---|---|---|---|---|---|---|---|---|
    /// | 1 | software | 1 | true  | 8 | 80 | 10+20 = 30 | 45+15+25 = 85 | 115 |
    /// | 2 | retail   | 0 | false | 2 | 75 | 0          | 6+25 = 31     | 31  |
    /// | 3 | retail (level Intern) | 1 | true  | 0 | 10 | 20−10 = 10 | 45 | 55 |
    /// | 4 | software | 0 | false | 4 | —  | 10         | 12            | 22  |
    static let scoringCSV = """
        deal_id,outcome,industry,dm,demo,opens,ai,level
        1,won,Software,1,true,8,80,vp
        2,lost,retail,0,false,2,75,manager
        3,won,retail,1,true,0,10,Intern
        4,lost,software,0,false,4,,manager

        """
    static let scoringRules = [
        #"{"id": "industry", "kind": "fit", "signal": "industry", "when": {"in": ["software", "manufacturing"]}, "points": 10}"#,
        #"{"id": "dm", "kind": "fit", "signal": "dm", "when": {"equals": true}, "points": 20}"#,
        #"{"id": "intern", "kind": "fit", "signal": "level", "when": {"equals": "intern"}, "points": -10}"#,
        #"{"id": "demo", "kind": "behavior", "signal": "demo", "when": {"equals": true}, "points": 45}"#,
        #"{"id": "opens", "kind": "behavior", "signal": "opens", "each": 1, "points": 3, "cap": 15}"#,
        #"{"id": "ai", "kind": "behavior", "source": "ai", "signal": "ai", "when": {"atLeast": 70}, "points": 25}"#,
    ]

    @Test func cardScoresByHand() throws {
        let card = try Self.card(Self.scoringRules, threshold: 50)
        let deals = try DealTable(csv: Self.scoringCSV, file: "d.csv")
        let design = try DesignMatrix(card: card, deals: deals)
        #expect(design.ruleIDs == ["industry", "dm", "intern", "demo", "opens", "ai"])
        #expect(design.rowCount == 4 && design.columnCount == 6)
        #expect(design.won == [true, false, true, false])
        // Deal 1's row: opens 8 capped at 15/3 = 5 units.
        #expect((0..<6).map { design[0, $0] } == [1, 1, 0, 1, 5, 1])
        #expect((0..<6).map { design[2, $0] } == [0, 1, 1, 1, 0, 0])
        #expect(card.scores(design) == [115, 31, 55, 22])
        #expect(card.scores(design, kind: .fit) == [30, 0, 10, 10])
        #expect(card.scores(design, kind: .behavior) == [85, 31, 45, 12])
        #expect(card.isSQL(design) == [true, false, true, false])
        // Dual bars: fit ≥ 20 and behavior ≥ 40 leave only deal 1.
        let dual = try Self.card(Self.scoringRules, threshold: 50, top: " \"minFit\": 20, \"minBehavior\": 40,")
        #expect(dual.isSQL(design) == [true, false, false, false])
        // Revised points score the same design.
        let revised = card.withPoints([0, 0, 0, 1, 0, 0], threshold: 1)
        #expect(revised.scores(design) == [1, 0, 1, 0])
        #expect(design.scores(points: [1, 1, 1, 1, 1, 1]) == [9, 3, 3, 5])
        #expect(
            design.scores(points: [1, 1, 1, 1, 1, 1], mask: [true, true, true, false, false, false]) == [2, 0, 2, 1])
    }

    @Test func scoresRoundToWholePointsAfterDecay() throws {
        // Points 10 decayed by 0.5^(10/30) = 0.7937… → 7.94 → 8; by 0.25 → 2.5 exactly.
        let csv = "outcome,demo,demo_at,scored_at\nwon,true,2025-01-01,2025-01-11\nlost,true,2025-01-01,2025-03-02\n"
        let rule = #"{"id": "r", "signal": "demo", "when": {"equals": true}, "points": 10, "halfLifeDays": 30}"#
        let card = try Self.card([rule])
        let design = try DesignMatrix(card: card, deals: DealTable(csv: csv, file: "d.csv"))
        // 2^(−1/3) is the cube root of ½.
        let x = design[0, 0]
        #expect(abs(x * x * x - 0.5) < 1e-14)
        #expect(card.scores(design)[0] == 8)
        #expect(design.scores(points: [10])[1] == 2.5)
    }

    @Test func directMatrixAndSelection() {
        let m = DesignMatrix(ruleIDs: ["a", "b"], rows: [[1, 0], [0, 2], [1, 3]], won: [true, false, true])
        #expect(m.values == [1, 0, 0, 2, 1, 3])
        #expect(m.column(1) == [0, 2, 3])
        #expect(m.scores(points: [10, -1]) == [10, -2, 7])
        let s = m.selecting([2, 1])
        #expect(s.rowCount == 2)
        #expect(s.won == [true, false])
        #expect(s.column(1) == [3, 2])
    }
}

extension String {
    /// The rule text with its id replaced (`"id": "r"` → `"id": "<id>"`).
    fileprivate func replacingID(_ id: String) -> String {
        var s = self
        if let r = s.range(of: "\"id\": \"r\"") { s.replaceSubrange(r, with: "\"id\": \"\(id)\"") }
        return s
    }
}

/// Column maxima read a word at a time equal the largest value found cell by cell.
@Test func columnMaximaEqualCellByCellMaxima() {
    let values: [Double] = [0, 1, 2.5, 0, 0, 0, 7, -1, 1, 0, 3, -2]
    let rows = EncodedRows(rowMajor: values, columnCount: 4)
    let expected = (0..<4).map { j in (0..<3).map { values[$0 * 4 + j] }.max()! }
    #expect(rows.columnMaxima() == expected)
    #expect(EncodedRows(rowMajor: [], columnCount: 2).columnMaxima() == [0, 0])
}
