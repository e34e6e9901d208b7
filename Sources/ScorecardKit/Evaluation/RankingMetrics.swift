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
    public init(scores: [Double], won: [Bool], weights: [Double]? = nil) {
        precondition(scores.count == won.count, "one outcome per score")
        let order: [Int] = scores.count > 50_000 ? RadixSort.ascendingOrder(scores).map(Int.init) : scores.indices.sorted { scores[$0] < scores[$1] }
        var totalWon = 0.0, totalLost = 0.0
        for i in scores.indices {
            let w = weights?[i] ?? 1
            if won[i] { totalWon += w } else { totalLost += w }
        }
        guard totalWon > 0, totalLost > 0 else { auc = .nan; ks = .nan; return }
        var lostBelow = 0.0, wonBelow = 0.0, pairs = 0.0, ks = 0.0
        var k = 0
        while k < order.count {
            let s = scores[order[k]]
            var groupWon = 0.0, groupLost = 0.0
            while k < order.count, scores[order[k]] == s {
                let i = order[k]
                let w = weights?[i] ?? 1
                if won[i] { groupWon += w } else { groupLost += w }
                k += 1
            }
            pairs += groupWon * (lostBelow + 0.5 * groupLost)
            lostBelow += groupLost
            wonBelow += groupWon
            ks = max(ks, abs(lostBelow / totalLost - wonBelow / totalWon))
        }
        auc = pairs / (totalWon * totalLost)
        self.ks = ks
    }
}
