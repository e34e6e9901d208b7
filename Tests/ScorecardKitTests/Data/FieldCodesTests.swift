import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The scan keeps each coded field's codes as bits while they are 0 or 1 and as bytes from the
/// first that is not; what it keeps must be the codes it read, and the table built from them the
/// general reader's table.
@Suite struct FieldCodesTests {
    @Test func packedCodesAreTheCodesStaged() {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<200 {
            let coded = 1 + rng.nextInt(below: 30)
            let records = rng.nextInt(below: 700)
            // Most fields 0/1 throughout; some meet a 2, 9 or 255 (missing) at a random record,
            // some from the start.
            let turns = (0..<coded).map { _ in rng.nextUnit() < 0.3 ? rng.nextInt(below: max(records, 1)) : Int.max }
            var codes = [UInt8](repeating: 0, count: records * coded)
            for r in 0..<records {
                for k in 0..<coded {
                    codes[r * coded + k] =
                        r == turns[k]
                        ? [2, 9, 255][rng.nextInt(below: 3)]
                        : r > turns[k] && rng.nextUnit() < 0.2 ? 7 : UInt8(rng.nextInt(below: 2))
                }
            }
            var packed = FieldCodes(fields: coded)
            var r = 0
            codes.withUnsafeBufferPointer { b in
                while r < records {
                    let rows = min(64, records - r)
                    packed.pack(b.baseAddress! + r * coded, rows: rows)
                    r += rows
                }
            }
            #expect(packed.count == records, "trial \(trial)")
            for k in 0..<coded {
                let expected = (0..<records).map { codes[$0 * coded + k] }
                #expect((0..<records).map { packed[k, $0] } == expected, "trial \(trial) field \(k)")
                // Bits only while every code is 0 or 1; bits past the records are 0.
                #expect(packed.isBits(k) == expected.allSatisfy { $0 <= 1 }, "trial \(trial) field \(k)")
                if packed.isBits(k), records % 64 != 0 {
                    #expect(
                        packed.word(k, group: records / 64) >> UInt64(records % 64) == 0, "trial \(trial) field \(k)")
                }
            }
        }
    }

    /// A history of many flag columns (so eight at a time are packed): pure flags, one that meets
    /// a 2 part-way through a block, one missing only in open deals (bits among the closed), one
    /// with missing-value tokens among closed deals, true/false words, and open deals throughout.
    static func flags(rows: Int) -> String {
        var rng = SplitMix64(seed: 19)
        var text = "deal_id,outcome," + (1...20).map { "s\($0 < 10 ? "0" : "")\($0)" }.joined(separator: ",") + "\n"
        for i in 0..<rows {
            let open = rng.nextUnit() < 0.1
            var cells = ["D\(100_000 + i)", open ? "open" : (rng.nextUnit() < 0.3 ? "won" : "lost")]
            for k in 1...20 {
                var cell = String(rng.nextInt(below: 2))
                if k == 9, i == rows / 2 + 5 { cell = "2" }
                if k == 10, open, rng.nextUnit() < 0.5 { cell = "" }
                if k == 11 { cell = cell == "1" ? "true" : "false" }
                if k == 17, rng.nextUnit() < 0.05 { cell = "n/a" }
                cells.append(cell)
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    @Test func flagColumnsPackedWhileReadAreTheGeneralReadersTable() throws {
        let text = Self.flags(rows: 5_003)
        let missing = MissingValues(parsing: "n/a")
        let general = try DealTable.readGenerally(bytes: Array(text.utf8), file: "f.csv", missing: missing)
        let fast = try #require(
            try DealTable.quoteFree(
                bytes: Array(text.utf8), file: "f.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(),
                missing: missing))
        CompactIngestTests.expectSame(fast, general)
        // Streamed in blocks that end at odd records, so parts hold partial words.
        let path = NSTemporaryDirectory() + "scorecard_flags_\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        for blockSize in [997, 4_096, 40_000] {
            let streamed = try #require(
                try DealTable.quoteFree(
                    path: path, delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: missing, blockSize: blockSize))
            CompactIngestTests.expectSame(streamed, general)
        }
        // The pure flags and the one missing only among open deals are kept a bit a deal; the one
        // that met a 2, a byte a deal.
        func stored(_ name: String) -> ColumnCodes? {
            if case .number(let v)? = fast.columns[name] { v.storedCodes } else { nil }
        }
        for name in ["s01", "s08", "s10", "s20"] {
            #expect(stored(name).map { if case .bits = $0 { true } else { false } } == true, "\(name)")
        }
        #expect(stored("s09").map { if case .bytes = $0 { true } else { false } } == true)
    }
}
