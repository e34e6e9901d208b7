import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The selection rules other than the 80% rule, the bootstrap, dual bars, Kendall's τ and the
/// radix sort, each against a hand count or a brute-force computation written here.
@Suite("Selection rules and threshold uncertainty")
struct SelectionRuleTests {
    /// Scores 10…100 step 10; won at 100, 90, 70, 60, 30; lost at 80, 50, 40, 20, 10.
    /// At or above each threshold (won, lost): 100 (1,0) 90 (2,0) 80 (2,1) 70 (3,1) 60 (4,1)
    /// 50 (4,2) 40 (4,3) 30 (5,3) 20 (5,4) 10 (5,5).
    static let scores: [Double] = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10]
    static let won = [true, true, false, true, true, false, false, true, false, false]
    static var sweep: ThresholdSweep { ThresholdSweep(scores: scores, won: won) }

    @Test func precisionPicksTheLowestThresholdMeetingTheRate() {
        // Precision: 100 1, 90 1, 80 2/3, 70 3/4, 60 4/5, 50 4/6, 40 4/7, 30 5/8, 20 5/9, 10 1/2.
        #expect(Self.sweep.select(.precision(0.75))?.threshold == 60)  // 0.8 at 60; 50 has 0.667
        #expect(Self.sweep.select(.precision(0.6))?.threshold == 30)  // 0.625 at 30; 20 has 0.556
        #expect(Self.sweep.select(.precision(0.5))?.threshold == 10)
    }

    @Test func capacityCountsSQLsPerPeriod() {
        var s = Self.sweep
        s.periods = 2
        // At most 3 SQLs a period → at most 6 SQLs in all: threshold 50 (6 SQLs); 40 has 7.
        #expect(s.select(.capacity(3))?.threshold == 50)
        s.periods = nil
        #expect(s.select(.capacity(3)) == nil)
    }

    @Test func f1YoudenAndValueMaximizeTheirObjectives() {
        // F1 = 2·won / (won + lost + 5): 100 2/6, 90 4/7, 80 4/8, 70 6/9, 60 8/10, 50 8/11,
        // 40 8/12, 30 10/13, 20 10/14, 10 10/15 → best 60 (0.8).
        #expect(Self.sweep.select(.f1)?.threshold == 60)
        // Youden J = won/5 − lost/5: best 60 (4/5 − 1/5 = 0.6).
        #expect(Self.sweep.select(.youden)?.threshold == 60)
        // Value = won·1000 − SQLs·300: 100 700, 90 1400, 80 1100, 70 1800, 60 2500, 50 2200,
        // 40 1900, 30 2600, 20 2300, 10 2000 → best 30.
        #expect(Self.sweep.select(.value(dealValue: 1000, costPerSQL: 300))?.threshold == 30)
        // Ties go to the higher threshold: a zero cost values 100…30 at 5000 only at 30 and below,
        // where 30, 20 and 10 all give 5 won; the highest, 30, is picked.
        #expect(Self.sweep.select(.value(dealValue: 1000, costPerSQL: 0))?.threshold == 30)
    }

    @Test func parsingRoundTrips() {
        for text in ["recall:0.8", "precision:0.25", "capacity:40", "f1", "youden", "value:20000:300"] {
            #expect(ThresholdRule(parsing: text)?.description == text)
        }
    }

    /// Kendall's τ-b against the O(n²) pair count written out here, with ties in both lists.
    @Test func kendallTauMatchesBruteForce() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20 {
            let n = 2 + rng.nextInt(below: 60)
            let x = (0..<n).map { _ in Double(rng.nextInt(below: 8)) }
            let y = (0..<n).map { i in
                rng.nextBool(probability: 0.7) ? x[i] + Double(rng.nextInt(below: 3)) : Double(rng.nextInt(below: 8))
            }
            var c = 0.0
            var d = 0.0
            var tx = 0.0
            var ty = 0.0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let a = x[i] - x[j]
                    let b = y[i] - y[j]
                    if a == 0 && b == 0 { continue }
                    if a == 0 {
                        tx += 1
                    } else if b == 0 {
                        ty += 1
                    } else if (a > 0) == (b > 0) {
                        c += 1
                    } else {
                        d += 1
                    }
                }
            }
            let expected = (c - d) / ((c + d + tx) * (c + d + ty)).squareRoot()
            let got = kendallTau(x, y)
            #expect(
                got.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12) || (got.isNaN && expected.isNaN),
                "n \(n): \(got) vs \(expected)")
        }
        #expect(kendallTau([1, 2, 3], [1, 2, 3]) == 1)
        #expect(kendallTau([1, 2, 3], [3, 2, 1]) == -1)
    }

    /// Past ``RadixSort/minimumCount`` values τ-b sorts x by radix passes, then each run of tied
    /// x by y (and, when y is whole numbers in a narrow range, counts the discordant pairs in a
    /// Fenwick tree over y's slots): on many repeats of a few (x, y) cells (ties in both, and -0
    /// beside 0, which keeps y off the slots) it equals the pair count over the cells, each pair
    /// of cells counted by the product of their repeats. Handed an order of x whose ties come in
    /// any order (as the rounding cost hands it the AUC's), it gives the same τ.
    @Test(arguments: [-0.0, 0.0])
    func kendallTauOnLargeInputsMatchesTheCountOverDistinctPairs(zero: Double) {
        var rng = SplitMix64(seed: 11)
        let cells: [(x: Double, y: Double, repeats: Int)] = (0..<30).map { k in
            (
                k == 0 ? -0.0 : Double(rng.nextInt(below: 9)) - 3 + (k % 4 == 0 ? 0.25 : 0),
                k == 1 ? zero : Double(rng.nextInt(below: 7)) - 2,
                1_000 + rng.nextInt(below: 2_000)
            )
        }
        var x: [Double] = []
        var y: [Double] = []
        for c in cells {
            x += Array(repeating: c.x, count: c.repeats)
            y += Array(repeating: c.y, count: c.repeats)
        }
        var order = Array(x.indices)
        for i in order.indices.reversed() { order.swapAt(i, rng.nextInt(below: i + 1)) }
        x = order.map { x[$0] }
        y = order.map { y[$0] }
        #expect(x.count > 50_000 && (WholeScoreCounts.range(y) != nil) == (zero.sign == .plus))
        var c = 0.0
        var d = 0.0
        var tx = 0.0
        var ty = 0.0
        for i in cells.indices {
            for j in cells.indices where j >= i {
                let a = cells[i].x - cells[j].x
                let b = cells[i].y - cells[j].y
                let pairs =
                    i == j
                    ? Double(cells[i].repeats) * Double(cells[i].repeats - 1) / 2
                    : Double(cells[i].repeats) * Double(cells[j].repeats)
                if a == 0 && b == 0 { continue }
                if a == 0 {
                    tx += pairs
                } else if b == 0 {
                    ty += pairs
                } else if (a > 0) == (b > 0) {
                    c += pairs
                } else {
                    d += pairs
                }
            }
        }
        let expected = (c - d) / ((c + d + tx) * (c + d + ty)).squareRoot()
        #expect(
            kendallTau(x, y).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12),
            "\(kendallTau(x, y)) vs \(expected)")
        // Ties in x shuffled: highest random key first among equal x.
        let tieKeys = x.indices.map { _ in rng.next() }
        let shuffledTies = x.indices.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : tieKeys[$0] > tieKeys[$1] }
        #expect(kendallTau(x, y, xAscending: shuffledTies.map { Int32($0) }) == kendallTau(x, y))
    }

    @Test func radixOrderSortsLikeTheStandardLibrary() {
        var rng = SplitMix64(seed: 5)
        let values =
            (0..<70_000).map { _ in
                rng.nextBool(probability: 0.5) ? Double(rng.nextInt(below: 300)) - 100 : rng.nextNormal() * 1e6
            } + [0, -0.0, -1e300, 1e300]
        let order = RadixSort.ascendingOrder(values).map { values[Int($0)] }
        #expect(order == values.sorted())
        // Stable on both sides of the radix size: ties (0 and -0 among them) in index order.
        for count in [RadixSort.minimumCount, values.count] {
            let some = Array(values.suffix(count))
            #expect(RadixSort.ascendingOrder(some).map(Int.init) == some.indices.sorted { some[$0] < some[$1] })
        }
        // A large sweep (radix path) equals a small-path sweep computed on the same data in pieces.
        let won = values.indices.map { $0 % 3 == 0 }
        let big = ThresholdSweep(scores: values, won: won)
        #expect(big.rows.count == Set(values.map { $0 + 0 }).count)
        #expect(big.rows.first!.threshold == 1e300 && big.rows.last!.won == big.totalWon)
        #expect(zip(big.rows, big.rows.dropFirst()).allSatisfy { $0.threshold > $1.threshold && $0.won <= $1.won })
    }

    /// The bootstrap is reproducible with a seed, its interval holds the full-data selection, and a
    /// small history gives a wider interval than a large one from the same distribution.
    @Test func bootstrapIsSeededAndShrinksWithData() throws {
        var rng = SplitMix64(seed: 9)
        func sample(_ n: Int) -> ([Double], [Bool]) {
            var s: [Double] = []
            var w: [Bool] = []
            for _ in 0..<n {
                let won = rng.nextBool(probability: 0.4)
                w.append(won)
                s.append((Double(won ? 60 : 40) + 15 * rng.nextNormal()).rounded())
            }
            return (s, w)
        }
        let (smallS, smallW) = sample(20)
        let (bigS, bigW) = sample(5_000)
        let boot = ThresholdBootstrap(resamples: 400, seed: 42)
        let a = try #require(boot.interval(scores: smallS, won: smallW, rule: .recall(0.8)))
        let b = try #require(boot.interval(scores: smallS, won: smallW, rule: .recall(0.8)))
        #expect(a == b)
        let big = try #require(boot.interval(scores: bigS, won: bigW, rule: .recall(0.8)))
        let full = try #require(ThresholdSweep(scores: bigS, won: bigW).select(.recall(0.8)))
        #expect(big.threshold.contains(full.threshold))
        #expect(big.recall.lowerBound >= 0.8 - 1e-12, "every resample's selection keeps at least 80% of its won deals")
        #expect(a.threshold.upperBound - a.threshold.lowerBound > big.threshold.upperBound - big.threshold.lowerBound)
        #expect(a.reading(deals: 20).contains("starting point"))
    }

    /// Dual bars against a brute-force scan of every pair, counted deal by deal.
    @Test func dualBarsMatchBruteForce() {
        var rng = SplitMix64(seed: 13)
        let n = 300
        let fit = (0..<n).map { _ in Double(rng.nextInt(below: 5) * 10) }
        let behavior = (0..<n).map { _ in Double(rng.nextInt(below: 7) * 15) }
        let won = (0..<n).map { i in rng.nextBool(probability: logistic(-2 + fit[i] / 20 + behavior[i] / 40)) }
        let rows = DualThreshold.search(fit: fit, behavior: behavior, won: won, recall: 0.6, top: 3)
        let totalWon = Double(won.filter { $0 }.count)
        var best: [(Double, Double, Double, Double)] = []
        for a in Set(fit) {
            for b in Set(behavior) {
                let idx = (0..<n).filter { fit[$0] >= a && behavior[$0] >= b }
                let w = Double(idx.filter { won[$0] }.count)
                let l = Double(idx.count) - w
                if w >= (0.6 * totalWon).rounded(.up), idx.count > 0 { best.append((w / (w + l), w / totalWon, a, b)) }
            }
        }
        best.sort { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1 != $1.1 ? $0.1 > $1.1 : ($0.2, $0.3) > ($1.2, $1.3)) }
        #expect(rows.count == 3)
        for (r, e) in zip(rows, best) {
            #expect(r.precision == e.0 && r.recall == e.1 && r.fit == e.2 && r.behavior == e.3)
        }
    }
}
