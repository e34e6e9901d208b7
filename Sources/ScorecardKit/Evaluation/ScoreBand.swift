/// Deals whose scores fall in one range, with their observed win rate and what a calibration
/// curve predicts for them.
public struct ScoreBand: Sendable, Equatable {
    /// Lowest score in the band (a score present in the data).
    public var scoreFrom: Double
    /// Highest score in the band.
    public var scoreTo: Double
    /// Deals (weights) in the band.
    public var deals: Double
    /// Won deals in the band.
    public var won: Double
    /// Mean predicted probability over the band's deals.
    public var predicted: Double
    /// 95% Wilson interval of the observed rate (Wilson 1927; ``wilsonInterval(successes:trials:z:)``).
    public var interval: ClosedRange<Double>

    /// The observed win rate won / deals.
    public var observed: Double { won / deals }

    /// Splits deals into bands of rising score with about equal numbers of deals (quantile bands):
    /// k = min(maximumBands, ⌊n / minimumDeals⌋) bands (at least 1); the j-th cut goes at the
    /// boundary between distinct scores nearest to n·j/k deals (deals with the same score are never
    /// split, so bands can be uneven), and a band left with fewer than minimumDeals / 2 deals is
    /// merged into its smaller neighbour.
    ///
    /// - Parameters:
    ///   - predicted: the probability a curve gives each deal (averaged into ``predicted``).
    public static func bands(
        scores: [Double], won: [Bool], weights: [Double]? = nil, predicted: [Double],
        minimumDeals: Double = 10, maximumBands: Int = 10
    ) -> [ScoreBand] {
        precondition(
            scores.count == won.count && predicted.count == won.count && (weights?.count ?? won.count) == won.count,
            "one outcome, prediction (and weight) per score")
        precondition(minimumDeals > 0 && maximumBands >= 1, "minimumDeals must be positive and maximumBands at least 1")
        let order = scores.indices.filter { (weights?[$0] ?? 1) > 0 }.sorted {
            scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1)
        }
        // Distinct scores with their deals, won deals and summed predictions.
        var groups: [(score: Double, n: Double, won: Double, pred: Double)] = []
        for i in order {
            let w = weights?[i] ?? 1
            if let last = groups.last, last.score == scores[i] {
                groups[groups.count - 1].n += w
                if won[i] { groups[groups.count - 1].won += w }
                groups[groups.count - 1].pred += w * predicted[i]
            } else {
                groups.append((scores[i], w, won[i] ? w : 0, w * predicted[i]))
            }
        }
        let total = groups.reduce(0.0) { $0 + $1.n }
        guard total > 0 else { return [] }
        let k = max(1, min(maximumBands, Int((total / minimumDeals).rounded(.down))))
        // Cuts: after group g when the running count there is the nearest to a target.
        var cumulative = [Double](repeating: 0, count: groups.count)
        var running = 0.0
        for (g, group) in groups.enumerated() {
            running += group.n
            cumulative[g] = running
        }
        var cuts: [Int] = []  // index of the last group of each band but the last
        for j in 1..<k {
            let target = total * Double(j) / Double(k)
            guard let g = cumulative.firstIndex(where: { $0 >= target }) else { continue }
            let best = g > 0 && target - cumulative[g - 1] < cumulative[g] - target ? g - 1 : g
            if best < groups.count - 1, best > (cuts.last ?? -1) { cuts.append(best) }
        }
        var ranges: [ClosedRange<Int>] = []
        var first = 0
        for c in cuts {
            ranges.append(first...c)
            first = c + 1
        }
        ranges.append(first...(groups.count - 1))
        func size(_ r: ClosedRange<Int>) -> Double { groups[r].reduce(0) { $0 + $1.n } }
        // Merge bands under half the minimum into their smaller neighbour, smallest first.
        while ranges.count > 1, let s = ranges.indices.min(by: { size(ranges[$0]) < size(ranges[$1]) }),
            size(ranges[s]) < minimumDeals / 2
        {
            let left = s > 0 ? size(ranges[s - 1]) : .infinity
            let right = s < ranges.count - 1 ? size(ranges[s + 1]) : .infinity
            if left <= right {
                ranges[s - 1] = ranges[s - 1].lowerBound...ranges[s].upperBound
            } else {
                ranges[s + 1] = ranges[s].lowerBound...ranges[s + 1].upperBound
            }
            ranges.remove(at: s)
        }
        return ranges.map { r in
            let part = groups[r]
            let n = part.reduce(0) { $0 + $1.n }
            let w = part.reduce(0) { $0 + $1.won }
            let pr = part.reduce(0) { $0 + $1.pred }
            return band((groups[r.lowerBound].score, groups[r.upperBound].score, n, w, pr))
        }
    }

    private static func band(_ c: (from: Double, to: Double, n: Double, won: Double, pred: Double)) -> ScoreBand {
        ScoreBand(
            scoreFrom: c.from, scoreTo: c.to, deals: c.n, won: c.won, predicted: c.pred / c.n,
            interval: wilsonInterval(successes: c.won, trials: c.n))
    }

    /// `{"scoreFrom", "scoreTo", "deals", "won", "observed", "predicted", "low", "high"}`.
    public var json: JSONValue {
        .object([
            ("scoreFrom", .finite(scoreFrom)), ("scoreTo", .finite(scoreTo)), ("deals", .finite(deals)),
            ("won", .finite(won)),
            ("observed", .finite(observed)), ("predicted", .finite(predicted)),
            ("low", .finite(interval.lowerBound)), ("high", .finite(interval.upperBound)),
        ])
    }
}
