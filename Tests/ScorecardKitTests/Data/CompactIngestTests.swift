import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The fast paths for large histories must give exactly what the general ones give: the
/// quote-free reader (one pass per core, straight to byte codes) against the general RFC 4180
/// reader, the bit-packed rows against the values they pack, and table-driven rule encoding
/// against the rule's meaning computed here by hand.
@Suite struct CompactIngestTests {
    /// A history of `rows` deals with every kind of column and cell the readers distinguish:
    /// flags, small counts, a count that passes 254 only near the end, fractions, true/false,
    /// text, a column mixing true/false with numbers, dates, missing cells, `n/a` tokens, open
    /// and empty outcomes, outcome spellings, CRLF line ends and blank lines.
    static func history(rows: Int) -> String {
        var rng = SplitMix64(seed: 7)
        var text = "deal_id,closed_at,outcome,flag,count,late_big,fraction,answer,segment,mixed,maybe\n"
        let outcomes = [
            "won", "lost", "Lost", " won ", "closed won", "Closed-Lost", "open", "", "negotiation", "1", "0",
        ]
        for i in 0..<rows {
            let id = "D\(i)"
            let day = 1 + rng.nextInt(below: 28)
            let date = rng.nextUnit() < 0.05 ? "" : "2024-0\(1 + rng.nextInt(below: 9))-\(day < 10 ? "0" : "")\(day)"
            let outcome = outcomes[rng.nextInt(below: outcomes.count)]
            let flag = rng.nextUnit() < 0.1 ? "" : String(rng.nextInt(below: 2))
            let count = String(rng.nextInt(below: 30))
            let lateBig = i == rows - 3 ? "999" : String(rng.nextInt(below: 5))
            let fraction = rng.nextUnit() < 0.5 ? "0.5" : "2"
            let answer = ["true", "False", "YES", "no", ""][rng.nextInt(below: 5)]
            let segment = ["smb", "Mid-Market", "enterprise", ""][rng.nextInt(below: 4)]
            let mixed = rng.nextUnit() < 0.5 ? "true" : "3"
            let maybe = rng.nextUnit() < 0.2 ? "n/a" : String(rng.nextInt(below: 3))
            let end = i % 7 == 3 ? "\r\n" : "\n"
            text +=
                "\(id),\(date),\(outcome),\(flag),\(count),\(lateBig),\(fraction),\(answer),\(segment),\(mixed),\(maybe)"
                + end
            if i % 1000 == 999 { text += "\n" }
        }
        return text
    }

    /// The history with every field in quotes (the header too), line ends kept.
    static func quoteEveryField(_ text: String) -> String {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { raw -> String in
            var line = String(decoding: raw, as: UTF8.self)
            let cr = line.hasSuffix("\r")
            if cr { line.removeLast() }
            if line.isEmpty { return cr ? "\r" : "" }
            return line.split(separator: ",", omittingEmptySubsequences: false).map { "\"\($0)\"" }.joined(
                separator: ",") + (cr ? "\r" : "")
        }.joined(separator: "\n")
    }

    /// Compares every part of two tables.
    static func expectSame(_ a: DealTable, _ b: DealTable, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(a.won == b.won, sourceLocation: sourceLocation)
        #expect(a.dealIDs == b.dealIDs, sourceLocation: sourceLocation)
        #expect(a.closedAt == b.closedAt, sourceLocation: sourceLocation)
        #expect(a.scoredAt == b.scoredAt, sourceLocation: sourceLocation)
        #expect(a.columnOrder == b.columnOrder, sourceLocation: sourceLocation)
        for name in a.columnOrder {
            #expect(a.columns[name] == b.columns[name], "column \(name)", sourceLocation: sourceLocation)
        }
        #expect(a.lines == b.lines, sourceLocation: sourceLocation)
        #expect(a.accounting == b.accounting, sourceLocation: sourceLocation)
        #expect(a.columnPositions == b.columnPositions, sourceLocation: sourceLocation)
        #expect(a.headerLine == b.headerLine, sourceLocation: sourceLocation)
        #expect(a.notes == b.notes, sourceLocation: sourceLocation)
    }

