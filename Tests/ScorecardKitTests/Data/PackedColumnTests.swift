import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// A column whose every value is code 0 or 1 is kept one bit a row. Everything read from it —
/// values, codes, the rows a hold-out selects, what a rule makes of it — must be what the same
/// column one byte a row gives, and the reader must pack exactly the columns that qualify.
@Suite struct PackedColumnTests {
    /// `count` codes of 0 and 1 and the same codes packed, by hand: bit i of word i / 64.
    static func flags(_ count: Int, seed: UInt64) -> (codes: [UInt8], words: [UInt64]) {
        var rng = SplitMix64(seed: seed)
        let codes = (0..<count).map { _ in UInt8(rng.nextInt(below: 2)) }
        var words = [UInt64](repeating: 0, count: (count + 63) / 64)
        for (i, c) in codes.enumerated() where c == 1 { words[i / 64] += 1 << UInt64(i % 64) }
        return (codes, words)
    }

    @Test(arguments: [0, 1, 63, 64, 65, 1_000])
    func packedReadsAsBytes(count: Int) {
        let (codes, words) = Self.flags(count, seed: UInt64(count))
        // Bits past the last row are ignored, whatever the words hold there.
        var dirty = words
        if count % 64 != 0 { dirty[dirty.count - 1] |= ~UInt64(0) << UInt64(count % 64) }
        let packed = ColumnValues<Double>(bits: dirty, count: count)
        let bytes = ColumnValues<Double>(codes: codes)
        #expect(packed.count == count)
        #expect(packed.codes == codes)
        #expect(Array(packed) == codes.map { Double($0) })
        #expect(packed == bytes)
        #expect(packed.storedCodes == .bits(words, count: count))
        // The rows a selection picks, in its order, repeats allowed: still packed, same values.
        var rng = SplitMix64(seed: 99)
        let picked = count == 0 ? [] : (0..<(count + 5)).map { _ in rng.nextInt(below: count) }
        let selected = packed.selecting(picked)
        #expect(selected.bits != nil)
        #expect(Array(selected) == picked.map { Double(codes[$0]) })
        // A Boolean column packs the same way: code 1 is true.
        let answers = ColumnValues<Bool>(bits: words, count: count)
        #expect(Array(answers) == codes.map { $0 == 1 })
    }

    @Test func presentAndFirstIndex() {
        let (codes, words) = Self.flags(200, seed: 3)
        let packed = ColumnCodes.bits(words, count: 200)
        #expect(packed.present == [0, 1])
        #expect(ColumnCodes.bits([0, 0, 0, 0], count: 200).present == [0])
        // All ones, and the padding bits past row 200 not set: only 1 is present.
        #expect(ColumnCodes.bits([~0, ~0, ~0, (1 << 8) - 1], count: 200).present == [1])
        #expect(ColumnCodes.bits([], count: 0).present == [])
        #expect(ColumnCodes.present([1, 0, 1, 255]) == [0, 1, 255])
        for test in [{ (c: UInt8) in c == 1 }, { $0 == 0 }, { $0 == 2 }, { _ in true }] {
            #expect(packed.firstIndex(where: test) == codes.firstIndex(where: test))
        }
        // Zeros only in the padding past the last row: no row holds 0.
        #expect(ColumnCodes.bits([~0, (1 << 8) - 1], count: 72).firstIndex(where: { $0 == 0 }) == nil)
        for i in [0, 63, 64, 199] { #expect(packed[i] == codes[i]) }
    }

    /// A rule's column from the packed codes against the same table applied a byte at a time: for
    /// every way a table can treat codes 0 and 1 (dropping, keeping, flipping, constant, a weight).
    @Test func encodedFromBitsMatchesBytes() {
        let count = 1_000
        let (codes, words) = Self.flags(count, seed: 11)
        for (zero, one) in [(0.0, 1.0), (1, 0), (0, 0), (1, 1), (0, 3), (-0.0, 1), (2.5, 0)] {
            var table = [Double](repeating: 7, count: 256)  // codes that never occur may map anywhere
            table[0] = zero
            table[1] = one
            let packed = EncodedColumn(codes: .bits(words, count: count), table: table)
            let bytes = EncodedColumn(codes: .bytes(codes), table: table)
            let expected = codes.map { $0 == 1 ? one : zero }
            let binary = [zero, one].allSatisfy { $0 == 0 || $0 == 1 }
            #expect(packed.isBits == binary, "\(zero), \(one)")
            #expect(packed.isBits == bytes.isBits)
            #expect(packed.bitWords == bytes.bitWords)
            #expect(packed.values.map(\.bitPattern) == bytes.values.map(\.bitPattern))
            if binary {
                #expect(
                    (0..<count).map { packed.bitWords[$0 / 64] >> UInt64($0 % 64) & 1 == 1 ? 1.0 : 0.0 } == expected)
            } else {
                #expect(packed.values == expected)
            }
        }
    }

