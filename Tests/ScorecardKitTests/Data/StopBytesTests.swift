import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The fast reader's word-at-a-time search for a field's end, against a search a byte at a time;
/// and its short path for `true` and `false` against the general reader, with those words as
/// missing-value tokens and without.
@Suite struct StopBytesTests {
    /// The first stop byte of `w` (lowest byte first) found one byte at a time; 8 when none.
    static func naive(_ w: UInt64, delimiter: UInt8) -> Int {
        for k in 0..<8 {
            let c = UInt8(truncatingIfNeeded: w >> UInt64(8 * k))
            if [delimiter, 0x0A, 0x0D, 0x00, 0x22].contains(c) { return k }
        }
        return 8
    }

    @Test func theFirstStopIsFoundInEveryWord() {
        var rng = SplitMix64(seed: 21)
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")] {
            let stops = StopBytes(delimiter: delimiter)
            // Bytes drawn mostly from the stops and their neighbours (a borrow from a zero byte,
            // 0x01 and 0x80 around it), so words hold several stops, or none.
            let pool: [UInt8] = [
                delimiter, delimiter &+ 1, delimiter &- 1, 0x0A, 0x0B, 0x0D, 0x0C, 0x00, 0x01, 0x22, 0x21, 0x23, 0x80,
                0xFF,
                0x7F, 0x41, 0x30,
            ]
            for _ in 0..<50_000 {
                var w: UInt64 = 0
                for k in 0..<8 {
                    let byte =
                        rng.nextInt(below: 4) == 0
                        ? UInt8(rng.nextInt(below: 256)) : pool[rng.nextInt(below: pool.count)]
                    w |= UInt64(byte) << UInt64(8 * k)
                }
                #expect(stops.first(in: w) == Self.naive(w, delimiter: delimiter), "word \(String(w, radix: 16))")
            }
        }
        // Written out: "smb,1\n.." read little-endian stops at the comma (byte 3); a word of letters has none.
        let comma = StopBytes(delimiter: UInt8(ascii: ","))
        #expect(comma.first(in: 0x2E2E_0A31_2C62_6D73) == 3)
        #expect(comma.first(in: 0x6867_6665_6463_6261) == 8)
        #expect(comma.first(in: 0x6867_6665_6463_6200) == 0)
    }

    @Test func trueAndFalseReadTheSameOnTheShortPath() throws {
        var rng = SplitMix64(seed: 8)
        var text = "deal_id,outcome,a,b,c\n"
        for i in 0..<3_000 {
            let a = ["true", "false", "", "TRUE", " false", "False"][rng.nextInt(below: 6)]
            let b = ["true", "false"][rng.nextInt(below: 2)]
            let c = ["\"true\"", "false", "truex", "fals"][rng.nextInt(below: 4)]
            text += "D\(i),\(i % 3 == 0 ? "won" : "lost"),\(a),\(b),\(c)\n"
        }
        let bytes = Array(text.utf8)
        for missing in [MissingValues(), MissingValues(parsing: "false"), MissingValues(parsing: "b:true")] {
            let general = try DealTable.readGenerally(bytes: bytes, file: "d.csv", missing: missing)
            let fast = try #require(
                try DealTable.quoteFree(
                    bytes: bytes, file: "d.csv", delimiter: 0x2C, map: ColumnMap(), missing: missing))
            CompactIngestTests.expectSame(fast, general)
        }
        // Counted here: `b` holds only the two words, so it is a true/false column with no missing cell;
        // read with `false` as a token, its false cells are missing.
        let plain = try DealTable.readGenerally(bytes: bytes, file: "d.csv")
        let tokens = try DealTable.readGenerally(bytes: bytes, file: "d.csv", missing: MissingValues(parsing: "false"))
        let falses = text.split(separator: "\n").dropFirst().filter {
            $0.split(separator: ",", omittingEmptySubsequences: false)[3] == "false"
        }.count
        guard case .boolean(let b)? = plain.columns["b"], case .boolean(let bt)? = tokens.columns["b"] else {
            Issue.record("b is not a true/false column")
            return
        }
        #expect(b.count == 3_000 && b.filter { $0 == false }.count == falses)
        #expect(bt.filter { $0 == nil }.count == falses && bt.filter { $0 == true }.count == 3_000 - falses)
    }
}
