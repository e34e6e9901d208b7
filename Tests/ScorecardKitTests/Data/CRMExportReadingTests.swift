import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// CRM and spreadsheet exports as they are: trailing empty columns, CRM date forms, money as CRMs
/// write it, placeholder tokens. Every expected value is worked out by hand in the test.
@Suite struct CRMExportReadingTests {
    func loc(_ line: Int, _ column: Int, _ file: String = "d.csv") -> ScorecardKit.SourceLocation {
        ScorecardKit.SourceLocation(file: file, line: line, column: column)
    }

    func read(_ csv: String, missing: MissingValues = MissingValues(), formats: ValueFormats = ValueFormats()) throws
        -> DealTable
    {
        try DealTable(csv: csv, file: "d.csv", missing: missing, formats: formats)
    }

    func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    // MARK: - Trailing empty header

    @Test func trailingCommaOnEveryLineWithCRLFDropsTheEmptyColumnWithANote() throws {
        let csv =
            "Prospect ID,Converted,Specialization,TotalVisits,\r\nP1,1,Finance Management,5.0,\r\nP2,0,Select,2.0,\r\nP3,1,,,\r\n"
        let map = try ColumnMap(json: #"{"Converted": "outcome", "Prospect ID": "deal_id"}"#, file: "map.json")
        for table in [
            try DealTable(csv: csv, file: "d.csv", map: map),
            try DealTable.leads(bytes: Array(csv.utf8), file: "d.csv", map: map),
        ] {
            #expect(table.columnOrder == ["Specialization", "TotalVisits"])
            #expect(table.notes.count == 1 && table.notes[0].contains("dropped"))
            #expect(table.accounting.summary.contains("dropped"))
            // "Select" is a placeholder: missing, as the empty cell of P3.
            #expect(table.columns["Specialization"] == .category(["Finance Management", nil, nil]))
            #expect(table.columns["TotalVisits"] == .number([5, 2, nil]))
        }
        // The fast reader declines such a file (the general reader makes the note).
        #expect(
            try DealTable.quoteFree(
                bytes: Array(csv.utf8), file: "d.csv", delimiter: UInt8(ascii: ","), map: map, missing: MissingValues())
                == nil)
    }