    /// The reader packs a flag whose used rows are all 0 or 1, even when a skipped row (an open
    /// deal) holds another code; a flag with an empty cell or a 2 in a used row stays a byte a
    /// row; a true/false column with no empty cell packs as a Boolean. The table equals the one
    /// the general reader (which packs nothing) makes.
    @Test func readerPacksWhatQualifies() throws {
        var text = "deal_id,outcome,flag,open_two,with_gap,count,answer,answer_gap\n"
        var rng = SplitMix64(seed: 5)
        for i in 0..<5_000 {
            let open = i % 97 == 3
            let outcome = open ? "open" : (rng.nextInt(below: 3) == 0 ? "won" : "lost")
            let flag = rng.nextInt(below: 2)
            let openTwo = open ? 2 : rng.nextInt(below: 2)
            let gap = i == 4_321 ? "" : String(rng.nextInt(below: 2))
            let count = i == 4_999 ? 2 : rng.nextInt(below: 2)
            let answer = rng.nextInt(below: 2) == 0 ? "true" : "false"
            let answerGap = i == 17 ? "" : answer
            text += "D\(i),\(outcome),\(flag),\(openTwo),\(gap),\(count),\(answer),\(answerGap)\n"
        }
        let bytes = Array(text.utf8)
        let fast = try #require(
            try DealTable.quoteFree(
                bytes: bytes, file: "d.csv", delimiter: UInt8(ascii: ","), map: ColumnMap(), missing: MissingValues()))
        let general = try DealTable.readGenerally(bytes: bytes, file: "d.csv")
        CompactIngestTests.expectSame(fast, general)
        func isPacked(_ name: String) -> Bool? {
            switch fast.columns[name] {
            case .number(let v)?: v.bits != nil
            case .boolean(let v)?: v.bits != nil
            default: nil
            }
        }
        #expect(isPacked("flag") == true)
        #expect(isPacked("open_two") == true)
        #expect(isPacked("with_gap") == false)
        #expect(isPacked("count") == false)
        #expect(isPacked("answer") == true)
        #expect(isPacked("answer_gap") == false)
        // And a card on the packed table encodes as on the general one.
        let card = try Scorecard(
            json: """
                {"schema": "scorecard/v1", "name": "t", "threshold": 10, "rules": [
                 {"id": "f", "kind": "fit", "signal": "flag", "when": {"equals": 1}, "points": 10},
                 {"id": "nf", "kind": "fit", "signal": "flag", "when": {"equals": 0}, "points": 5},
                 {"id": "o", "kind": "behavior", "signal": "open_two", "each": 1, "points": 2},
                 {"id": "a", "kind": "fit", "signal": "answer", "when": {"equals": false}, "points": 3}]}
                """, file: "c.json")
        let a = try DesignMatrix(card: card, deals: fast)
        let b = try DesignMatrix(card: card, deals: general)
        for j in 0..<card.rules.count { #expect(a.column(j) == b.column(j), "\(card.rules[j].id)") }
    }
}

/// Line numbers kept compactly read back as the lines given, however they are stored.
@Suite struct LineNumbersTests {
    @Test func readsBackTheLinesGiven() {
        let cases: [[Int]] = [
            [], [7], [2, 3, 4, 5], [2, 3, 5, 6], [4, 2], [9, 3, 3], [1, 1 << 40], [1 << 40, 0, 5],
        ]
        for lines in cases {
            let stored = LineNumbers(lines)
            #expect(Array(stored) == lines)
            #expect(stored.count == lines.count)
            #expect(stored.isConsecutive == (lines == Array((lines.first ?? 0)..<(lines.first ?? 0) + lines.count)))
            let picked = lines.indices.reversed().map { $0 }
            #expect(Array(stored.selecting(picked)) == picked.map { lines[$0] })
        }
        #expect(LineNumbers([2, 3]) == [2, 3])
        #expect(LineNumbers([2, 3]) != [2, 4])
    }
}
