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
    public func interval(
        scores: [Double], won: [Bool], weights: [Double]? = nil, eligible: [Bool]? = nil, rule: ThresholdRule,
        periods: Int? = nil
    ) -> ThresholdInterval? {
        // Cells: distinct (score, outcome), and eligibility when the card has bars. Whole scores
        // in a narrow range find their cell by their slot, others through a hash table; either
        // way each cell adds its deals' weights in the deals' order.
        let kinds: [(won: Bool, eligible: Bool)] =
            eligible == nil
            ? [(true, true), (false, true)] : [(true, true), (false, true), (true, false), (false, false)]
        let distinct: [Double]
        let cellOf: (Int) -> Int
        if let (lowest, width) = WholeScoreCounts.range(scores) {
            var slotCell = [Int](repeating: -1, count: width)
            for s in scores { slotCell[Int(s - lowest)] = 0 }
            var found: [Double] = []
            for k in 0..<width where slotCell[k] == 0 {
                slotCell[k] = found.count * kinds.count
                found.append(lowest + Double(k))
            }
            distinct = found
            cellOf = { slotCell[Int(scores[$0] - lowest)] }
        } else {
            distinct = Set(scores.map { $0 + 0 }).sorted()
            var position: [Double: Int] = [:]
            for (g, s) in distinct.enumerated() { position[s] = g * kinds.count }
            cellOf = { position[scores[$0] + 0]! }
        }
        var cellScores: [Double] = []
        var cellWon: [Bool] = []
        var cellEligible: [Bool] = []
        var counts: [Double] = []
        for s in distinct {
            for kind in kinds {
                cellScores.append(s)
                cellWon.append(kind.won)
                cellEligible.append(kind.eligible)
                counts.append(0)
            }
        }
        for i in scores.indices {
            counts[cellOf(i) + (won[i] ? 0 : 1) + (eligible?[i] == false ? 2 : 0)] += weights?[i] ?? 1
        }
        let n = Int(counts.reduce(0, +).rounded())
        var cumulative = [Double](repeating: 0, count: counts.count)
        var acc = 0.0
        for (k, c) in counts.enumerated() {
            acc += c
            cumulative[k] = acc
        }

        var rng = SplitMix64(seed: seed)
        var thresholds: [Double] = []
        var recalls: [Double] = []
        var precisions: [Double] = []
        var failed = 0
        var weights = [Double](repeating: 0, count: counts.count)
        let poisson = PoissonCounts(means: counts, skippingZeros: true)
        let stream = UniformStream(rng)
        // The cells were laid out from the lowest score up: the sweep's order is known.
        let descending = Array(counts.indices.reversed())
        for _ in 0..<resamples {
            for k in weights.indices { weights[k] = 0 }
            if n <= Self.exactMultinomialLimit {
                for _ in 0..<n {
                    let u = rng.nextUnit() * Double(n)
                    var lo = 0
                    var hi = cumulative.count - 1
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
                    }
                    weights[lo] += 1
                }
            } else {
                poisson.draw(into: &weights, from: stream)
            }
            var sweep = ThresholdSweep(
                scores: cellScores, won: cellWon, weights: weights, eligible: eligible == nil ? nil : cellEligible,
                descendingOrder: descending)
            sweep.periods = periods
            guard let row = sweep.select(rule) else {
                failed += 1
                continue
            }
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
        return ThresholdInterval(
            level: 0.95, resamples: resamples, failed: failed, threshold: percentile(thresholds),
            recall: percentile(recalls), precision: percentile(precisions))
    }
}

/// The Poisson bootstrap's new counts for a fixed set of cells: for cell `k`, a Poisson deviate
/// with mean `means[k]` (the count of deals in the cell: a Poisson(1) per deal, summed over the
/// cell's deals, is exactly Poisson(count)). Knuth's product method below a mean of 30, a rounded
/// normal N(μ, μ) above (its error is negligible for the bootstrap's purpose at those means).
///
/// The deviates, and the uniforms they take from the stream, are exactly those of
/// ``SplitMix64/nextPoisson(mean:)`` called cell after cell; only the work differs: Knuth's bound
/// e^−μ is computed once per cell, the uniforms come from a block generated ahead
/// (``UniformStream``), and the first four steps of Knuth's loop are taken without branching
/// (a deviate below 4 costs no mispredicted jump).
struct PoissonCounts {
    /// Each cell's mean.
    let means: [Double]
    /// e^−mean for a mean below 30 (Knuth's stopping bound), NaN for the normal approximation.
    private let bounds: [Double]
    /// Cells of mean 0 get 0 without a draw (else they take one uniform, as Knuth's method does).
    private let skipsZeros: Bool

