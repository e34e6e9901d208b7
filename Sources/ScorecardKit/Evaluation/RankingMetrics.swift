/// How well scores rank won deals above lost ones.
///
/// - AUC: the probability that a random won deal scores above a random lost one, ties counting
///   half (the Mann–Whitney statistic divided by won × lost).
/// - KS: the largest gap between the cumulative score distributions of won and lost deals.
///
/// ```swift
/// let m = RankingMetrics(scores: [10, 20, 20, 30], won: [false, false, true, true])
/// m.auc   // 0.875  (pairs: 30>10, 30>20, 20>10 won; 20=20 half)
/// ```
public struct RankingMetrics: Sendable, Equatable {
    /// Area under the ROC curve, in [0, 1].
    public var auc: Double
    /// Kolmogorov–Smirnov statistic, in [0, 1].
    public var ks: Double

    /// Computes AUC and KS from scores and outcomes, optionally weighted.
    ///
    /// - Complexity: O(n log n).
    ///
    /// - Parameter ascendingOrder: the indices of `scores` from the lowest score up (any order
    ///   among equal scores), when the caller ranks the same scores many times under other weights
    ///   (a bootstrap) and has sorted them once; ``ascendingOrder(_:)`` gives it.
    public init(scores: [Double], won: [Bool], weights: [Double]? = nil, ascendingOrder: [Int]? = nil) {
        precondition(scores.count == won.count, "one outcome per score")
        precondition(ascendingOrder.map { $0.count == scores.count } ?? true, "one index per score")
        if ascendingOrder == nil, scores.count > RadixSort.minimumCount,
            let counts = WholeScoreCounts(scores: scores, won: won, weights: weights)
        {
            // Whole scores and weights: the deals counted at each score (every sum exact, so the
            // same numbers as the sorted pass below).
            var totalWon = 0.0
            var totalLost = 0.0
            for k in counts.deals.indices {
                totalWon += counts.won[k]
                totalLost += counts.lost[k]
            }
            (auc, ks) = Self.metrics(totalWon: totalWon, totalLost: totalLost) { group in
                for k in counts.deals.indices where counts.deals[k] > 0 { group(counts.won[k], counts.lost[k]) }
            }
            return
        }
        (auc, ks) = Self.sorted(
            scores: scores, won: won, weights: weights, order: ascendingOrder ?? Self.ascendingOrder(scores),
            withKS: true)
    }

    /// `RankingMetrics(scores:won:weights:ascendingOrder:)` with the order as the radix sort gives
    /// it (``RadixSort/ascendingOrder(_:)``, 4-byte indices), for a caller that sorts the scores
    /// once for this and for Kendall's τ (``PointsScaler/Result/roundingCost(on:)``).
    init(scores: [Double], won: [Bool], weights: [Double]?, ascending order: [Int32]) {
        precondition(scores.count == won.count, "one outcome per score")
        precondition(order.count == scores.count, "one index per score")
        (auc, ks) = Self.sorted(scores: scores, won: won, weights: weights, order: order, withKS: true)
    }

    /// The AUC alone of `RankingMetrics(scores:won:weights:ascendingOrder:)`: the same number,
    /// without the KS statistic's two divisions per score (a bootstrap's thousand resamples need
    /// only the AUC).
    static func auc(scores: [Double], won: [Bool], weights: [Double]?, ascendingOrder order: [Int]) -> Double {
        precondition(scores.count == won.count, "one outcome per score")
        precondition(order.count == scores.count, "one index per score")
        return sorted(scores: scores, won: won, weights: weights, order: order, withKS: false).auc
    }

    /// The sorted pass: the weight won and lost at each distinct score of `scores` in `order`
    /// (lowest first), into ``metrics(totalWon:totalLost:withKS:groups:)``.
    @inline(__always) private static func sorted<Index: BinaryInteger>(
        scores: [Double], won: [Bool], weights: [Double]?, order: [Index], withKS: Bool
    ) -> (auc: Double, ks: Double) {
        var totalWon = 0.0
        var totalLost = 0.0
        for i in scores.indices {
            let w = weights?[i] ?? 1
            if won[i] { totalWon += w } else { totalLost += w }
        }
        return Self.metrics(totalWon: totalWon, totalLost: totalLost, withKS: withKS) { group in
            var k = 0
            while k < order.count {
                let s = scores[Int(order[k])]
                var groupWon = 0.0
                var groupLost = 0.0
                while k < order.count, scores[Int(order[k])] == s {
                    let i = Int(order[k])
                    let w = weights?[i] ?? 1
                    if won[i] { groupWon += w } else { groupLost += w }
                    k += 1
                }
                group(groupWon, groupLost)
            }
        }
    }

    /// AUC and KS from the won and lost weight at each distinct score, lowest first, which
    /// `groups` hands to its argument one score at a time (KS left at 0 when `withKS` is false).
    @inline(__always) private static func metrics(
        totalWon: Double, totalLost: Double, withKS: Bool = true, groups: ((Double, Double) -> Void) -> Void
    ) -> (auc: Double, ks: Double) {
        guard totalWon > 0, totalLost > 0 else { return (.nan, .nan) }
        var lostBelow = 0.0
        var wonBelow = 0.0
        var pairs = 0.0
        var ks = 0.0
        groups { groupWon, groupLost in
            pairs += groupWon * (lostBelow + 0.5 * groupLost)
            lostBelow += groupLost
            if withKS {
                wonBelow += groupWon
                ks = max(ks, abs(lostBelow / totalLost - wonBelow / totalWon))
            }
        }
        return (pairs / (totalWon * totalLost), ks)
    }

    /// The indices of `scores` from the lowest score up: a radix sort for large inputs, the
    /// standard sort for small ones.
    public static func ascendingOrder(_ scores: [Double]) -> [Int] {
        RadixSort.ascendingOrder(scores).map(Int.init)
    }
}
