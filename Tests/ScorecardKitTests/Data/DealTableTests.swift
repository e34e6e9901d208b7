import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Turning CSV into a closed-deal history: outcomes, row accounting, column types, renaming and
/// the data errors with their locations.
@Suite struct DealTableTests {

    /// The closing dates' range (``DealTable/closedRange``, read off the column's day numbers by
    /// ``ColumnValues/earliestToLatest``) is the minimum and the maximum of the dates with the
    /// empty cells left out, checked by sorting: dates before 1970 (negative day numbers), empty
    /// cells anywhere, one date, and none.
    @Test func earliestToLatestIsTheRangeOfTheDates() {
        var rng = SplitMix64(seed: 23)
        for trial in 0..<40 {
            let n = [0, 1, 5, 1_000][trial % 4]
            let values: [CalendarDate?] = (0..<n).map { _ in
                rng.nextBool(probability: trial % 5 == 0 ? 1 : 0.2)
                    ? nil : CalendarDate(dayNumber: Int(rng.next() % 40_000) - 20_000)
            }
            let dates = values.compactMap { $0 }.sorted()
            let want = dates.first.map { $0...dates.last! }
            #expect(ColumnValues<CalendarDate>(values).earliestToLatest == want, "trial \(trial)")
        }
    }
    func loc(_ line: Int, _ column: Int, _ file: String = "d.csv") -> ScorecardKit.SourceLocation {
        ScorecardKit.SourceLocation(file: file, line: line, column: column)
    }

    func deals(_ csv: String, map: ColumnMap = ColumnMap()) throws -> DealTable {
        try DealTable(csv: csv, file: "d.csv", map: map)
    }