    /// A history in the forms CRM exports write: M/D/YYYY and D.M.YYYY dates, ISO date-times,
    /// money with currency marks and grouped thousands (quoted where it holds a comma), percent
    /// signs, and the default placeholders (`Select`, `--None--`, `N/A`, `-`).
    static func crmHistory(rows: Int) -> String {
        var rng = SplitMix64(seed: 11)
        var text = "deal_id,closed_at,scored_at,outcome,amount,share,source,visits,seen_at\n"
        let outcomes = ["Closed Won", "Closed Lost", "won", "lost", "Negotiation/Review", ""]
        for i in 0..<rows {
            let (m, d) = (1 + rng.nextInt(below: 12), 1 + rng.nextInt(below: 28))
            let closed = rng.nextUnit() < 0.03 ? "" : "\(m)/\(d)/20\(23 + rng.nextInt(below: 3))"
            let scored =
                "2024-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d) \(rng.nextInt(below: 24)):\(10 + rng.nextInt(below: 50))"
            let amount = ["\"$12,345\"", "$900", "N/A", "\"$1,000,000.50\""][rng.nextInt(below: 4)]
            let share = rng.nextUnit() < 0.2 ? "" : "\(rng.nextInt(below: 100))%"
            let source = ["Web", "Select", "--None--", "Partner Referral", "-"][rng.nextInt(below: 5)]
            let visits = rng.nextUnit() < 0.1 ? "-" : String(rng.nextInt(below: 6))
            let seen = rng.nextUnit() < 0.1 ? "null" : "\(d).\(m).\(rng.nextInt(below: 2) == 0 ? "24" : "2025")"
            text +=
                "D\(i),\(closed),\(scored),\(outcomes[rng.nextInt(below: outcomes.count)]),\(amount),\(share),\(source),\(visits),\(seen)"
            text += i % 5 == 0 ? "\r\n" : "\n"
        }
        return text
    }

