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

    /// Splits deals into bands of rising score: about equal numbers of deals per band (quantile
    /// bands), never splitting deals with the same score, each with at least `minimumDeals` deals
    /// (the last band is merged into the one before when it falls short), and at most
    /// `maximumBands` bands: k = min(maximumBands, ⌊n / minimumDeals⌋) (at least 1), and band
    /// boundaries are placed where the running count first reaches n·j/k.
    ///
    /// - Parameters:
    ///   - predicted: the probability a curve gives each deal (averaged into ``predicted``).
    public static func bands(scores: [Double], won: [Bool], weights: [Double]? = nil, predicted: [Double],
                             minimumDeals: Double = 10, maximumBands: Int = 10) -> [ScoreBand] {
        precondition(scores.count == won.count && predicted.count == won.count && (weights?.count ?? won.count) == won.count,
                     "one outcome, prediction (and weight) per score")
        precondition(minimumDeals > 0 && maximumBands >= 1, "minimumDeals must be positive and maximumBands at least 1")
        let order = scores.indices.filter { (weights?[$0] ?? 1) > 0 }.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        let total = order.reduce(0.0) { $0 + (weights?[$1] ?? 1) }
        guard total > 0 else { return [] }
        let k = max(1, min(maximumBands, Int((total / minimumDeals).rounded(.down))))
        var out: [ScoreBand] = []
        var current: (from: Double, to: Double, n: Double, won: Double, pred: Double)? = nil
        var running = 0.0
        var t = 0
        while t < order.count {
            // One distinct score at a time: ties stay together.
            let s = scores[order[t]]
            var n = 0.0, w = 0.0, pr = 0.0
            while t < order.count, scores[order[t]] == s {
                let i = order[t], wi = weights?[i] ?? 1
                n += wi
                if won[i] { w += wi }
                pr += wi * predicted[i]
                t += 1
            }
            if var c = current { c.to = s; c.n += n; c.won += w; c.pred += pr; current = c } else { current = (s, s, n, w, pr) }
            running += n
            let boundary = total * Double(out.count + 1) / Double(k)
            if running >= boundary * (1 - 1e-12), out.count < k - 1, let c = current, c.n >= minimumDeals {
                out.append(band(c))
                current = nil
            }
        }
        if let c = current {
            if c.n < minimumDeals, let last = out.popLast() {
                out.append(ScoreBand(scoreFrom: last.scoreFrom, scoreTo: c.to, deals: last.deals + c.n, won: last.won + c.won,
                                     predicted: (last.predicted * last.deals + c.pred) / (last.deals + c.n),
                                     interval: wilsonInterval(successes: last.won + c.won, trials: last.deals + c.n)))
            } else {
                out.append(band(c))
            }
        }
        return out
    }

    private static func band(_ c: (from: Double, to: Double, n: Double, won: Double, pred: Double)) -> ScoreBand {
        ScoreBand(scoreFrom: c.from, scoreTo: c.to, deals: c.n, won: c.won, predicted: c.pred / c.n,
                  interval: wilsonInterval(successes: c.won, trials: c.n))
    }

    /// `{"scoreFrom", "scoreTo", "deals", "won", "observed", "predicted", "low", "high"}`.
    public var json: JSONValue {
        .object([("scoreFrom", .finite(scoreFrom)), ("scoreTo", .finite(scoreTo)), ("deals", .finite(deals)), ("won", .finite(won)),
                 ("observed", .finite(observed)), ("predicted", .finite(predicted)),
                 ("low", .finite(interval.lowerBound)), ("high", .finite(interval.upperBound))])
    }
}
