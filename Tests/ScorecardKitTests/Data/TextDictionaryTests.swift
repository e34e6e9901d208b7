import Foundation
import Testing

@testable import ScorecardKit

/// The fast reader keeps a text column as its distinct cells and each record's entry, and types
/// the column once per distinct cell. The dictionary is checked against cells numbered by hand,
/// and every table read that way against the general reader's, on the cases where the
/// dictionary must stand aside: a column that turns to text late, one with too many distinct
/// cells, text that reads as money, text that is not UTF-8.
@Suite struct TextDictionaryTests {
    static func add(_ cells: [String], to d: inout TextDictionary) -> [Bool] {
        cells.map { cell in Array(cell.utf8).withUnsafeBufferPointer { d.append($0) } }
    }

    @Test func cellsAreNumberedInTheOrderTheyFirstOccur() {
        var d = TextDictionary()
        // Untrimmed and case-sensitive: " retail" and "Retail" are entries of their own.
        let added = Self.add(["retail", "software", "retail", "", "software", " retail", "Retail", ""], to: &d)
        #expect(added.allSatisfy { $0 })
        #expect(d.codes == [0, 1, 0, 2, 1, 3, 4, 2])
        #expect(d.count == 5)
        #expect(d.firstRecords == [0, 1, 3, 5, 6])
        #expect(
            (0..<d.count).map { String(decoding: d.entry($0), as: UTF8.self) } == [
                "retail", "software", "", " retail", "Retail",
            ])
    }

    @Test func aDictionaryStopsAtItsLimit() {
        var d = TextDictionary()
        let distinct = (0..<TextDictionary.limit).map { "account \($0)" }
        #expect(Self.add(distinct, to: &d).allSatisfy { $0 })
        // One more distinct cell is refused and leaves the dictionary as it was; a known one is not.
        #expect(Self.add(["account new"], to: &d) == [false])
        #expect(d.count == TextDictionary.limit && d.codes.count == TextDictionary.limit)
        #expect(Self.add(["account 17"], to: &d) == [true])
        #expect(d.codes.last == 17)
    }

    @Test func aRecordsFieldIsFoundAgain() {
        let record = Array("a,\"b, c\",,d\nnext".utf8)
        let fields = record.withUnsafeBufferPointer { b in
            (0..<4).map { f in
                String(decoding: b[QuoteFreeScan.cell(b, from: 0, field: f, delimiter: 0x2C)], as: UTF8.self)
            }
        }
        #expect(fields == ["a", "b, c", "", "d"])
    }

    /// The scan of a file held in memory, and which of its coded fields kept a dictionary.
    static func captured(_ text: String) throws -> [String: Bool] {
        let bytes = Array(text.utf8)
        let header = try #require(
            DealTable.QuoteFreeHeader(
                bytes, file: "d.csv", delimiter: 0x2C, map: ColumnMap(), missing: MissingValues(),
                formats: ValueFormats()))
        let scan = try #require(
            QuoteFreeScan.scan(
                bytes: bytes, dataStart: header.dataStart, firstLine: header.line + 1, layout: header.layout))
        var out: [String: Bool] = [:]
        for (k, f) in header.coded.enumerated() { out[header.names[f]] = scan.textCaptured[k] }
        return out
    }

    /// The fast reader's table (in memory, and streamed in blocks of `blockSize`) against the
    /// general reader's; or the same error.
    static func expectSameAsGeneral(
        _ text: String, blockSize: Int = 1 << 12, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let bytes = Array(text.utf8)
        let path = NSTemporaryDirectory() + "scorecard_text_\(getpid())_\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)), sourceLocation: sourceLocation)
        let inMemory = Result {
            try DealTable.quoteFree(
                bytes: bytes, file: path, delimiter: 0x2C, map: ColumnMap(), missing: MissingValues())
        }
        let streamed = Result {
            try DealTable.quoteFree(
                path: path, delimiter: 0x2C, map: ColumnMap(), missing: MissingValues(), blockSize: blockSize)
        }
        let general = Result { try DealTable.readGenerally(bytes: bytes, file: path) }
        for fast in [inMemory, streamed] {
            switch (fast, general) {
            case (.success(let table?), .success(let want)):
                CompactIngestTests.expectSame(table, want, sourceLocation: sourceLocation)
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", sourceLocation: sourceLocation)
            default:
                Issue.record("fast \(fast), general \(general)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func oneDigitCellsOfATextColumnAmongFlagsKeepTheirText() throws {
        // `seg` sits in a run of one-digit flags (read four at a time) and holds digits as well as words.
        var text = "deal_id,outcome,f1,f2,seg,f3,f4,f5\n"
        var rng = SplitMix64(seed: 3)
        for i in 0..<3_000 {
            let seg = ["1", "2", "smb", "7", "enterprise", "", "0"][rng.nextInt(below: 7)]
            let flags = (0..<5).map { _ in String(rng.nextInt(below: 2)) }
            text +=
                "D\(i),\(i % 3 == 0 ? "won" : "lost"),\(flags[0]),\(flags[1]),\(seg),\(flags[2]),\(flags[3]),\(flags[4])\n"
        }
        #expect(try Self.captured(text)["seg"] == true)
        #expect(try Self.captured(text)["f1"] == false)
        try Self.expectSameAsGeneral(text)
        let table = try DealTable.readGenerally(bytes: Array(text.utf8), file: "d.csv")
        guard case .category(let seg)? = table.columns["seg"] else {
            Issue.record("seg is not text")
            return
        }
        #expect(Set(seg.compactMap { $0 }) == ["0", "1", "2", "7", "smb", "enterprise"])
    }

    @Test func columnsTheDictionaryCannotHoldAreReadTheGeneralWay() throws {
        var rng = SplitMix64(seed: 5)
        func history(_ cell: (Int) -> String) -> String {
            "deal_id,outcome,x,flag\n"
                + (0..<4_000).map { i in "D\(i),\(rng.nextInt(below: 2) == 0 ? "won" : "lost"),\(cell(i)),\(i % 2)\n" }
                .joined()
        }
        // Numbers until a late word: text only after the first blocks.
        let late = history { $0 < 3_500 ? String($0 % 9) : "other" }
        #expect(try Self.captured(late)["x"] == true)
        try Self.expectSameAsGeneral(late, blockSize: 1 << 10)
        // More distinct cells than a dictionary keeps.
        let wide = history { "account \($0)" }
        #expect(try Self.captured(wide)["x"] == false)
        try Self.expectSameAsGeneral(wide)
        // Money: text to the scan, numbers to the typing (with its note).
        let money = history { ["$900", "\"$1,200\"", "N/A", "$35"][$0 % 4] }
        #expect(try Self.captured(money)["x"] == true)
        try Self.expectSameAsGeneral(money)
        let table = try DealTable.readGenerally(bytes: Array(money.utf8), file: "d.csv")
        guard case .number = table.columns["x"] else {
            Issue.record("money is not a number column")
            return
        }
    }

    @Test func textThatIsNotUTF8IsNamedAsTheGeneralReaderNamesIt() throws {
        var bytes = Array("deal_id,outcome,x\n".utf8)
        for i in 0..<2_000 {
            bytes += Array("D\(i),\(i % 2 == 0 ? "won" : "lost"),".utf8)
            bytes += i == 1_234 ? [0x61, 0xFF, 0x62] : Array((i % 3 == 0 ? "smb" : "mid").utf8)
            bytes.append(0x0A)
        }
        let general = Result { try DealTable.readGenerally(bytes: bytes, file: "d.csv") }
        let fast = Result {
            try DealTable.quoteFree(
                bytes: bytes, file: "d.csv", delimiter: 0x2C, map: ColumnMap(), missing: MissingValues())
        }
        guard case .failure(let want) = general, case .failure(let got) = fast else {
            Issue.record("general \(general), fast \(fast)")
            return
        }
        #expect("\(got)" == "\(want)")
        #expect("\(want)".contains("1236"))
    }

    @Test func aColumnTurningToTextInTheSecondPartIsGivenADictionaryInTheFirst() throws {
        // Over 1 MiB a core: a block of two parts (on two cores or more), text only in the second.
        var text = "deal_id,outcome,note,padding\n"
        let pad = String(repeating: "p", count: 60)
        let rows = 60_000
        for i in 0..<rows {
            let note = i < rows * 3 / 4 ? String(i % 5) : ["call back", "priced"][i % 2]
            text += "D\(i),\(i % 4 == 0 ? "won" : "lost"),\(note),\(pad)\n"
        }
        #expect(text.utf8.count > 4 << 20)
        #expect(try Self.captured(text)["note"] == true)
        try Self.expectSameAsGeneral(text, blockSize: 1 << 22)
    }
}
