import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// RFC 4180 reading and the reader's strict errors. Every expected value below is read off the
/// input text by hand (lines and field numbers are 1-based).
@Suite struct CSVReaderTests {
    let reader = CSVReader()

    func read(_ text: String, delimiter: Character = ",") throws -> CSVTable {
        try CSVReader(delimiter: delimiter).read(text, file: "t.csv")
    }

    /// The error a read throws (fails the test when nothing is thrown or the error is not a CSVError).
    func csvError(_ text: String, delimiter: Character = ",", sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> CSVError?
    {
        csvError(bytes: Array(text.utf8), delimiter: delimiter, sourceLocation: sourceLocation)
    }

    func csvError(bytes: [UInt8], delimiter: Character = ",", sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> CSVError?
    {
        do {
            let t = try CSVReader(delimiter: delimiter).read(bytes: bytes, file: "t.csv")
            Issue.record("expected a CSVError, got a table with rows \(t.rows)", sourceLocation: sourceLocation)
            return nil
        } catch let e as CSVError {
            return e
        } catch {
            Issue.record("expected a CSVError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    func loc(_ line: Int, _ column: Int) -> ScorecardKit.SourceLocation {
        ScorecardKit.SourceLocation(file: "t.csv", line: line, column: column)
    }

    // MARK: - Reading

    @Test func plainRowsWithTrailingNewline() throws {
        let t = try read("a,b\n1,2\n3,4\n")
        #expect(t.file == "t.csv")
        #expect(t.header == ["a", "b"])
        #expect(t.rows == [["1", "2"], ["3", "4"]])
        #expect(t.rowLines == [2, 3])
        #expect(t.blankLines == 0)
    }

    @Test func noTrailingNewline() throws {
        let t = try read("a,b\n1,2\n3,4")
        #expect(t.rows == [["1", "2"], ["3", "4"]])
        #expect(t.rowLines == [2, 3])
    }

    @Test func quotedFieldsWithCommasAndDoubledQuotes() throws {
        let t = try read("name,note\n\"Acme, Inc.\",\"said \"\"hi\"\"\"\n\"\",plain\n")
        #expect(t.rows == [["Acme, Inc.", "said \"hi\""], ["", "plain"]])
        #expect(t.rowLines == [2, 3])
    }

    @Test func embeddedNewlinesKeepRowLineAtTheRowsFirstLine() throws {
        // Line 1: header; row 1 starts on line 2 and its quoted field spans lines 2–4;
        // row 2 is on line 5; row 3 starts on line 6 and spans 6–7.
        let text = "id,note\n1,\"first\nsecond\nthird\"\n2,x\n3,\"a\r\nb\"\n"
        let t = try read(text)
        #expect(t.rows == [["1", "first\nsecond\nthird"], ["2", "x"], ["3", "a\r\nb"]])
        #expect(t.rowLines == [2, 5, 6])
    }

    @Test func crlfLfAndMixedLineEnds() throws {
        let expected = [["1", "2"], ["3", "4"], ["5", "6"]]
        for text in ["a,b\r\n1,2\r\n3,4\r\n5,6\r\n", "a,b\n1,2\n3,4\n5,6\n", "a,b\r\n1,2\n3,4\r\n5,6"] {
            let t = try read(text)
            #expect(t.header == ["a", "b"], "\(text.debugDescription)")
            #expect(t.rows == expected, "\(text.debugDescription)")
            #expect(t.rowLines == [2, 3, 4], "\(text.debugDescription)")
        }
    }

    @Test func crlfEndingAfterAnEmptyLastField() throws {
        let t = try read("a,b\r\n1,\r\n,2\r\n")
        #expect(t.rows == [["1", ""], ["", "2"]])
    }

    @Test func utf8ByteOrderMarkIsDropped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("outcome,x\nwon,1\n".utf8)
        let t = try reader.read(bytes: bytes, file: "t.csv")
        #expect(t.header == ["outcome", "x"])
        #expect(t.header[0].unicodeScalars.first == "o")
        #expect(t.rows == [["won", "1"]])
        // The same through the String entry point.
        let s = try read("\u{FEFF}outcome,x\nwon,1\n")
        #expect(s.header == ["outcome", "x"])
    }

    @Test func semicolonDelimiter() throws {
        let t = try read("a;b;c\n1,5;\"x;y\";z\n", delimiter: ";")
        #expect(t.header == ["a", "b", "c"])
        #expect(t.rows == [["1,5", "x;y", "z"]])
        // With the default delimiter the same file is one column wide.
        let comma = try read("a;b\n1;2\n")
        #expect(comma.header == ["a;b"])
        #expect(comma.rows == [["1;2"]])
    }

    @Test func blankLinesAreSkippedAndCounted() throws {
        // Blank lines at 3, 4 (CRLF) and 6; the trailing newline after row 5 ends that row.
        let t = try read("a,b\n1,2\n\n\r\n3,4\n\n5,6\n")
        #expect(t.rows == [["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(t.rowLines == [2, 5, 7])
        #expect(t.blankLines == 3)
    }

    @Test func trailingBlankLinesAreCounted() throws {
        let t = try read("a\n1\n\n\n")
        #expect(t.rows == [["1"]])
        #expect(t.blankLines == 2)
    }

    @Test func headerCellsAreTrimmedButDataIsNot() throws {
        let t = try read(" a ,\tb\n 1 ,2\n")
        #expect(t.header == ["a", "b"])
        #expect(t.rows == [[" 1 ", "2"]])
    }

    @Test func emptyFieldsAndTrailingDelimiter() throws {
        let t = try read("a,b,c\n,,\n1,,3\n4,5,")
        #expect(t.rows == [["", "", ""], ["1", "", "3"], ["4", "5", ""]])
    }

    @Test func nonASCIIText() throws {
        let t = try read("name,city\n\"Zoë\",Kraków\n")
        #expect(t.rows == [["Zoë", "Kraków"]])
    }

    // MARK: - Errors

    @Test func unterminatedQuotePointsAtTheOpeningQuote() {
        // The quote opens on line 3, field 2, and is never closed.
        let e = csvError("a,b\n1,2\n3,\"open\n4,5\n")
        #expect(e == .unterminatedQuote(loc(3, 2)))
        #expect(e?.location == loc(3, 2))
        #expect(e?.description.hasPrefix("t.csv:3:2:") == true)
    }

    @Test func raggedRowTooFewAndTooMany() {
        // Row on line 3 has 2 fields, the header has 3: the first missing field is column 3.
        let few = csvError("a,b,c\n1,2,3\n4,5\n")
        #expect(few == .raggedRow(loc(3, 3), fields: 2, expected: 3))
        #expect(few?.description.hasPrefix("t.csv:3:3:") == true)
        #expect(few?.description.contains("2 fields") == true)
        // Row on line 2 has 4 fields: the first extra field is column 4.
        let many = csvError("a,b,c\n1,2,3,4\n")
        #expect(many == .raggedRow(loc(2, 4), fields: 4, expected: 3))
        // A multi-line row reports the line it starts on.
        let multi = csvError("a,b\n\"x\ny\"\n")
        #expect(multi == .raggedRow(loc(2, 2), fields: 1, expected: 2))
    }

    @Test func quoteInsideAnUnquotedField() {
        let e = csvError("a,b\n1,ab\"c\n")
        #expect(e == .quoteInUnquotedField(loc(2, 2), value: "ab\"c"))
        #expect(e?.description.hasPrefix("t.csv:2:2:") == true)
    }

    @Test func textAfterAClosingQuote() {
        let e = csvError("a,b\n\"x\"y,2\n")
        #expect(e == .textAfterClosingQuote(loc(2, 1), value: "x"))
        #expect(e?.description.hasPrefix("t.csv:2:1:") == true)
    }

    @Test func invalidUTF8NamesTheField() {
        // 0xFF can never appear in UTF-8; it sits in line 3, field 2.
        let bytes = Array("a,b\n1,2\n3,x".utf8) + [0xFF] + Array("y\n".utf8)
        let e = csvError(bytes: bytes)
        #expect(e == .invalidUTF8(loc(3, 2)))
        #expect(e?.description.hasPrefix("t.csv:3:2:") == true)
        // A truncated two-byte sequence (0xC3 without its continuation byte) in a quoted field.
        let quoted = Array("a,b\n\"".utf8) + [0xC3] + Array("\",1\n".utf8)
        #expect(csvError(bytes: quoted) == .invalidUTF8(loc(2, 1)))
    }

    @Test func nulByte() {
        #expect(csvError("a,b\n1,x\u{0}y\n") == .nulByte(loc(2, 2)))
        #expect(csvError("a,b\n1,2\n\"\u{0}\",2\n") == .nulByte(loc(3, 1)))
        let e = csvError("a,b\n1,x\u{0}y\n")
        #expect(e?.description.hasPrefix("t.csv:2:2:") == true)
    }

    @Test func duplicateHeader() {
        let e = csvError("outcome,x,y,x\nwon,1,2,3\n")
        #expect(e == .duplicateColumn(loc(1, 4), name: "x", firstColumn: 2))
        #expect(e?.description.hasPrefix("t.csv:1:4:") == true)
        // Names are compared after trimming.
        #expect(csvError("a, a\n1,2\n") == .duplicateColumn(loc(1, 2), name: "a", firstColumn: 1))
    }

    @Test func emptyHeaderCell() {
        let e = csvError("a,,c\n1,2,3\n")
        #expect(e == .emptyColumnName(loc(1, 2)))
        #expect(e?.description.hasPrefix("t.csv:1:2:") == true)
        #expect(csvError("a,  \n1,2\n") == .emptyColumnName(loc(1, 2)))
    }

    @Test func emptyFile() {
        for text in ["", "\n", "\r\n\n"] {
            let e = csvError(text)
            #expect(e == .empty(file: "t.csv"), "\(text.debugDescription)")
            #expect(e?.description.hasPrefix("t.csv:1:1:") == true)
        }
        #expect(csvError(bytes: [0xEF, 0xBB, 0xBF]) == .empty(file: "t.csv"))
    }

    @Test
    func whitespaceOnlyFileIsEmpty() {
        #expect(csvError("   \n") == .empty(file: "t.csv"))
        #expect(csvError(" \t ") == .empty(file: "t.csv"))
    }

    @Test func headerOnly() {
        for text in ["a,b", "a,b\n", "a,b\r\n\n\n"] {
            let e = csvError(text)
            #expect(e == .headerOnly(file: "t.csv"), "\(text.debugDescription)")
            #expect(e?.description.hasPrefix("t.csv:1:1:") == true)
        }
    }

    @Test func everyErrorDescriptionStartsWithItsLocation() {
        let errors: [CSVError] = [
            .unterminatedQuote(loc(7, 3)), .quoteInUnquotedField(loc(7, 3), value: "a\"b"),
            .textAfterClosingQuote(loc(7, 3), value: "v"), .raggedRow(loc(7, 3), fields: 1, expected: 2),
            .invalidUTF8(loc(7, 3)), .nulByte(loc(7, 3)), .duplicateColumn(loc(7, 3), name: "n", firstColumn: 1),
            .emptyColumnName(loc(7, 3)),
        ]
        for e in errors {
            #expect(e.description.hasPrefix("t.csv:7:3: "), "\(e.description)")
            #expect(e.location == loc(7, 3))
        }
        #expect(CSVError.raggedRow(loc(1, 1), fields: 1, expected: 2).description.contains("1 field but"))
    }
}