    /// A text column's values as the fast path reads them, against the general reader: values that
    /// are prefixes of one another (`Firma 1`, `Firma 16`), the same value with spaces around it,
    /// placeholders read as missing, values longer than the 32 bytes a remembered value holds,
    /// and more distinct values (40) than the 16 the reader remembers.
    @Test func textValuesReadTheSameWhateverTheReaderRemembers() throws {
        var rng = SplitMix64(seed: 4)
        let values =
            [
                "Firma 1", "Firma 16", "Firma 1 GmbH", " Firma 1 ", "N/A", "", "-",
                String(repeating: "long name ", count: 5),
            ]
            + (0..<32).map { "account \($0)" }
        var text = "deal_id,outcome,account\n"
        for i in 0..<2_000 {
            let value = values[i < values.count ? i : rng.nextInt(below: values.count)]
            text += "D\(i),\(rng.nextInt(below: 2) == 0 ? "won" : "lost"),\(value)\n"
        }
        let bytes = Array(text.utf8)
        let general = try DealTable.readGenerally(bytes: bytes, file: "d.csv")
        let fast = try #require(
            try DealTable.quoteFree(
                bytes: bytes, file: "d.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: MissingValues()))
        Self.expectSame(fast, general)
        if case .category(let read)? = fast.columns["account"] {
            // Written out: the trimmed text, placeholders and empty cells missing.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = (0..<2_000).map { i -> String? in
                let line = lines[i + 1]
                let cell = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)[2]
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                return ["", "N/A", "-"].contains(trimmed) ? nil : trimmed
            }
            #expect(read == want)
        } else {
            Issue.record("account is not a text column")
        }
    }

    /// 45,000 rows: in one block, the text cells are copied in two shares (one per core on a
    /// two-core machine) and joined; streamed, a share per small block.
    @Test func crmFormsReadTheSameOnTheFastAndGeneralPaths() throws {
        let rows = 45_000
        let text = Self.crmHistory(rows: rows)
        let bytes = Array(text.utf8)
        #expect(bytes.count > 2 << 20)
        let general = try DealTable.readGenerally(bytes: bytes, file: "d.csv")
        let fast = try #require(
            try DealTable.quoteFree(
                bytes: bytes, file: "d.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: MissingValues()))
        Self.expectSame(fast, general)
        // Streamed a small block at a time, as the commands read a file.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crm-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = try #require(
            try DealTable.quoteFree(
                path: path, delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: MissingValues(), blockSize: 1 << 16
            ))
        Self.expectSame(streamed, general)
        // What the columns are, checked against the generator: dates read month-first (a day over
        // 12 occurs), money and percentages as numbers, placeholders missing.
        #expect(general.notes.contains { $0.hasPrefix("column \"closed_at\": dates read as M/D/YYYY") })
        #expect(general.notes.contains("column \"seen_at\": dates read as D.M.YYYY"))
        if case .number(let amounts)? = general.columns["amount"] {
            #expect(Set(amounts.compactMap { $0 }).isSubset(of: [12_345, 900, 1_000_000.5]))
        } else {
            Issue.record("amount is not a number column")
        }
        if case .category(let sources)? = general.columns["source"] {
            #expect(Set(sources.compactMap { $0 }) == ["Web", "Partner Referral"])
        } else {
            Issue.record("source is not a category column")
        }
        #expect(
            general.accounting.read == rows
                && general.accounting.read == general.accounting.used + general.accounting.skippedTotal)
        // A forced date form goes through the general typing on both paths, with the same result.
        let ambiguous =
            "outcome,closed_at,x\n"
            + (0..<5_000).map { "\($0 % 2 == 0 ? "won" : "lost"),\(1 + $0 % 12)/\(1 + $0 % 7)/2025,\($0 % 3)" }.joined(
                separator: "\n") + "\n"
        let forced = ValueFormats(dates: .dayFirst)
        let forcedFast = try #require(
            try DealTable.quoteFree(
                bytes: Array(ambiguous.utf8), file: "d.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(),
                missing: MissingValues(), formats: forced))
        Self.expectSame(
            forcedFast, try DealTable.readGenerally(bytes: Array(ambiguous.utf8), file: "d.csv", formats: forced))
        #expect(forcedFast.closedAt?[1] == CalendarDate(year: 2025, month: 2, day: 2))
        #expect(throws: DealDataError.self) { try DealTable(csv: ambiguous, file: "d.csv") }
    }

    @Test func quoteFreeReaderMatchesTheGeneralReaderAcrossParts() throws {
        // Over 1 MiB a core, so the file is split into parts on this machine's cores.
        let rows = 60_000
        let plain = Array(Self.history(rows: rows).utf8)
        #expect(plain.count > 2 << 20)
        let missing = MissingValues(parsing: "n/a")
        let fast = try #require(
            try DealTable.quoteFree(
                bytes: plain, file: "d.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: missing))
        let general = try DealTable.readGenerally(bytes: plain, file: "d.csv", missing: missing)
        Self.expectSame(fast, general)
        // Every field quoted, as many CRM exports write it: still the fast path, the same table.
        let quoted = Array(Self.quoteEveryField(Self.history(rows: rows)).utf8)
        let fastQuoted = try #require(
            try DealTable.quoteFree(
                bytes: quoted, file: "d.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: missing))
        Self.expectSame(fastQuoted, general)
        // A doubled quote inside a field is the general reader's.
        var escaped = Self.quoteEveryField(Self.history(rows: 3_000))
        escaped.replace("\"smb\"", with: "\"s\"\"mb\"", maxReplacements: 1)
        #expect(
            try DealTable.quoteFree(
                bytes: Array(escaped.utf8), file: "d.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(),
                missing: missing) == nil)
        // And the types are the ones the columns call for.
        #expect(fast.columns["flag"].map { if case .number(let v) = $0 { v.codes != nil } else { false } } == true)
        #expect(fast.columns["late_big"].map { if case .number(let v) = $0 { v.codes == nil } else { false } } == true)
        #expect(fast.columns["answer"].map { if case .boolean = $0 { true } else { false } } == true)
        #expect(fast.columns["mixed"].map { if case .category = $0 { true } else { false } } == true)
        #expect(fast.columns["maybe"] == general.columns["maybe"])
        #expect(fast.accounting.read == rows)
        #expect(fast.accounting.read == fast.accounting.used + fast.accounting.skippedTotal)
    }

    @Test func problemsDeepInALargeFileAreNamedAtTheirLine() throws {
        let rows = 40_000
        // Split on the byte, so a CRLF line keeps its CR (a Swift Character would swallow it).
        var lines = Self.history(rows: rows).utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        // Line numbers are 1-based; the blank lines of the history count.
        let badDateLine = 30_123
        let raggedLine = 35_001
        #expect(!lines[badDateLine - 1].isEmpty && !lines[raggedLine - 1].isEmpty)
        for k in [badDateLine, raggedLine] where lines[k - 1].hasSuffix("\r") { lines[k - 1].removeLast() }
        var fields = lines[badDateLine - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[1] = "2024-13-45"
        lines[badDateLine - 1] = fields.joined(separator: ",")
        let withBadDate = lines.joined(separator: "\n")
        #expect(
            throws: DealDataError.invalidDate(
                SourceLocation(file: "d.csv", line: badDateLine, column: 2), column: "closed_at", value: "2024-13-45")
        ) {
            try DealTable(csv: withBadDate, file: "d.csv")
        }
        lines[raggedLine - 1] += ",extra"
        #expect(
            throws: CSVError.raggedRow(
                SourceLocation(file: "d.csv", line: raggedLine, column: 12), fields: 12, expected: 11)
        ) {
            try DealTable(csv: lines.joined(separator: "\n"), file: "d.csv")
        }
    }

    @Test func repeatedDealIDIsNamedWithBothLines() throws {
        var text = Self.history(rows: 50_000)
        text += "D17,2024-01-02,won,1,1,1,2,true,smb,3,1\n"
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        let firstLine = try #require(lines.firstIndex { $0.hasPrefix("D17,") }) + 1
        #expect(
            throws: DealDataError.duplicateDealID(
                SourceLocation(file: "d.csv", line: lines.count - 1, column: 1), value: "D17", firstLine: firstLine)
        ) {
            try DealTable(csv: text, file: "d.csv")
        }
    }

    /// Ids that rise through the file (as in an export sorted by id) are known distinct without a
    /// hash table; an id equal to the one before it must still be caught, inside a part, where
    /// one streamed block ends and the next begins, and with unpadded numbers (shortlex order).
    @Test func risingIDsStillCatchARepeat() throws {
        func file(_ ids: [String]) -> String {
            "deal_id,outcome,flag\n"
                + ids.enumerated().map { "\($1),\($0 % 3 == 0 ? "won" : "lost"),\($0 % 2)\n" }.joined()
        }
        let padded = (1...3000).map { "D" + String(repeating: "0", count: 6 - String($0).count) + String($0) }
        let plain = (1...3000).map(String.init)  // 9 before 10: shortlex, not byte order
        for ids in [padded, plain] {
            #expect(try DealTable(csv: file(ids), file: "d.csv").dealIDs == ids)
            for at in [1, 1500, 2999] {
                var repeated = ids
                repeated.insert(ids[at - 1], at: at)  // the same id on two lines in a row
                let text = file(repeated)
                #expect(
                    throws: DealDataError.duplicateDealID(
                        SourceLocation(file: "d.csv", line: at + 2, column: 1), value: ids[at - 1], firstLine: at + 1)
                ) {
                    try DealTable(csv: text, file: "d.csv")
                }
                let path = NSTemporaryDirectory() + "rising-ids-\(at).csv"
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(atPath: path) }
                for blockSize in [64, 1000, 1 << 16] {
                    #expect(
                        try DealTable.quoteFree(
                            path: path, delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: MissingValues(),
                            blockSize: blockSize) == nil,
                        "the fast reader leaves a repeated id to the general reader, which names both lines")
                }
            }
        }
        #expect(
            QuoteFreeScan.shortlexPrecedes("9".utf8, "10".utf8)
                && QuoteFreeScan.shortlexPrecedes("D01".utf8, "D02".utf8))
        #expect(
            !QuoteFreeScan.shortlexPrecedes("10".utf8, "9".utf8)
                && !QuoteFreeScan.shortlexPrecedes("D02".utf8, "D02".utf8))
    }

    /// A byte-coded column through its rule's table: bits exactly where `table[code]` is 1, by
    /// whichever path the table takes (one code meaning 1, eight at a time; several; a table that
    /// is binary only on the codes present), and values when it is not binary.
    @Test func codedColumnsEncodeAsTheirTableSays() {
        var rng = SplitMix64(seed: 5)
        for trial in 0..<24 {
            let n = [0, 1, 63, 64, 65, 200, 1000][trial % 7] + trial
            let alphabet: [UInt8] = [0, 1, 2, 7, 254, 255]
            let codes = (0..<n).map { _ in alphabet[rng.nextInt(below: trial % 2 == 0 ? 2 : alphabet.count)] }
            var table = [Double](repeating: 0, count: 256)
            switch trial % 4 {
            case 0: table[1] = 1  // a flag
            case 1:
                table[1] = 1
                table[7] = 1
                table[254] = 1  // "at least 1", say
            case 2:
                table[1] = 1
                table[100] = 3  // binary on the codes present only
            default:
                table[2] = 0.5
                table[7] = 2  // not binary
            }
            let column = EncodedColumn(codes: .bytes(codes), table: table)
            let expected = codes.map { table[Int($0)] }
            let binary = expected.allSatisfy { $0 == 0 || $0 == 1 }
            #expect(column.isBits == binary, "trial \(trial)")
            if binary {
                #expect(column.bitWords.count == (n + 63) / 64)
                let bits = (0..<n).map { column.bitWords[$0 >> 6] >> UInt64($0 & 63) & 1 == 1 ? 1.0 : 0.0 }
                #expect(bits == expected, "trial \(trial)")
                for w in column.bitWords.indices where n % 64 != 0 && w == column.bitWords.count - 1 {
                    #expect(column.bitWords[w] >> UInt64(n % 64) == 0, "no bits past the last row")
                }
            } else {
                #expect(column.values == expected)
            }
        }
    }

    @Test func encodedRowsHoldTheValuesTheyPack() {
        var rng = SplitMix64(seed: 11)
        let p = 70
        let n = 300  // more than 64 indicator columns: two words a row
        let binary = (0..<p).map { $0 % 9 != 4 }
        var values: [Double] = []
        for _ in 0..<n {
            for j in 0..<p {
                values.append(binary[j] ? Double(rng.nextInt(below: 2)) : Double(rng.nextInt(below: 5)) - 1.5)
            }
        }
        let rows = EncodedRows(rowMajor: values, columnCount: p)
        #expect(rows.bitColumns == (0..<p).filter { binary[$0] })
        #expect(rows.denseColumns == (0..<p).filter { !binary[$0] })
        #expect(rows.rowMajorValues == values)
        for i in [0, 17, n - 1] { for j in 0..<p { #expect(rows[i, j] == values[i * p + j]) } }
        let picked = [5, 0, 5, n - 1]
        let pickedValues: [Double] = picked.flatMap { values[($0 * p)..<(($0 + 1) * p)] }
        #expect(rows.selecting(picked).rowMajorValues == pickedValues)
        // Compression keeps one row per distinct pattern and every deal's weight.
        let ids: [String] = (0..<p).map { "r\($0)" }
        let designRows: [[Double]] = (picked + picked).map { rows.row($0) }
        let outcomes: [Bool] = [true, false, true, true, false, false, true, false]
        let design = DesignMatrix(ruleIDs: ids, rows: designRows, won: outcomes)
        let patterns = PatternTable(design)
        #expect(patterns.count == 3)
        // Row 5 comes at positions 0, 2, 4, 6 (won, won, lost, won), row 0 at 1, 5 (lost, lost),
        // row n − 1 at 3, 7 (won, lost).
        #expect(patterns.wonWeights == [3, 0, 1])
        #expect(patterns.lostWeights == [1, 2, 1])
        let distinct: [Double] = [5, 0, n - 1].flatMap { values[($0 * p)..<(($0 + 1) * p)] }
        #expect(patterns.rows.rowMajorValues == distinct)
    }

    @Test func rulesOnByteCodedColumnsMeanWhatTheySay() throws {
        var rng = SplitMix64(seed: 5)
        let raw: [Double?] = (0..<500).map { _ in rng.nextUnit() < 0.1 ? nil : Double(rng.nextInt(below: 6)) }
        let csv =
            "outcome,opens\n"
            + raw.enumerated().map {
                "\($0.offset % 2 == 0 ? "won" : "lost"),\($0.element.map { String(Int($0)) } ?? "")"
            }.joined(separator: "\n")
        let deals = try DealTable(csv: csv, file: "d.csv")
        guard case .number(let opens)? = deals.columns["opens"] else {
            Issue.record("opens is not a number column")
            return
        }
        #expect(opens.codes != nil)
        let card = try Scorecard(
            json: """
                {"schema": "scorecard/v1", "threshold": 10, "rules": [
                  {"id": "eq", "signal": "opens", "when": {"equals": 1}, "points": 5},
                  {"id": "ge", "signal": "opens", "when": {"atLeast": 2}, "points": 5},
                  {"id": "bt", "signal": "opens", "when": {"between": [1, 3]}, "points": 5},
                  {"id": "in", "signal": "opens", "when": {"in": [0, 4]}, "points": 5},
                  {"id": "na", "signal": "opens", "when": {"present": false}, "points": 5},
                  {"id": "each", "signal": "opens", "each": 2, "points": 3, "cap": 6}
                ]}
                """, file: "c.json")
        let design = try DesignMatrix(card: card, deals: deals)
        for (i, x) in raw.enumerated() {
            let expected: [Double] = [
                x == 1 ? 1 : 0,
                (x ?? -1) >= 2 ? 1 : 0,
                x.map { $0 >= 1 && $0 <= 3 } == true ? 1 : 0,
                x == 0 || x == 4 ? 1 : 0,
                x == nil ? 1 : 0,
                min((x ?? 0) / 2, 6.0 / 3),  // units of 2 opens, capped at cap / points = 2 units
            ]
            #expect(design.rows.row(i) == expected, "row \(i), opens \(String(describing: x))")
        }
        #expect(design.rows.bitColumns == [0, 1, 2, 3, 4])
        #expect(design.rows.denseColumns == [5])
    }

    /// Tests on a text column, over enough deals (150,000) that their answers are found on more
    /// than one core: each rule's bits against its meaning worked out here from the raw values
    /// (matched without case or surrounding space, missing cells never matching).
    @Test func rulesOnTextColumnsMeanWhatTheySay() throws {
        var rng = SplitMix64(seed: 9)
        let values = ["software", "Software", " retail ", "manufacturing", "", "Intern", "education"]
        let raw = (0..<150_000).map { _ in values[rng.nextInt(below: values.count)] }
        let csv =
            "outcome,industry\n"
            + raw.enumerated().map { "\($0.offset % 3 == 0 ? "won" : "lost"),\($0.element)" }.joined(separator: "\n")
        let deals = try DealTable(csv: csv, file: "d.csv")
        let card = try Scorecard(
            json: """
                {"schema": "scorecard/v1", "threshold": 10, "rules": [
                  {"id": "eq", "signal": "industry", "when": {"equals": "software"}, "points": 5},
                  {"id": "in", "signal": "industry", "when": {"in": ["RETAIL", "manufacturing"]}, "points": 5},
                  {"id": "na", "signal": "industry", "when": {"present": false}, "points": 5},
                  {"id": "intern", "signal": "industry", "when": {"equals": "intern"}, "points": -5}
                ]}
                """, file: "c.json")
        let design = try DesignMatrix(card: card, deals: deals)
        #expect(design.rows.bitColumns == [0, 1, 2, 3])
        for (i, x) in raw.enumerated() {
            let v = x.trimmingCharacters(in: .whitespaces).lowercased()
            let expected: [Double] = [
                v == "software" ? 1 : 0, v == "retail" || v == "manufacturing" ? 1 : 0, v.isEmpty ? 1 : 0,
                v == "intern" ? 1 : 0,
            ]
            if design.rows.row(i) != expected {
                Issue.record("row \(i), industry \(quoted(x)): \(design.rows.row(i)), expected \(expected)")
                break
            }
        }
    }

    @Test func fileBytesReadsTheWholeFileOrSaysWhy() throws {
        let path = NSTemporaryDirectory() + "scorecard_filebytes_\(getpid()).csv"
        let text = Self.history(rows: 20_000)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FileBytes.read(path) == Array(text.utf8))
        #expect(throws: FileBytes.ReadError(path: path + ".missing", reason: "No such file or directory")) {
            try FileBytes.read(path + ".missing")
        }
    }

    @Test func warmStartedLargeFitIsTheSameFitInFewerPasses() throws {
        // Over LogisticRegression.warmStartPatterns distinct patterns: 24 random indicators.
        var rng = SplitMix64(seed: 3)
        let n = 210_000
        let p = 24
        let beta = (0..<p).map { _ in 0.6 * rng.nextNormal() }
        var values = [Double](repeating: 0, count: n * p)
        var won = [Double](repeating: 0, count: n)
        var lost = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var eta = -0.8
            for j in 0..<p where rng.nextUnit() < 0.3 {
                values[i * p + j] = 1
                eta += beta[j]
            }
            if rng.nextUnit() < 1 / (1 + _exp(-eta)) { won[i] = 1 } else { lost[i] = 1 }
        }
        let patterns = PatternTable(
            ruleIDs: (0..<p).map { "s\($0)" }, values: values, wonWeights: won, lostWeights: lost)
        #expect(patterns.count >= LogisticRegression.warmStartPatterns)
        let warm = try LogisticRegression().fit(patterns)
        var plain = LogisticRegression()
        plain.warmStarts = false
        let cold = try plain.fit(patterns)
        #expect(warm.converged && cold.converged)
        #expect(warm.iterations < cold.iterations)
        for (a, b) in zip(
            [warm.intercept.coefficient] + warm.coefficients, [cold.intercept.coefficient] + cold.coefficients)
        {
            #expect(abs(a - b) <= 1e-8 * max(1, abs(b)))
        }
        #expect(abs(warm.logLikelihood - cold.logLikelihood) <= 1e-9 * abs(cold.logLikelihood))
    }

    @Test func compressionKeepsFirstAppearanceOrderAndWeights() {
        // A large history, with many repeated rows and many distinct ones.
        var rng = SplitMix64(seed: 9)
        let n = 220_000
        let p = 20
        let rows: [[Double]] = (0..<n).map { _ in (0..<p).map { _ in rng.nextUnit() < 0.15 ? 1 : 0 } }
        let won = (0..<n).map { _ in rng.nextUnit() < 0.4 }
        let patterns = PatternTable(DesignMatrix(ruleIDs: (0..<p).map { "s\($0)" }, rows: rows, won: won))
        // The same grouping done plainly: a dictionary keyed by the row, in order of first sight.
        var index: [[Double]: Int] = [:]
        var order: [[Double]] = []
        var wonCount: [Double] = []
        var lostCount: [Double] = []
        for (row, w) in zip(rows, won) {
            let k =
                index[row]
                ?? {
                    index[row] = order.count
                    order.append(row)
                    wonCount.append(0)
                    lostCount.append(0)
                    return order.count - 1
                }()
            if w { wonCount[k] += 1 } else { lostCount[k] += 1 }
        }
        #expect(patterns.count == order.count)
        #expect(patterns.count > 10_000 && patterns.count < n)
        #expect(patterns.wonWeights == wonCount)
        #expect(patterns.lostWeights == lostCount)
        #expect(patterns.rows.rowMajorValues == order.flatMap { $0 })
    }

    @Test func streamingAFileBlockByBlockGivesTheSameTable() throws {
        let path = NSTemporaryDirectory() + "scorecard_stream_\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = Self.history(rows: 60_000)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        let missing = MissingValues(parsing: "n/a")
        let whole = try DealTable(bytes: Array(text.utf8), file: path, missing: missing)
        // Small blocks (one part each) and blocks of two parts; the text, fraction and mixed
        // columns come from the second pass over the file.
        for blockSize in [64 << 10, 5 << 19] {
            let streamed = try #require(
                try DealTable.quoteFree(
                    path: path, delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: missing, blockSize: blockSize))
            Self.expectSame(streamed, whole)
        }
        Self.expectSame(try DealTable(contentsOfFile: path, missing: missing), whole)
        // A problem in the file goes to the general reader, which names it.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        let bad = 45_678
        if lines[bad - 1].hasSuffix("\r") { lines[bad - 1].removeLast() }
        lines[bad - 1] += ",extra"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(lines.joined(separator: "\n").utf8)))
        #expect(throws: CSVError.raggedRow(SourceLocation(file: path, line: bad, column: 12), fields: 12, expected: 11))
        {
            try DealTable(contentsOfFile: path)
        }
        #expect(throws: FileBytes.ReadError(path: path + ".missing", reason: "No such file or directory")) {
            try DealTable(contentsOfFile: path + ".missing")
        }
    }

    /// Whether two tables are the same in every part.
    static func same(_ a: DealTable, _ b: DealTable) -> Bool {
        a.won == b.won && a.dealIDs == b.dealIDs && a.closedAt == b.closedAt && a.scoredAt == b.scoredAt
            && a.columnOrder == b.columnOrder
            && a.columnOrder.allSatisfy { a.columns[$0] == b.columns[$0] } && a.lines == b.lines
            && a.accounting == b.accounting
            && a.columnPositions == b.columnPositions && a.headerLine == b.headerLine
    }

    @Test func fastPathsAgreeWithTheGeneralReaderOnMutatedInputs() throws {
        // A seed whose quoted fields hold no quote or line break (so the fast paths apply until a
        // mutation breaks that).
        let seed = Array(
            """
            deal_id,outcome,closed_at,scored_at,industry,is_dm,visits,visits_at,opens,score,flag
            D1,won,2025-01-10,2024-12-20,"software",true,3,2024-12-01,5,81,1
            "D2",lost,2025-02-11,2025-01-15,"retail, online",false,0,,2,40,"0"
            D3,open,,2025-03-01,software,true,1,2025-02-20,7,75,n/a

            D4,Closed Won,2025-03-12,2025-02-28,manufacturing,false,2,2025-02-01,0,66.5,1
            D5,lost,2025-04-02,2025-03-10,education,yes,0,,9,90,0

            """.utf8)
        let path = NSTemporaryDirectory() + "scorecard_fuzz_stream_\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let missing = MissingValues(parsing: "n/a")
        var rng = SplitMix64(seed: 77)
        var compared = (memory: 0, streamed: 0)
        func label(_ r: Result<DealTable, Error>) -> String {
            switch r {
            case .success: "ok"
            case .failure(let e): "\(e)"
            }
        }
        for k in 0..<1_500 {
            let input = k == 0 ? seed : FuzzCorpus.mutate(seed, &rng, allowWide: k % 10 == 0)
            let general = Result { try DealTable.readGenerally(bytes: input, file: path, missing: missing) }
            // In memory: a table must be the general reader's table; an error, its error.
            let inMemory = Result {
                try DealTable.quoteFree(
                    bytes: input, file: path, delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: missing)
            }
            switch (inMemory, general) {
            case (.success(let fast?), .success(let table)):
                #expect(Self.same(fast, table), "input \(k)")
                compared.memory += 1
            case (.success(_?), .failure), (.failure, .success):
                Issue.record("input \(k): fast \(inMemory), general \(label(general))")
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "input \(k)")
            case (.success(nil), _): break
            }
            // Streamed in blocks of a few dozen bytes, so block ends fall everywhere.
            #expect(FileManager.default.createFile(atPath: path, contents: Data(input)))
            let streamed = Result {
                try DealTable.quoteFree(
                    path: path, delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: missing, blockSize: 8 + k % 57)
            }
            switch (streamed, general) {
            case (.success(let fast?), .success(let table)):
                #expect(Self.same(fast, table), "input \(k) streamed")
                compared.streamed += 1
            case (.success(_?), .failure), (.failure, .success):
                Issue.record("input \(k) streamed: fast \(streamed), general \(label(general))")
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "input \(k) streamed")
            case (.success(nil), _): break
            }
        }
        // Most mutations break the file (then both must give the general reader's error); the
        // ones that keep it valid and quote-free went through the fast paths and were compared.
        print("fast paths compared:", compared)
        #expect(compared.memory >= 50 && compared.streamed >= 50, "\(compared)")
    }
}