    /// Prepares the draws for cells with these means.
    ///
    /// - Parameter skippingZeros: give a cell of mean 0 its 0 without reading the stream.
    init(means: [Double], skippingZeros: Bool = false) {
        self.means = means
        bounds = means.map { $0 < 30 ? _exp(-$0) : .nan }
        skipsZeros = skippingZeros
    }

    /// Sets `counts[k]` to a new count for every cell `k`, reading `stream`.
    func draw(into counts: inout [Double], from stream: UniformStream) {
        precondition(counts.count == means.count, "one count per cell")
        var position = stream.position
        let u = stream.base
        bounds.withUnsafeBufferPointer { bounds in
            counts.withUnsafeMutableBufferPointer { counts in
                for k in 0..<bounds.count {
                    if skipsZeros, means[k] <= 0 {
                        counts[k] = 0
                        continue
                    }
                    if position > UniformStream.size - 5 { position = stream.refill(from: position) }
                    let bound = bounds[k]
                    guard !bound.isNaN else {
                        stream.position = position
                        let mean = means[k]
                        counts[k] = Double(max(0, Int((mean + mean.squareRoot() * stream.nextNormal()).rounded())))
                        position = stream.position
                        continue
                    }
                    // Knuth: p = u₀; while p > e^−μ { n += 1; p *= uₙ }. Four steps without
                    // branches (reading up to u₄, which the block holds), then the loop.
                    var p = u[position]
                    var alive = p > bound ? 1 : 0
                    var n = alive
                    p *= u[position + 1]
                    alive &= p > bound ? 1 : 0
                    n += alive
                    p *= u[position + 2]
                    alive &= p > bound ? 1 : 0
                    n += alive
                    p *= u[position + 3]
                    alive &= p > bound ? 1 : 0
                    n += alive
                    if alive == 0 {
                        position += n + 1
                    } else {
                        p *= u[position + 4]
                        position += 5
                        while p > bound {
                            n += 1
                            if position == UniformStream.size { position = stream.refill(from: position) }
                            p *= u[position]
                            position += 1
                        }
                    }
                    counts[k] = Double(n)
                }
            }
        }
        stream.position = position
    }
}

/// ``SplitMix64``'s uniforms (``SplitMix64/nextUnit()``) generated a block at a time and read in
/// the same order, so a loop can look a few ahead without a call per number. Every number is read
/// once; what a reader has not read when it stops is never used.
final class UniformStream {
    /// Uniforms in a block.
    static let size = 4_096
    /// The block; `base[position]` is the next uniform.
    let base: UnsafeMutablePointer<Double>
    /// The next uniform's place in the block.
    var position: Int
    private var rng: SplitMix64

    /// A stream of `rng`'s uniforms, from its next one on.
    init(_ rng: SplitMix64) {
        self.rng = rng
        base = .allocate(capacity: Self.size)
        position = Self.size
    }

    deinit { base.deallocate() }

    /// Moves the unread uniforms from `position` on to the front of the block and fills the rest
    /// with the next ones; returns the new position (0).
    func refill(from position: Int) -> Int {
        let left = Self.size - position
        if left > 0 { base.update(from: base + position, count: left) }
        for i in left..<Self.size { base[i] = rng.nextUnit() }
        self.position = 0
        return 0
    }

    /// The next uniform.
    func nextUnit() -> Double {
        if position == Self.size { _ = refill(from: position) }
        position += 1
        return base[position - 1]
    }

    /// A standard normal deviate from the next uniforms, as ``SplitMix64/nextNormal()`` makes it.
    func nextNormal() -> Double {
        var u = nextUnit()
        while u == 0 { u = nextUnit() }
        let v = nextUnit()
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }
}