    /// The error thrown while reading `csv` (recording an issue when there is none).
    func error(_ csv: String, map: ColumnMap = ColumnMap(), sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> (any Error)?
    {
        do {
            let t = try deals(csv, map: map)
            Issue.record("expected an error, read \(t.count) deals", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Outcomes

    @Test(arguments: [
        ("won", Outcome.won), ("WON", .won), (" Won ", .won), ("closed won", .won), ("Closed Won", .won),
        ("Closed-Won", .won),
        ("closed_won", .won), ("CLOSED  WON", .won), ("1", .won), ("true", .won), ("TRUE", .won), ("yes", .won),
        ("Yes", .won),
        ("lost", .lost), ("Lost", .lost), ("closed lost", .lost), ("Closed-Lost", .lost), ("closed_lost", .lost),
        ("0", .lost), ("false", .lost), ("False", .lost), ("no", .lost), ("NO", .lost),
    ])
    func outcomesThatParse(_ text: String, _ expected: Outcome) {
        #expect(Outcome(parsing: text.trimmingWhitespace()) == expected, "\(text)")
    }

    @Test(arguments: [
        "open", "negotiation", "closed", "won?", "2", "1.0", "y", "n", "closedwon", "pending", "-", "lost deal",
    ])
    func outcomesThatDoNot(_ text: String) {
        #expect(Outcome(parsing: text) == nil, "\(text)")
    }

    /// Text cells are trimmed and matched against the missing tokens on their bytes when they are
    /// ASCII, the Unicode way otherwise; both give what Unicode trimming gives: the white space
    /// around the text goes (a vertical tab and a no-break space included), placeholders with
    /// spaces around them are missing, and inner spaces and accents stay.
    @Test func textCellsAreTrimmedAsUnicodeTrimsThem() throws {
        let csv =
            "outcome,seg\nwon, software \nlost,\u{0B}retail\u{0C}\nwon,\u{A0}health\u{A0}\nlost, N/A \nwon,Select\nlost,\tnaïve corp \nwon,a b\n"
        let t = try deals(csv)
        #expect(t.columns["seg"] == .category(["software", "retail", "health", nil, nil, "naïve corp", "a b"]))
    }

    @Test func outcomeCellsInAFile() throws {
        let t = try deals("outcome,x\n won ,1\nClosed-Lost,2\n1,3\n0,4\nYES,5\nno,6\nclosed won,7\n")
        #expect(t.won == [true, false, true, false, true, false, true])
        #expect(t.count == 7 && t.wonCount == 4 && t.lostCount == 3)
        #expect(t.columns["x"] == .number([1, 2, 3, 4, 5, 6, 7]))
        #expect(t.accounting == RowAccounting(read: 7, used: 7, skipped: [:], skippedOutcomeValues: [:]))
    }

    @Test func openDealsAndEmptyOutcomesAreSkippedAndCounted() throws {
        // Lines: 2 won, 3 open, 4 empty, 5 lost, 6 Negotiation, 7 blank (not a row), 8 spaces-only outcome, 9 OPEN.
        let csv = "deal_id,outcome,x\nA,won,1\nB,open,2\nC,,3\nD,lost,4\nE,Negotiation,5\n\nF,  ,6\nG,OPEN,7\n"
        let t = try deals(csv)
        #expect(t.won == [true, false])
        #expect(t.dealIDs == ["A", "D"])
        #expect(t.lines == [2, 5])
        #expect(t.columns["x"] == .number([1, 4]))
        let a = t.accounting
        #expect(a.read == 7)
        #expect(a.used == 2)
        #expect(a.skipped == [.notClosed: 3, .missingOutcome: 2])
        #expect(a.skippedTotal == 5)
        #expect(a.read == a.used + a.skippedTotal)
        #expect(a.skippedOutcomeValues == ["open": 2, "negotiation": 1])
        #expect(a.summary == "rows read 7 = used 2 + skipped 5 (outcome empty: 2; not closed (open or other stage): 3)")
        #expect(a.json == ["read": 7, "used": 2, "skipped": ["missingOutcome": 2, "notClosed": 3]])
    }

    /// Random mixes of outcomes: the counts are tallied here independently and
    /// `read == used + skipped` must hold every time.
    @Test func accountingAlwaysAddsUp() throws {
        let cells = ["won", "lost", "Closed Won", "closed-lost", "open", "", " ", "stalled", "1", "0"]
        let isWon: [Bool?] = [true, false, true, false, nil, nil, nil, nil, true, false]
        let isEmpty = [false, false, false, false, false, true, true, false, false, false]
        var rng = SplitMix64(seed: 99)
        for _ in 0..<50 {
            let n = 1 + rng.nextInt(below: 40)
            var csv = "outcome,k\nwon,0\n"  // one won row so there is always a closed deal
            var won = 1
            var lost = 0
            var empty = 0
            var open = 0
            for k in 0..<n {
                let c = rng.nextInt(below: cells.count)
                csv += "\(cells[c]),\(k + 1)\n"
                switch isWon[c] {
                case true?: won += 1
                case false?: lost += 1
                case nil: if isEmpty[c] { empty += 1 } else { open += 1 }
                }
            }
            let t = try deals(csv)
            let a = t.accounting
            #expect(a.read == n + 1)
            #expect(a.used == won + lost)
            #expect(t.wonCount == won && t.lostCount == lost)
            #expect((a.skipped[.missingOutcome] ?? 0) == empty)
            #expect((a.skipped[.notClosed] ?? 0) == open)
            #expect(a.read == a.used + a.skippedTotal)
            #expect(t.lines.count == a.used)
        }
    }

    @Test func noClosedDeals() {
        let e = error("deal_id,outcome\n1,open\n2,\n")
        #expect(e as? DealDataError == .noClosedDeals(loc(1, 2), skipped: 2))
        #expect((e as? DealDataError)?.description.hasPrefix("d.csv:1:2: ") == true)
    }

    @Test func requireBothOutcomes() throws {
        let allWon = try deals("x,outcome\n1,won\n2,won\n3,open\n")
        #expect(throws: DealDataError.oneOutcomeOnly(loc(1, 2), outcome: .won, deals: 2)) {
            try allWon.requireBothOutcomes()
        }
        let allLost = try deals("outcome\nlost\n")
        #expect(throws: DealDataError.oneOutcomeOnly(loc(1, 1), outcome: .lost, deals: 1)) {
            try allLost.requireBothOutcomes()
        }
        let both = try deals("outcome\nlost\nwon\n")
        #expect(throws: Never.self) { try both.requireBothOutcomes() }
    }

    // MARK: - Column types

    @Test func columnTypes() throws {
        let csv = """
            outcome,flag,count,score,industry,mixed,binary,empty,demo_at
            won,true,3,1.5,Software,true,1,,2025-01-02
            lost,No,0,-2,  manufacturing ,1,0,,
            won,,12,1e3,software,x,,,2025-03-04T10:00:00Z
            lost,YES,,0.25,,yes,1,,2025-03-05 09:30

            """
        let t = try deals(csv)
        #expect(t.columns["flag"] == .boolean([true, false, nil, true]))
        #expect(t.columns["count"] == .number([3, 0, 12, nil]))
        #expect(t.columns["score"] == .number([1.5, -2, 1000, 0.25]))
        #expect(t.columns["industry"] == .category(["Software", "manufacturing", "software", nil]))
        #expect(t.columns["mixed"] == .category(["true", "1", "x", "yes"]))
        #expect(t.columns["binary"] == .number([1, 0, nil, 1]))
        #expect(t.columns["empty"]?.count == 4)
        #expect(t.columns["empty"].map { c in (0..<4).allSatisfy { !c.isPresent($0) } } == true)
        let d = { (s: String) in CalendarDate(iso: s) }
        #expect(t.columns["demo_at"] == .date([d("2025-01-02"), nil, d("2025-03-04"), d("2025-03-05")]))
        #expect(t.columns["flag"]?.typeName == "boolean")
        #expect(t.columns["industry"]?.typeName == "category")
        #expect(t.columnOrder == ["flag", "count", "score", "industry", "mixed", "binary", "empty", "demo_at"])
        #expect(t.columns["outcome"] == nil)
    }

    @Test func numbersThatAreNotNumbers() {
        #expect(SignalColumn.parseNumber("12") == 12)
        #expect(SignalColumn.parseNumber("-3.5") == -3.5)
        #expect(SignalColumn.parseNumber("+4") == 4)
        #expect(SignalColumn.parseNumber("2E2") == 200)
        for t in ["nan", "inf", "Infinity", "0x1F", "1,000", "1 000", "$5", "5%", "1e999", "-", ".", "e5", "1_000", ""]
        {
            #expect(SignalColumn.parseNumber(t) == nil, "\(t)")
        }
    }

    @Test func typesAreInferredFromEveryRowNotJustClosedOnes() throws {
        // The open deal's "abc" makes the column text; the closed deals keep their typed values.
        let t = try deals("outcome,v\nwon,1\nopen,abc\nlost,2\n")
        #expect(t.columns["v"] == .category(["1", "2"]))
    }

    @Test func reservedColumns() throws {
        let csv =
            "deal_id,outcome,closed_at,scored_at,x\n A1 ,won,2025-07-01,2025-06-20,1\nA2,lost,2025-08-15T00:00:00Z,,0\nA3,open,2025-09-01,,1\n"
        let t = try deals(csv)
        #expect(t.dealIDs == ["A1", "A2"])
        #expect(t.closedAt == [CalendarDate(iso: "2025-07-01"), CalendarDate(iso: "2025-08-15")])
        #expect(t.scoredAt == [CalendarDate(iso: "2025-06-20"), nil])
        #expect(t.columns.keys.sorted() == ["x"])
        #expect(t.columnOrder == ["x"])
        #expect(t.closedRange == CalendarDate(iso: "2025-07-01")!...CalendarDate(iso: "2025-08-15")!)
        #expect(t.headerLocation("x") == loc(1, 5))
        #expect(t.headerLocation("outcome") == loc(1, 2))
        let noDates = try deals("outcome\nwon\n")
        #expect(
            noDates.closedAt == nil && noDates.scoredAt == nil && noDates.dealIDs == nil && noDates.closedRange == nil)
    }

    @Test func semicolonAndBytes() throws {
        // A decimal comma is read with --decimal , (before it was read as the text "1,5"; now a
        // number column written that way without the option is an error that says so).
        let t = try DealTable(
            csv: "outcome;x\nwon;1,5\nlost;2\n", file: "d.csv", delimiter: ";", formats: ValueFormats(decimal: .comma))
        #expect(t.columns["x"] == .number([1.5, 2]))
        #expect(throws: DealDataError.self) {
            try DealTable(csv: "outcome;x\nwon;1,5\nlost;2\n", file: "d.csv", delimiter: ";")
        }
        #expect(
            try DealTable(csv: "outcome;x\nwon;1,5a\nlost;2\n", file: "d.csv", delimiter: ";").columns["x"]
                == .category(["1,5a", "2"]))
        let b = try DealTable(
            bytes: [0xEF, 0xBB, 0xBF] + Array("outcome,x\r\nwon,1\r\nlost,0\r\n".utf8), file: "d.csv")
        #expect(b.won == [true, false])
        #expect(b.columns["x"] == .number([1, 0]))
    }

    @Test func selectingRows() throws {
        let t = try deals("deal_id,outcome,closed_at,x\na,won,2025-01-01,1\nb,lost,2025-02-01,2\nc,won,2025-03-01,3\n")
        let s = t.selecting([2, 0])
        #expect(s.won == [true, true])
        #expect(s.dealIDs == ["c", "a"])
        #expect(s.closedAt == [CalendarDate(iso: "2025-03-01"), CalendarDate(iso: "2025-01-01")])
        #expect(s.columns["x"] == .number([3, 1]))
        #expect(s.lines == [4, 2])
        #expect(s.accounting.read == 2 && s.accounting.used == 2 && s.accounting.skippedTotal == 0)
    }

    // MARK: - Renaming

    @Test func columnMapRenamesACRMExport() throws {
        let mapText = #"{"Deal Stage": "outcome", "Deal ID": "deal_id", "Close Date": "closed_at"}"#
        let map = try ColumnMap(json: mapText, file: "map.json")
        #expect(map.renames.map(\.from) == ["Deal Stage", "Deal ID", "Close Date"])
        #expect(map.renames.map(\.to) == ["outcome", "deal_id", "closed_at"])
        let csv =
            "Deal ID,Deal Stage,Close Date,Demo\n1,Closed Won,2025-07-01,true\n2,Closed Lost,2025-07-02,false\n3,Appointment Scheduled,,true\n"
        let t = try deals(csv, map: map)
        #expect(t.won == [true, false])
        #expect(t.dealIDs == ["1", "2"])
        #expect(t.closedAt == [CalendarDate(iso: "2025-07-01"), CalendarDate(iso: "2025-07-02")])
        #expect(t.columns["Demo"] == .boolean([true, false]))
        #expect(t.accounting.skippedOutcomeValues == ["appointment scheduled": 1])
        // Without the map the file has no outcome column.
        #expect(
            error(csv) as? DealDataError
                == .missingOutcomeColumn(loc(1, 1), header: ["Deal ID", "Deal Stage", "Close Date", "Demo"]))
    }

    @Test func mappedColumnMissing() throws {
        let mapText = "{\n  \"Deal Stage\": \"outcome\",\n  \"Amount\": \"amount\"\n}"
        let map = try ColumnMap(json: mapText, file: "map.json")
        let e = error("Deal Stage,x\nwon,1\n", map: map)
        // The error points at the "Amount" key in the map file: line 3, column 3.
        #expect(
            e as? DealDataError
                == .mappedColumnMissing(loc(3, 3, "map.json"), column: "Amount", header: ["Deal Stage", "x"]))
        #expect((e as? DealDataError)?.description.hasPrefix("map.json:3:3: ") == true)
    }

    @Test func mapOntoAnExistingColumnIsADuplicate() throws {
        let map = try ColumnMap(json: #"{"Stage": "outcome"}"#, file: "map.json")
        let e = error("outcome,Stage\nwon,won\n", map: map)
        #expect(e as? CSVError == .duplicateColumn(loc(1, 2), name: "outcome", firstColumn: 1))
    }

    @Test func swappingTwoColumnsWorks() throws {
        let map = try ColumnMap(json: #"{"a": "outcome", "outcome": "a"}"#, file: "map.json")
        let t = try deals("outcome,a\n7,won\n8,lost\n", map: map)
        #expect(t.won == [true, false])
        #expect(t.columns["a"] == .number([7, 8]))
    }

    @Test func invalidMaps() {
        #expect(throws: DealDataError.self) { try ColumnMap(json: "[1]", file: "map.json") }
        #expect(throws: DealDataError.self) { try ColumnMap(json: #"{"a": 1}"#, file: "map.json") }
        #expect(throws: DealDataError.self) { try ColumnMap(json: #"{"a": "  "}"#, file: "map.json") }
        #expect(throws: DealDataError.self) {
            try ColumnMap(json: #"{"a": "outcome", "b": "outcome"}"#, file: "map.json")
        }
        #expect(throws: JSONError.self) { try ColumnMap(json: #"{"a": "x", "a": "y"}"#, file: "map.json") }
        do {
            _ = try ColumnMap(json: "{\n \"a\": 1}", file: "map.json")
        } catch let e as DealDataError {
            #expect(e.location == loc(2, 7, "map.json"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    // MARK: - Errors

    @Test func noOutcomeColumn() {
        let e = error("deal_id,result\n1,won\n")
        #expect(e as? DealDataError == .missingOutcomeColumn(loc(1, 1), header: ["deal_id", "result"]))
        let text = (e as? DealDataError)?.description ?? ""
        #expect(text.hasPrefix("d.csv:1:1: "))
        #expect(text.contains("\"result\""))
    }

    @Test func duplicateDealIDNamesBothLines() {
        // "X7" is on line 2 and again on line 5 (row 3 spans lines 3–4); the second is in column 1.
        let csv = "deal_id,outcome,note\nX7,won,a\nX8,lost,\"two\nlines\"\nX7,open,b\n"
        let e = error(csv)
        #expect(e as? DealDataError == .duplicateDealID(loc(5, 1), value: "X7", firstLine: 2))
        let text = (e as? DealDataError)?.description ?? ""
        #expect(text.hasPrefix("d.csv:5:1: "))
        #expect(text.contains("line 2"))
        // Empty ids are not duplicates of each other.
        #expect((try? deals("deal_id,outcome\n,won\n,lost\n"))?.count == 2)
    }

    @Test func badDateNamesLineColumnAndValue() {
        let csv = "outcome,x,closed_at\nwon,1,2025-07-01\nlost,2,2025-7-2\n"
        let e = error(csv)
        #expect(e as? DealDataError == .invalidDate(loc(3, 3), column: "closed_at", value: "2025-7-2"))
        let text = (e as? DealDataError)?.description ?? ""
        #expect(text.hasPrefix("d.csv:3:3: "))
        #expect(text.contains("\"2025-7-2\""))
        // A signal date column, in an open deal's row, is still checked.
        let open = "outcome,demo_at\nwon,2025-01-01\nopen,yesterday\n"
        #expect(error(open) as? DealDataError == .invalidDate(loc(3, 2), column: "demo_at", value: "yesterday"))
    }

    @Test
    func headerErrorsPointAtTheHeadersLine() {
        // Two blank lines, then the header on line 3.
        #expect(error("\n\nx,y\n1,2\n") as? DealDataError == .missingOutcomeColumn(loc(3, 1), header: ["x", "y"]))
        #expect(error("\n\nx,outcome\n1,open\n") as? DealDataError == .noClosedDeals(loc(3, 2), skipped: 1))
    }

    @Test func csvErrorsPassThrough() {
        #expect(error("outcome,x\nwon,1,2\n") as? CSVError == .raggedRow(loc(2, 3), fields: 3, expected: 2))
        #expect(error("outcome\n") as? CSVError == .headerOnly(file: "d.csv"))
    }
}