    @Test func anEmptyHeaderOverDataIsStillAnError() {
        // The last header cell is empty but line 3 has a value under it.
        #expect(throws: CSVError.emptyColumnName(loc(1, 3))) { try read("outcome,x,\nwon,1,\nlost,2,oops\n") }
        // An empty header cell in the middle.
        #expect(throws: CSVError.emptyColumnName(loc(1, 2))) { try read("outcome,,x\nwon,,1\nlost,,2\n") }
        #expect(
            CSVError.emptyColumnName(loc(1, 2)).description.contains(
                "a header cell is empty; every column needs a name"))
    }

    // MARK: - Dates

    @Test func isoDateTimesAsCRMsWriteThem() throws {
        let forms = [
            "2025-04-30", "2025-04-30 21:21", "2025-04-30T21:21:07Z", "2025-04-30T21:21:07.123+02:00",
            "2025-04-30 9:21 PM",
            "2025-04-30 21:21:07 UTC", "2025-04-30T23:59:59-0700",
        ]
        for f in forms {
            let t = try read("outcome,closed_at\nwon,\(f)\nlost,2025-01-01\n")
            // The calendar day as written, whatever the zone.
            #expect(t.closedAt == [day(2025, 4, 30), day(2025, 1, 1)], "\(f)")
            #expect(t.notes.isEmpty)
        }
        for bad in ["2025-04-30 tomorrow", "2025-04-30T25:00", "2025-04-30 21:21 +2", "2025-04-30X"] {
            #expect(throws: DealDataError.invalidDate(loc(2, 2), column: "closed_at", value: bad)) {
                try read("outcome,closed_at\nwon,\(bad)\nlost,\n")
            }
        }
    }

    @Test func monthFirstIsDetectedFromASecondNumberOver12() throws {
        let t = try read("outcome,closed_at\nwon,4/5/2025\nlost,4/30/2025\nwon,12/1/2024 3:15 PM\n")
        // Line 3's 30 cannot be a month: every date is M/D, so 4/5 is 5 April.
        #expect(t.closedAt == [day(2025, 4, 5), day(2025, 4, 30), day(2024, 12, 1)])
        #expect(
            t.notes == [
                #"column "closed_at": dates read as M/D/YYYY (line 3 has "4/30/2025", which reads no other way)"#
            ])
    }

    @Test func dayFirstIsDetectedFromAFirstNumberOver12() throws {
        let t = try read("outcome,scored_at\nwon,4/5/2025\nlost,13/4/2025\n")
        #expect(t.scoredAt == [day(2025, 5, 4), day(2025, 4, 13)])
        #expect(t.notes.first?.contains("D/M/YYYY") == true)
    }

    @Test func dotsAreDayFirstAndTwoDigitYearsPivotAt70() throws {
        let t = try read("outcome,closed_at,visit_at\nwon,30.04.2025,1.2.69\nlost,1.2.25,1.2.70\n")
        #expect(t.closedAt == [day(2025, 4, 30), day(2025, 2, 1)])
        #expect(t.columns["visit_at"] == .date([day(2069, 2, 1), day(1970, 2, 1)]))
    }

    @Test func anAmbiguousColumnNamesBothReadingsAndDateFormatResolvesIt() throws {
        let csv = "outcome,closed_at\nwon,4/5/2025\nlost,3/3/2025\nwon,1/12/2025\n"
        // 4/5/2025: day 4 of May (D/M) or day 5 of April (M/D).
        let expected = DealDataError.ambiguousDate(
            loc(2, 2), column: "closed_at", value: "4/5/2025", dayFirst: day(2025, 5, 4), monthFirst: day(2025, 4, 5))
        #expect(throws: expected) { try read(csv) }
        #expect(throws: expected) { try DealTable.readGenerally(bytes: Array(csv.utf8), file: "d.csv") }
        #expect(
            expected.description
                == #"d.csv:2:2: "4/5/2025" in column "closed_at" could be 4 May 2025 (D/M/YYYY) or 5 April 2025 (M/D/YYYY), and no date in the column settles which; pass --date-format D/M/YYYY or M/D/YYYY"#
        )
        #expect(
            try read(csv, formats: ValueFormats(dates: .dayFirst)).closedAt == [
                day(2025, 5, 4), day(2025, 3, 3), day(2025, 12, 1),
            ])
        #expect(
            try read(csv, formats: ValueFormats(dates: .monthFirst)).closedAt == [
                day(2025, 4, 5), day(2025, 3, 3), day(2025, 1, 12),
            ])
        // Dates that read the same both ways are not ambiguous.
        #expect(
            try read("outcome,closed_at\nwon,3/3/2025\nlost,7/7/2024\n").closedAt == [day(2025, 3, 3), day(2024, 7, 7)])
        // A forced form is the only one accepted.
        #expect(throws: DealDataError.invalidDate(loc(3, 2), column: "closed_at", value: "2025-01-01")) {
            try read("outcome,closed_at\nwon,4/5/2025\nlost,2025-01-01\n", formats: ValueFormats(dates: .dayFirst))
        }
        #expect(throws: DealDataError.invalidDate(loc(2, 2), column: "closed_at", value: "4/5/2025")) {
            try read("outcome,closed_at\nwon,4/5/2025\nlost,2025-01-01\n", formats: ValueFormats(dates: .iso))
        }
        #expect(throws: DealDataError.invalidDate(loc(3, 2), column: "closed_at", value: "31/4/2025")) {
            try read("outcome,closed_at\nwon,4/5/2025\nlost,31/4/2025\n", formats: ValueFormats(dates: .dayFirst))
        }
        #expect(
            DateFormat(parsing: "dd/mm/yyyy") == .dayFirst && DateFormat(parsing: "iso") == .iso
                && DateFormat(parsing: "M/D/YYYY") == .monthFirst)
    }

    @Test func aColumnMixingDateFormsNamesTheFirstOffendingCell() {
        #expect(
            throws: DealDataError.mixedDateForms(
                loc(3, 2), column: "closed_at", value: "4/30/2025", form: "M/D/YYYY or D/M/YYYY",
                otherForm: "YYYY-MM-DD", otherLine: 2, otherValue: "2025-04-30")
        ) {
            try read("outcome,closed_at\nwon,2025-04-30\nlost,4/30/2025\n")
        }
        // 13/4 reads only day-first, 4/30 only month-first: the later one is named.
        #expect(
            throws: DealDataError.mixedDateForms(
                loc(4, 2), column: "closed_at", value: "4/30/2025", form: "M/D/YYYY (its second number is over 12)",
                otherForm: "D/M/YYYY", otherLine: 3, otherValue: "13/4/2025")
        ) {
            try read("outcome,closed_at\nwon,1/1/2025\nlost,13/4/2025\nwon,4/30/2025\n")
        }
        #expect(
            throws: DealDataError.mixedDateForms(
                loc(3, 2), column: "closed_at", value: "30.4.2025", form: "D.M.YYYY",
                otherForm: "M/D/YYYY or D/M/YYYY", otherLine: 2, otherValue: "4/30/2025")
        ) {
            try read("outcome,closed_at\nwon,4/30/2025\nlost,30.4.2025\n")
        }
    }

    // MARK: - Numbers

    @Test func moneyAsCRMsWriteIt() throws {
        let csv = """
            outcome,amount,quoted,code_first,code_last,share,owed
            won,"$38,566","$38,566.00","USD 1,200",1200 EUR,45%,"($1,200)"
            lost,$900,"$1,000,000.50",USD 80,"2,500.5 EUR",7.5%,-$5
            won,,"$0.99",N/A,-,,12

            """
        let t = try read(csv)
        #expect(t.columns["amount"] == .number([38_566, 900, nil]))
        #expect(t.columns["quoted"] == .number([38_566, 1_000_000.5, 0.99]))
        #expect(t.columns["code_first"] == .number([1_200, 80, nil]))
        #expect(t.columns["code_last"] == .number([1_200, 2_500.5, nil]))
        // Percentages keep the number as written: 45% is 45.
        #expect(t.columns["share"] == .number([45, 7.5, nil]))
        #expect(t.columns["owed"] == .number([-1_200, -5, 12]))
        #expect(t.notes.contains(#"column "amount": numbers read with currency $, thousands separators"#))
        #expect(t.notes.contains { $0.contains("\"share\"") && $0.contains("45% read as 45") })
    }

    @Test func aDecimalCommaReadsEuropeanAmounts() throws {
        let csv = "outcome,amount,plain\nwon,\"€1.234,50\",\"2,5\"\nlost,\"1.000\",3\nwon,\"1.234.567,89 €\",4\n"
        let t = try read(csv, formats: ValueFormats(decimal: .comma))
        #expect(t.columns["amount"] == .number([1_234.5, 1_000, 1_234_567.89]))
        #expect(t.columns["plain"] == .number([2.5, 3, 4]))
        #expect(
            t.columns["amount"]
                == (try DealTable.readGenerally(
                    bytes: Array(csv.utf8), file: "d.csv", formats: ValueFormats(decimal: .comma))).columns["amount"])
        // Without --decimal , the first cell reads only with a decimal comma: named, with the way out.
        #expect(
            throws: DealDataError.mixedNumberForms(
                loc(2, 2), column: "amount", value: "€1.234,50",
                reason:
                    "reads as a number only with a decimal comma (1.234,50 against 1,234.50), but line 3 has \"1.000\", which reads with a decimal point; a column must write its numbers one way"
            )
        ) {
            try read(csv)
        }
    }

    @Test func aColumnMixingNumberFormsNamesTheCell() {
        #expect(
            throws: DealDataError.mixedNumberForms(
                loc(3, 2), column: "amount", value: "1.234,50",
                reason:
                    "reads as a number only with a decimal comma (1.234,50 against 1,234.50), but line 2 has \"1,234.50\", which reads with a decimal point; a column must write its numbers one way"
            )
        ) {
            try read("outcome,amount\nwon,\"1,234.50\"\nlost,\"1.234,50\"\n")
        }
        let currencies = DealDataError.mixedNumberForms(
            loc(3, 2), column: "amount", value: "EUR 5",
            reason:
                "is written with \"EUR\", but line 2 has \"USD 5\", written with \"USD\"; a column must hold one currency (or percentages only)"
        )
        #expect(throws: currencies) { try read("outcome,amount\nwon,USD 5\nlost,EUR 5\n") }
        #expect(currencies.description.hasPrefix("d.csv:3:2: \"EUR 5\" in column \"amount\" is written with"))
    }

    @Test func textThatOnlyLooksNumericStaysText() throws {
        let t = try read("outcome,size,code,version\nwon,1-10,USD,1.2.3\nlost,\"1,000+\",EUR,2.0\nwon,11-50,GBP,1.0\n")
        #expect(t.columns["size"] == .category(["1-10", "1,000+", "11-50"]))
        #expect(t.columns["code"] == .category(["USD", "EUR", "GBP"]))
        #expect(t.columns["version"] == .category(["1.2.3", "2.0", "1.0"]))
        #expect(t.notes.isEmpty)
    }

    // MARK: - Missing values

    @Test func defaultPlaceholdersAreMissingAndNaExtendsThem() throws {
        let csv =
            "outcome,source,n\nwon,NA,N/A\nlost,Select,-\nwon,--None--,null\nlost,(not set),#N/A\nwon,none,--\nlost,unknown,3\nopen,x,1\n"
        let t = try read(csv)
        // none and unknown are answers, not placeholders.
        #expect(t.columns["source"] == .category([nil, nil, nil, nil, "none", "unknown"]))
        #expect(t.columns["n"] == .number([nil, nil, nil, nil, nil, 3]))
        #expect(t.accounting.read == 7 && t.accounting.used == 6 && t.accounting.skippedTotal == 1)
        let extended = try read(csv, missing: MissingValues(parsing: "unknown"))
        #expect(extended.columns["source"] == .category([nil, nil, nil, nil, "none", nil]))
        let only = try read(csv, missing: MissingValues(parsing: "none", keepingDefaults: false))
        #expect(only.columns["source"] == .category(["NA", "Select", "--None--", "(not set)", nil, "unknown"]))
        #expect(
            try read(csv, missing: .onlyEmptyCells).columns["n"] == .category(["N/A", "-", "null", "#N/A", "--", "3"]))
        #expect(MissingValues().isMissing(" n/a ", column: "x") && !MissingValues().isMissing("none", column: "x"))
    }

    @Test func aDigitTokenStillWorksOnTheFastPaths() throws {
        // pdays:999 style sentinels and a one-digit token: every reader agrees.
        let csv = "outcome,a,b,c,d,e\nwon,1,0,1,0,9\nlost,0,9,0,1,1\nwon,1,1,1,1,9\n"
        let missing = MissingValues(parsing: "9")
        let fast = try #require(
            try DealTable.quoteFree(
                bytes: Array(csv.utf8), file: "d.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: missing)
        )
        let general = try DealTable.readGenerally(bytes: Array(csv.utf8), file: "d.csv", missing: missing)
        #expect(fast.columns["b"] == .number([0, nil, 1]) && general.columns["b"] == .number([0, nil, 1]))
        #expect(fast.columns["e"] == general.columns["e"] && general.columns["e"] == .number([nil, 1, nil]))
    }

    // MARK: - The HubSpot form

    @Test func hubSpotExportWithBOMAndEveryFieldQuotedStaysOnTheFastPath() throws {
        let csv =
            "\u{FEFF}\"Record ID\",\"Deal Stage\",\"Close Date\",\"Amount\"\n\"101\",\"Closed Won\",\"2025-04-30 21:21\",\"1200\"\n\"102\",\"Closed Lost\",\"2025-05-02 08:05\",\"300\"\n\"103\",\"Contract Sent\",\"2025-05-03 10:00\",\"50\"\n"
        let map = try ColumnMap(
            json: #"{"Deal Stage": "outcome", "Record ID": "deal_id", "Close Date": "closed_at"}"#, file: "map.json")
        let fast = try #require(
            try DealTable.quoteFree(
                bytes: Array(csv.utf8), file: "d.csv", delimiter: UInt8(ascii: ","), map: map, missing: MissingValues())
        )
        #expect(fast.closedAt == [day(2025, 4, 30), day(2025, 5, 2)])
        #expect(fast.dealIDs == ["101", "102"])
        #expect(fast.accounting.skipped[.notClosed] == 1)
        #expect(fast.columns["Amount"] == .number([1200, 300]))
    }
}
