/// An interval for the selected threshold, and for recall and precision at it, from a seeded
/// bootstrap of the whole selection step.
public struct ThresholdInterval: Sendable, Equatable {
    /// The confidence level (0.95).
    public var level: Double
    /// Resamples drawn.
    public var resamples: Int
    /// Resamples in which the rule could pick no threshold.
    public var failed: Int
    /// Percentile interval of the selected threshold.
    public var threshold: ClosedRange<Double>
    /// Percentile interval of recall at the selected threshold.
    public var recall: ClosedRange<Double>
    /// Percentile interval of precision (SQL-to-won rate) at the selected threshold.
    public var precision: ClosedRange<Double>

    /// A plain-English reading of the interval's width: with a small history the threshold could
    /// sit almost anywhere, and the reader should know before acting on it.
    public func reading(deals: Int) -> String {
        let lo = JSONValue.format(threshold.lowerBound), hi = JSONValue.format(threshold.upperBound)
        let width = threshold.upperBound - threshold.lowerBound
        let span = lo == hi
            ? "the threshold is \(lo) in at least 95% of \(resamples) bootstrap resamples"
            : "the threshold could plausibly be anywhere from \(lo) to \(hi) (95% bootstrap interval, \(resamples) resamples)"
        if deals < 100 || width > 20 {
            return "With \(deals) deals \(span): treat the chosen number as a starting point, not a finding."
        }
        return "The data pin the threshold well: \(span)."
    }
}

/// Resamples the deals with replacement, re-runs the selection rule on each resample, and reports
/// percentile intervals.
///
/// The deals are first reduced to cells (distinct score × outcome) with counts; a resample draws
/// new counts for the cells, so the cost follows the number of distinct scores, not deals. Up to
/// 20,000 deals the draw is exactly multinomial; above that each cell's count is drawn as
/// Poisson(count) (the Poisson bootstrap; Hanley & MacGibbon 2006), which is indistinguishable at
/// that size and costs O(cells).
///
/// ```swift
/// let interval = ThresholdBootstrap(resamples: 1_000, seed: 1)
///     .interval(scores: scores, won: won, rule: .recall(0.8))
/// ```
public struct ThresholdBootstrap: Sendable {
    /// Resamples (1,000 by default: enough for stable 2.5% and 97.5% percentiles).
    public var resamples: Int
    /// The seed: the same seed gives the same interval.
    public var seed: UInt64
    /// Above this many deals, resample cell counts by the Poisson bootstrap.
    public static let exactMultinomialLimit = 20_000

    /// Creates a bootstrap.
    public init(resamples: Int = 1_000, seed: UInt64 = 1) {
        precondition(resamples > 0, "resamples must be positive")
        self.resamples = resamples
        self.seed = seed
    }

    /// The 95% interval of the selection, or `nil` when no resample selects a threshold.
    ///
    /// - Parameters:
    ///   - eligible: with dual bars, whether each deal meets them (as for ``ThresholdSweep``); a
    ///     resample keeps each deal's eligibility.
    public func interval(scores: [Double], won: [Bool], weights: [Double]? = nil, eligible: [Bool]? = nil, rule: ThresholdRule,
                         periods: Int? = nil) -> ThresholdInterval? {
        // Cells: distinct (score, outcome), and eligibility when the card has bars.
        let distinct = Set(scores.map { $0 + 0 }).sorted()
        var cellScores: [Double] = [], cellWon: [Bool] = [], cellEligible: [Bool] = [], counts: [Double] = []
        var position: [Double: Int] = [:]
        let kinds: [(won: Bool, eligible: Bool)] = eligible == nil ? [(true, true), (false, true)] : [(true, true), (false, true), (true, false), (false, false)]
        for s in distinct {
            position[s] = cellScores.count
            for kind in kinds { cellScores.append(s); cellWon.append(kind.won); cellEligible.append(kind.eligible); counts.append(0) }
        }
        for (i, (s, w)) in zip(scores, won).enumerated() {
            counts[position[s + 0]! + (w ? 0 : 1) + (eligible?[i] == false ? 2 : 0)] += weights?[i] ?? 1
        }
        let n = Int(counts.reduce(0, +).rounded())
        var cumulative = [Double](repeating: 0, count: counts.count)
        var acc = 0.0
        for (k, c) in counts.enumerated() { acc += c; cumulative[k] = acc }

        var rng = SplitMix64(seed: seed)
        var thresholds: [Double] = [], recalls: [Double] = [], precisions: [Double] = []
        var failed = 0
        var weights = [Double](repeating: 0, count: counts.count)
        let poisson = PoissonCounts(means: counts)
        // The cells were laid out from the lowest score up: the sweep's order is known.
        let descending = Array(counts.indices.reversed())
        for _ in 0..<resamples {
            for k in weights.indices { weights[k] = 0 }
            if n <= Self.exactMultinomialLimit {
                for _ in 0..<n {
                    let u = rng.nextUnit() * Double(n)
                    var lo = 0, hi = cumulative.count - 1
                    while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > u { hi = mid } else { lo = mid + 1 } }
                    weights[lo] += 1
                }
            } else {
                for k in counts.indices where counts[k] > 0 { weights[k] = poisson.draw(k, using: &rng) }
            }
            var sweep = ThresholdSweep(scores: cellScores, won: cellWon, weights: weights, eligible: eligible == nil ? nil : cellEligible,
                                       descendingOrder: descending)
            sweep.periods = periods
            guard let row = sweep.select(rule) else { failed += 1; continue }
            thresholds.append(row.threshold)
            recalls.append(row.recall)
            precisions.append(row.precision)
        }
        guard !thresholds.isEmpty else { return nil }
        func percentile(_ v: [Double]) -> ClosedRange<Double> {
            let s = v.sorted()
            let lo = s[Int((0.025 * Double(s.count - 1)).rounded(.down))]
            let hi = s[Int((0.975 * Double(s.count - 1)).rounded(.up))]
            return lo...hi
        }
        return ThresholdInterval(level: 0.95, resamples: resamples, failed: failed, threshold: percentile(thresholds),
                                 recall: percentile(recalls), precision: percentile(precisions))
    }
}

/// The Poisson bootstrap's new counts for a fixed set of cells: for cell `k`, a Poisson deviate
/// with mean `means[k]` (the count of deals in the cell: a Poisson(1) per deal, summed over the
/// cell's deals, is exactly Poisson(count)). Knuth's product method below a mean of 30, a rounded
/// normal N(μ, μ) above (its error is negligible for the bootstrap's purpose at those means).
///
/// Knuth's bound e^−μ is computed once per cell instead of once per draw; the deviates, and the
/// uniforms they take from the stream, are those of ``SplitMix64/nextPoisson(mean:)``.
struct PoissonCounts {
    /// Each cell's mean.
    let means: [Double]
    /// e^−mean for a mean below 30 (Knuth's stopping bound), NaN for the normal approximation.
    private let bounds: [Double]

    /// Prepares the draws for cells with these means.
    init(means: [Double]) {
        self.means = means
        bounds = means.map { $0 < 30 ? _exp(-$0) : .nan }
    }

    /// A new count for cell `k`.
    func draw(_ k: Int, using rng: inout SplitMix64) -> Double {
        let bound = bounds[k]
        guard bound.isNaN else {
            var n = 0
            var p = rng.nextUnit()
            while p > bound { n += 1; p *= rng.nextUnit() }
            return Double(n)
        }
        let mean = means[k]
        return Double(max(0, Int((mean + mean.squareRoot() * rng.nextNormal()).rounded())))
    }
}
