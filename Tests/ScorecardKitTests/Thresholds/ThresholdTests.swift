import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The threshold sweep, the 80% rule, and AUC/KS, against hand counts and brute force.
@Suite struct ThresholdTests {
    /// Sorted once and handed in (as the back-test's bootstrap does for each resample's counts),
    /// the order gives the same sweep and the same AUC as sorting anew: whole-number weights,
    /// heavy ties, below and above the radix-sort size.
    @Test func presortedOrderGivesTheSameSweepAndAUC() {
        var rng = SplitMix64(seed: 12)
        for n in [5, 2_000, 60_000] {
            let scores = (0..<n).map { _ in Double(rng.next() % 40) }
            let won = (0..<n).map { _ in rng.next() % 3 == 0 }
            let weights = (0..<n).map { _ in Double(rng.next() % 4) }
            let up = RankingMetrics.ascendingOrder(scores)
            #expect(
                RankingMetrics(scores: scores, won: won, weights: weights, ascendingOrder: up)
                    == RankingMetrics(scores: scores, won: won, weights: weights))
            #expect(
                ThresholdSweep(scores: scores, won: won, weights: weights, descendingOrder: up.reversed()).rows
                    == ThresholdSweep(scores: scores, won: won, weights: weights).rows)
        }
    }

    /// A bootstrap selects without keeping the sweep (``ThresholdSweep/select(_:scores:won:weights:eligible:descendingOrder:periods:)``,
    /// ``RankingMetrics/auc(scores:won:weights:ascendingOrder:)``): the row every rule picks is the
    /// sweep's own pick, and the AUC the metrics' AUC, with ties in any order, zero and
    /// fractional weights, dual-bar eligibility, periods or none, one outcome only and no deals.
    @Test func selectionWithoutTheRowsIsTheSweepsSelection() {
        var rng = SplitMix64(seed: 31)
        let rules: [ThresholdRule] = [
            .recall(0.8), .recall(1), .recall(1e-9), .precision(0.3), .precision(0.99), .capacity(3), .capacity(1e9),
            .f1, .youden, .value(dealValue: 1_000, costPerSQL: 150),
        ]
        for trial in 0..<120 {
            let n = [0, 1, 2, 9, 40, 700][trial % 6]
            let scores = (0..<n).map { _ in Double(rng.next() % (trial % 2 == 0 ? 6 : 200)) - 7 }
            let won = (0..<n).map { _ in trial % 11 == 5 ? true : rng.next() % 3 == 0 }
            let weights: [Double]? =
                trial % 3 == 0 ? nil : (0..<n).map { _ in trial % 3 == 1 ? Double(rng.next() % 4) : rng.nextUnit() }
            let eligible: [Bool]? = trial % 4 == 2 ? (0..<n).map { _ in rng.next() % 3 != 0 } : nil
            // Highest first, ties shuffled (a bootstrap's cells come in any order among ties).
            let down = scores.indices.map { ($0, rng.next()) }.sorted {
                scores[$0.0] != scores[$1.0] ? scores[$0.0] > scores[$1.0] : $0.1 < $1.1
            }.map(\.0)
            let up = Array(down.reversed())
            for periods in [nil, 0, 4] as [Int?] {
                var sweep = ThresholdSweep(
                    scores: scores, won: won, weights: weights, eligible: eligible, descendingOrder: down)
                sweep.periods = periods
                for rule in rules {
                    #expect(
                        ThresholdSweep.select(
                            rule, scores: scores, won: won, weights: weights, eligible: eligible,
                            descendingOrder: down, periods: periods) == sweep.select(rule),
                        "trial \(trial), \(rule), periods \(String(describing: periods))")
                }
            }
            let auc = RankingMetrics.auc(scores: scores, won: won, weights: weights, ascendingOrder: up)
            let metrics = RankingMetrics(scores: scores, won: won, weights: weights, ascendingOrder: up)
            #expect(auc == metrics.auc || (auc.isNaN && metrics.auc.isNaN), "trial \(trial)")
            let radixOrder = RankingMetrics(
                scores: scores, won: won, weights: weights, ascending: up.map { Int32($0) })
            #expect(radixOrder == metrics || (radixOrder.auc.isNaN && metrics.auc.isNaN), "trial \(trial)")
        }
    }

    /// Whole scores in a narrow range are counted per score instead of sorted
    /// (``WholeScoreCounts``): the sweep (with and without dual-bar eligibility) and AUC/KS are
    /// the very numbers of the sorted pass, for negative scores, gaps and every deal counted
    /// once; fractional weights, fractional scores and −0 take the sorted pass.
    @Test func countedScoresGiveTheSortedSweepAndAUC() {
        var rng = SplitMix64(seed: 29)
        let n = 80_000
        let scores = (0..<n).map { _ in Double(Int(rng.next() % 300) - 120) * (rng.next() % 7 == 0 ? 3 : 1) }
        let won = (0..<n).map { _ in rng.next() % 4 == 0 }
        let eligible = (0..<n).map { _ in rng.next() % 5 != 0 }
        for weights in [nil, (0..<n).map { _ in Double(rng.next() % 3) }] as [[Double]?] {
            #expect(WholeScoreCounts(scores: scores, won: won, weights: weights) != nil)
            let up = RankingMetrics.ascendingOrder(scores)
            let down = Array(up.reversed())
            #expect(
                RankingMetrics(scores: scores, won: won, weights: weights)
                    == RankingMetrics(scores: scores, won: won, weights: weights, ascendingOrder: up))
            for e in [nil, eligible] {
                #expect(
                    ThresholdSweep(scores: scores, won: won, weights: weights, eligible: e).rows
                        == ThresholdSweep(
                            scores: scores, won: won, weights: weights, eligible: e, descendingOrder: down
                        ).rows)
            }
        }
        #expect(WholeScoreCounts(scores: scores, won: won, weights: (0..<n).map { _ in 0.5 }) == nil)
        #expect(WholeScoreCounts(scores: scores.map { $0 + 0.25 }, won: won, weights: nil) == nil)
        #expect(WholeScoreCounts(scores: [-0.0] + scores.dropFirst(), won: won, weights: nil) == nil)
        #expect(WholeScoreCounts(scores: [1e9] + scores.dropFirst(), won: won, weights: nil) == nil)
    }

    /// The recall rule's threshold found from the won deals alone (counting whole scores,
    /// selection, or a sort of the won scores when weighted) is the threshold the full sweep
    /// selects: heavy ties, weights, dual-bar eligibility, shares down to one deal and up to all
    /// of them; other rules go through the sweep.
    @Test func recallThresholdWithoutTheSweepEqualsTheSweep() {
        var rng = SplitMix64(seed: 9)
        for trial in 0..<60 {
            let n = [1, 2, 7, 300, 5_000][trial % 5]
            // Whole scores in a narrow range (counted), a wide one and fractions (selected).
            let scores = (0..<n).map { _ in
                Double(rng.next() % (trial % 2 == 0 ? 12 : 1_000)) - (trial % 7 == 3 ? 2.5 : 3)
            }
            let won = (0..<n).map { _ in rng.next() % 3 != 0 }
            let weights: [Double]? = trial % 3 == 0 ? (0..<n).map { _ in Double(rng.next() % 5) + 0.5 } : nil
            let eligible: [Bool]? = trial % 4 == 1 ? (0..<n).map { _ in rng.next() % 4 != 0 } : nil
            for rule in [ThresholdRule.recall(0.8), .recall(1), .recall(1e-12), .recall(0.55), .precision(0.5)] {
                let sweep = ThresholdSweep(scores: scores, won: won, weights: weights, eligible: eligible).select(rule)?
                    .threshold
                #expect(
                    ThresholdSweep.threshold(for: rule, scores: scores, won: won, weights: weights, eligible: eligible)
                        == sweep, "trial \(trial) \(rule)")
            }
        }
        // Past the size at which the deals are split over the cores (each range counted on its
        // own, then added up): whole scores in a narrow range, a wide one, fractions; in the
        // deals' order or sorted (so each range holds its own part of the scores, the lowest
        // in one and the highest in another).
        for trial in 0..<12 {
            let n = 2 * ThresholdSweep.minimumDealsPerChunk + 3
            let drawn = (0..<n).map { _ in
                Double(rng.next() % [40, 900_000, 1_000][trial % 3]) - (trial % 3 == 2 ? 2.5 : 7)
            }
            let scores = trial % 2 == 1 ? drawn.sorted() : drawn
            let won = (0..<n).map { _ in rng.next() % 3 != 0 }
            let eligible: [Bool]? = trial >= 6 ? (0..<n).map { _ in rng.next() % 4 != 0 } : nil
            for rule in [ThresholdRule.recall(0.8), .recall(1e-12), .recall(1)] {
                let sweep = ThresholdSweep(scores: scores, won: won, eligible: eligible).select(rule)?.threshold
                #expect(
                    ThresholdSweep.threshold(for: rule, scores: scores, won: won, eligible: eligible) == sweep,
                    "trial \(trial) \(rule)")
            }
        }
        // Whole won scores beside fractions, −0 or a wide spread among the deals that do not
        // count (lost, or won but not eligible): the same threshold as the sweep, and never −0.
        for trial in 0..<24 {
            let n = [40, 3_000][trial % 2]
            let won = (0..<n).map { _ in rng.next() % 3 != 0 }
            let eligible: [Bool]? = trial % 3 == 0 ? (0..<n).map { _ in rng.next() % 4 != 0 } : nil
            let scores = (0..<n).map { i -> Double in
                let whole = Double(rng.next() % 9) - 4
                guard !won[i] || eligible?[i] == false else { return whole }
                return [whole + 0.5, -0.0, whole * 1e7, whole][trial % 4]
            }
            for rule in [ThresholdRule.recall(0.8), .recall(0.3)] {
                let sweep = ThresholdSweep(scores: scores, won: won, eligible: eligible).select(rule)?.threshold
                let fast = ThresholdSweep.threshold(for: rule, scores: scores, won: won, eligible: eligible)
                #expect(fast == sweep && fast.map { !($0 == 0 && $0.sign == .minus) } != false, "trial \(trial)")
            }
        }
        // A slot is what `rounded()` and `isFinite` say it is, −0 aside.
        for s in [0, -0.0, 1, -1, 0.5, -2.5, 0x1p52, -0x1p52 - 2, 0x1p52 + 0.5, 0x1p62, 1e300, .infinity, .nan, 3e-310]
        {
            #expect(
                WholeScoreCounts.isSlotted(s) == (s == s.rounded() && s.isFinite && !(s == 0 && s.sign == .minus)),
                "\(s)")
        }
        var values: [Double] = [5, 1, 4, 1, 5, 9, 2, 6]
        #expect(
            ThresholdSweep.largest(1, in: &values) == 9 && ThresholdSweep.largest(3, in: &values) == 5
                && ThresholdSweep.largest(8, in: &values) == 1)
    }

    /// Scores and outcomes from separate won and lost lists.
    static func data(won: [Double], lost: [Double]) -> (scores: [Double], won: [Bool]) {
        (won + lost, won.map { _ in true } + lost.map { _ in false })
    }

    static func selected(won: [Double], lost: [Double], recall: Double = 0.8) -> ThresholdRow? {
        let d = data(won: won, lost: lost)
        return ThresholdSweep(scores: d.scores, won: d.won).select(.recall(recall))
    }

    // MARK: - The 80% rule on hand-checkable cases

    @Test func fiveWonDealsNeedExactlyFour() throws {
        // Won 50, 40, 30, 20, 10: four of five (80%) are at or above 20; at 30 only three are.
        let row = try #require(Self.selected(won: [10, 20, 30, 40, 50], lost: [15, 35]))
        #expect(row.threshold == 20)
        #expect(row.won == 4)
        #expect(row.recall == 0.8)
        // Lost deals at or above 20: only the 35.
        #expect(row.lost == 1)
    }

    @Test func fifteenWonDealsNeedExactlyTwelve() throws {
        // Won 1 … 15. Exactly 12 of 15 (80%) qualify at 4 (4, 5, …, 15); demanding 13 (e.g. by
        // rounding 0.8 × 15 up after any floating-point excess) would pick 3, and 11 would pick 5.
        let won = (1...15).map(Double.init)
        let row = try #require(Self.selected(won: won, lost: [0.5, 7.5]))
        #expect(row.threshold == 4)
        #expect(row.won == 12)
        #expect(row.recall == 12.0 / 15.0)
        #expect(row.lost == 1)
    }

    @Test func otherCountsWhereTheProductIsInexact() throws {
        // n won deals scored 1 … n: the rule needs ⌈0.8·n⌉ of them, counted in integers
        // ((4n + 4) / 5 with integer division), so the threshold is n − that + 1.
        for n in 1...60 {
            let needed = (4 * n + 4) / 5
            let row = try #require(Self.selected(won: (1...n).map(Double.init), lost: [0]))
            #expect(row.threshold == Double(n - needed + 1), "n = \(n)")
            #expect(row.won == Double(needed), "n = \(n)")
        }
    }

    @Test func tiesAtTheCut() throws {
        // Won 30, 20, 20, 20, 10: the 4th highest is 20 (tied with two others).
        let a = try #require(Self.selected(won: [10, 20, 20, 20, 30], lost: [25]))
        #expect(a.threshold == 20)
        #expect(a.won == 4)
        // Won 5 and five 30s: ⌈0.8 × 6⌉ = 5 are at or above 30, so 30 qualifies although
        // nothing between 5 and 30 hits 5/6 exactly.
        let b = try #require(Self.selected(won: [5, 30, 30, 30, 30, 30], lost: [10, 40]))
        #expect(b.threshold == 30)
        #expect(b.won == 5)
        #expect(b.lost == 1)
        // Won 50, 40, 40, 10, 10: needed 4, at 40 only 3 → the threshold drops to 10, taking all 5.
        let c = try #require(Self.selected(won: [10, 10, 40, 40, 50], lost: [20]))
        #expect(c.threshold == 10)
        #expect(c.won == 5)
    }

    @Test func allWonDealsEqual() throws {
        let row = try #require(Self.selected(won: [40, 40, 40], lost: [50, 10]))
        #expect(row.threshold == 40)
        #expect(row.won == 3)
        #expect(row.recall == 1)
        #expect(row.lost == 1)
    }

    @Test func otherRecallTargets() throws {
        let won: [Double] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
        #expect(Self.selected(won: won, lost: [], recall: 1)?.threshold == 10)
        #expect(Self.selected(won: won, lost: [], recall: 0.5)?.threshold == 60)
        #expect(Self.selected(won: won, lost: [], recall: 0.1)?.threshold == 100)
        #expect(Self.selected(won: won, lost: [], recall: 0.7)?.threshold == 40)
        #expect(Self.selected(won: won, lost: [], recall: 0.3)?.threshold == 80)
    }

    @Test func recallTargetsWhoseProductIsNotExact() throws {
        // 0.55 × 100 rounds to 55.00000000000001 in binary floating point: rounding that up
        // would demand 56 of 100 won deals instead of 55. Won 1 … 100 → threshold 100 − 55 + 1 = 46.
        #expect(0.55 * 100.0 > 55)
        let hundred = (1...100).map(Double.init)
        let a = try #require(Self.selected(won: hundred, lost: [0], recall: 0.55))
        #expect(a.threshold == 46)
        #expect(a.won == 55)
        // 0.7 × 90 rounds to 62.99999999999999: 63 of 90 are needed → threshold 90 − 63 + 1 = 28.
        #expect(0.7 * 90.0 < 63)
        let ninety = (1...90).map(Double.init)
        let b = try #require(Self.selected(won: ninety, lost: [0], recall: 0.7))
        #expect(b.threshold == 28)
        #expect(b.won == 63)
        #expect(ThresholdSweep(scores: [], won: []).select(.recall(0.8)) == nil)
    }

    /// On random integer scores (many ties), the selected threshold is the ⌊0.2·n⌋-th smallest
    /// won score (0-based) and it is the highest one that keeps ⌈0.8·n⌉ won deals.
    @Test func randomDataMatchesTheOrderStatistic() throws {
        for seed in UInt64(1)...300 {
            var rng = SplitMix64(seed: seed)
            let nWon = 1 + rng.nextInt(below: 60)
            let nLost = rng.nextInt(below: 60)
            let spread = 1 + rng.nextInt(below: 100)
            let won = (0..<nWon).map { _ in Double(rng.nextInt(below: spread)) }
            let lost = (0..<nLost).map { _ in Double(rng.nextInt(below: spread)) }
            let row = try #require(Self.selected(won: won, lost: lost))
            let expected = won.sorted()[nWon / 5]
            #expect(row.threshold == expected, "seed \(seed)")
            let atOrAbove = won.filter { $0 >= expected }.count
            #expect(row.won == Double(atOrAbove), "seed \(seed)")
            #expect(atOrAbove * 5 >= 4 * nWon, "seed \(seed)")
            #expect(won.filter { $0 > expected }.count * 5 < 4 * nWon, "seed \(seed)")
            #expect(row.lost == Double(lost.filter { $0 >= expected }.count), "seed \(seed)")
        }
    }

    // MARK: - Sweep rows by hand

    /// Scores 90 (won), 80 (lost), 80 (won), 50 (won), 10 (lost): 3 won, 2 lost, base rate 3/5.
    ///
    /// | threshold | won | lost | recall | precision | sqlRate | lift |
    /// |---|---|---|---|---|---|---|
    /// | 90 | 1 | 0 | 1/3 | 1   | 1/5 | 1/(3/5) = 5/3 |
    /// | 80 | 2 | 1 | 2/3 | 2/3 | 3/5 | (2/3)/(3/5) = 10/9 |
    /// | 50 | 3 | 1 | 1   | 3/4 | 4/5 | (3/4)/(3/5) = 5/4 |
    /// | 10 | 3 | 2 | 1   | 3/5 | 1   | 1 |
    @Test func sweepRowsByHand() throws {
        let sweep = ThresholdSweep(scores: [90, 80, 80, 50, 10], won: [true, false, true, true, false])
        #expect(sweep.totalWon == 3 && sweep.totalLost == 2)
        let want: [(Double, Double, Double, Double, Double, Double, Double)] = [
            (90, 1, 0, 1.0 / 3, 1, 1.0 / 5, 5.0 / 3),
            (80, 2, 1, 2.0 / 3, 2.0 / 3, 3.0 / 5, 10.0 / 9),
            (50, 3, 1, 1, 3.0 / 4, 4.0 / 5, 5.0 / 4),
            (10, 3, 2, 1, 3.0 / 5, 1, 1),
        ]
        #expect(sweep.rows.count == want.count)
        for (row, w) in zip(sweep.rows, want) {
            #expect(row.threshold == w.0)
            #expect(row.won == w.1)
            #expect(row.lost == w.2)
            #expect(row.recall.isApproximatelyEqual(to: w.3, relativeTolerance: 1e-15))
            #expect(row.precision.isApproximatelyEqual(to: w.4, relativeTolerance: 1e-15))
            #expect(row.sqlRate.isApproximatelyEqual(to: w.5, relativeTolerance: 1e-15))
            #expect(row.lift.isApproximatelyEqual(to: w.6, relativeTolerance: 1e-14))
        }
        // 80% of 3 won deals is 2.4 → 3 deals → threshold 50.
        #expect(sweep.select(.recall(0.8))?.threshold == 50)
        // A threshold between distinct scores takes the row of the next score up.
        let between = sweep.row(at: 60)
        #expect(between.threshold == 60 && between.won == 2 && between.lost == 1)
        #expect(sweep.row(at: 50).won == 3)
        let above = sweep.row(at: 95)
        #expect(above.won == 0 && above.lost == 0 && above.recall == 0 && above.sqlRate == 0)
        #expect(sweep.row(at: -5).sqlRate == 1)
    }

    @Test func weightedSweepCountsWeights() throws {
        // Same scores, weights 2, 1, 1, 3, 4: won weight 2 + 1 + 3 = 6, lost 1 + 4 = 5.
        let sweep = ThresholdSweep(
            scores: [90, 80, 80, 50, 10], won: [true, false, true, true, false], weights: [2, 1, 1, 3, 4])
        #expect(sweep.totalWon == 6 && sweep.totalLost == 5)
        #expect(sweep.rows.map(\.won) == [2, 3, 6, 6])
        #expect(sweep.rows.map(\.lost) == [0, 1, 1, 5])
        // 80% of 6 = 4.8 → weight 5 needed → first reached at 50.
        #expect(sweep.select(.recall(0.8))?.threshold == 50)
        #expect(sweep.rows[1].sqlRate.isApproximatelyEqual(to: 4.0 / 11, relativeTolerance: 1e-15))
        #expect(sweep.rows[2].lift.isApproximatelyEqual(to: (6.0 / 7) / (6.0 / 11), relativeTolerance: 1e-14))
    }

    @Test func sweepJSON() throws {
        let sweep = ThresholdSweep(scores: [90, 80, 80, 50, 10], won: [true, false, true, true, false])
        let json = sweep.json(selecting: .recall(0.8))
        #expect(json["selected"]?["threshold"] == 50)
        #expect(json["selected"]?["rule"] == "recall:0.8")
        #expect(json["selected"]?["recall"] == 1)
        #expect(json["selected"]?["precision"] == 0.75)
        #expect(json["thresholds"]?.array?.count == 4)
        let first = try #require(json["thresholds"]?.array?.first)
        #expect(first.members?.map(\.0) == ["threshold", "won", "lost", "recall", "precision", "sqlRate", "lift"])
        #expect(first["won"] == 1 && first["lost"] == 0)
        // An empty sweep selects nothing.
        #expect(ThresholdSweep(scores: [], won: []).json(selecting: .recall(0.8))["selected"] == .null)
    }

    @Test func thresholdRuleParsing() {
        #expect(ThresholdRule(parsing: "recall:0.8") == .recall(0.8))
        #expect(ThresholdRule(parsing: "recall:1") == .recall(1))
        for bad in [
            "recall:0", "recall:1.5", "recall:-0.2", "recall", "recall:", "precision:1.5", "capacity:0", "f1:2",
            "value:1", "value:-1:2", "recall:x", "0.8",
        ] {
            #expect(ThresholdRule(parsing: bad) == nil, "\(bad)")
        }
        #expect(ThresholdRule.recall(0.8).description == "recall:0.8")
        #expect(ThresholdRule.recall(0.8).explanation.contains("80%"))
    }

    @Test
    func explanationShowsTheTargetAsTyped() {
        // 0.57 × 100 = 56.99999999999999 and 0.07 × 100 = 7.000000000000001 in binary floating
        // point; the percentage people read should be 57% and 7%.
        #expect(ThresholdRule.recall(0.57).explanation.contains("at least 57% "))
        #expect(ThresholdRule.recall(0.07).explanation.contains("at least 7% "))
        #expect(ThresholdRule.recall(0.575).explanation.contains("at least 57.5% "))
    }

    // MARK: - Ranking metrics against brute force

    /// Mann–Whitney by brute force: every (won, lost) pair, ties counting ½, weighted.
    static func bruteAUC(_ s: [Double], _ won: [Bool], _ w: [Double]) -> Double {
        var pairs = 0.0
        var total = 0.0
        for i in s.indices where won[i] {
            for j in s.indices where !won[j] {
                let ww = w[i] * w[j]
                total += ww
                if s[i] > s[j] { pairs += ww } else if s[i] == s[j] { pairs += 0.5 * ww }
            }
        }
        return pairs / total
    }

    /// KS by brute force: the largest |F_lost(t) − F_won(t)| over every score t, with F(t) the
    /// weighted share of deals scoring ≤ t.
    static func bruteKS(_ s: [Double], _ won: [Bool], _ w: [Double]) -> Double {
        var wonTotal = 0.0
        var lostTotal = 0.0
        for i in s.indices { if won[i] { wonTotal += w[i] } else { lostTotal += w[i] } }
        var best = 0.0
        for t in s {
            var fw = 0.0
            var fl = 0.0
            for i in s.indices where s[i] <= t { if won[i] { fw += w[i] } else { fl += w[i] } }
            best = max(best, abs(fl / lostTotal - fw / wonTotal))
        }
        return best
    }

    @Test func documentedExample() {
        // Pairs: 30 > 10, 30 > 20, 20 > 10 (1 each) and 20 = 20 (½): 3.5 of 4.
        let m = RankingMetrics(scores: [10, 20, 20, 30], won: [false, false, true, true])
        #expect(m.auc == 0.875)
        // At t = 10: lost 1/2, won 0; at t = 20: lost 1, won 1/2; at t = 30: both 1.
        #expect(m.ks == 0.5)
    }

    @Test func separationAndDegenerateCases() {
        let perfect = RankingMetrics(scores: [1, 2, 3, 4], won: [false, false, true, true])
        #expect(perfect.auc == 1 && perfect.ks == 1)
        let reversed = RankingMetrics(scores: [1, 2, 3, 4], won: [true, true, false, false])
        #expect(reversed.auc == 0 && reversed.ks == 1)
        let allTied = RankingMetrics(scores: [5, 5, 5, 5], won: [true, false, true, false])
        #expect(allTied.auc == 0.5 && allTied.ks == 0)
        let oneClass = RankingMetrics(scores: [1, 2], won: [true, true])
        #expect(oneClass.auc.isNaN && oneClass.ks.isNaN)
    }

    @Test func aucAndKSMatchBruteForceOnSeededDataWithTies() {
        for seed in UInt64(1)...200 {
            var rng = SplitMix64(seed: seed &* 7919)
            let n = 2 + rng.nextInt(below: 80)
            let levels = 1 + rng.nextInt(below: 12)  // few levels → many ties
            var s = (0..<n).map { _ in Double(rng.nextInt(below: levels)) }
            var won = (0..<n).map { _ in rng.nextBool(probability: 0.4) }
            // Make sure both outcomes occur.
            won[0] = true
            won[1] = false
            if seed % 5 == 0 { s = s.map { $0 + rng.nextUnit() * 0.5 } }  // some untied runs
            let ones = [Double](repeating: 1, count: n)
            let m = RankingMetrics(scores: s, won: won)
            let auc = Self.bruteAUC(s, won, ones)
            let ks = Self.bruteKS(s, won, ones)
            #expect(m.auc.isApproximatelyEqual(to: auc, relativeTolerance: 1e-12), "seed \(seed)")
            #expect(m.ks.isApproximatelyEqual(to: ks, absoluteTolerance: 1e-12), "seed \(seed)")
            // Weighted: weights 1 … 4.
            let w = (0..<n).map { _ in Double(1 + rng.nextInt(below: 4)) }
            let mw = RankingMetrics(scores: s, won: won, weights: w)
            #expect(mw.auc.isApproximatelyEqual(to: Self.bruteAUC(s, won, w), relativeTolerance: 1e-12), "seed \(seed)")
            #expect(mw.ks.isApproximatelyEqual(to: Self.bruteKS(s, won, w), absoluteTolerance: 1e-12), "seed \(seed)")
        }
    }

    @Test func integerWeightsEqualRepeatedRows() {
        // Weight k is the same as the row written k times.
        var rng = SplitMix64(seed: 42)
        let n = 30
        let s = (0..<n).map { _ in Double(rng.nextInt(below: 6)) }
        var won = (0..<n).map { _ in rng.nextBool(probability: 0.5) }
        won[0] = true
        won[1] = false
        let w = (0..<n).map { _ in 1 + rng.nextInt(below: 3) }
        var rs: [Double] = []
        var rw: [Bool] = []
        for i in 0..<n {
            for _ in 0..<w[i] {
                rs.append(s[i])
                rw.append(won[i])
            }
        }
        let weighted = RankingMetrics(scores: s, won: won, weights: w.map(Double.init))
        let repeated = RankingMetrics(scores: rs, won: rw)
        #expect(weighted.auc.isApproximatelyEqual(to: repeated.auc, relativeTolerance: 1e-12))
        #expect(weighted.ks.isApproximatelyEqual(to: repeated.ks, absoluteTolerance: 1e-12))
        let sw = ThresholdSweep(scores: s, won: won, weights: w.map(Double.init))
        let sr = ThresholdSweep(scores: rs, won: rw)
        #expect(sw.rows.map(\.won) == sr.rows.map(\.won))
        #expect(sw.rows.map(\.lost) == sr.rows.map(\.lost))
        #expect(sw.select(.recall(0.8))?.threshold == sr.select(.recall(0.8))?.threshold)
    }
}
