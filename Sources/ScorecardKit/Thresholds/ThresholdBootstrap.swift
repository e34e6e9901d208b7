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
            guard
                let row = ThresholdSweep.select(
                    rule, scores: cellScores, won: cellWon, weights: weights,
                    eligible: eligible == nil ? nil : cellEligible, descendingOrder: descending, periods: periods)
            else {
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
/// ``SplitMix64/nextPoisson(mean:)`` called cell after cell; only the work differs. Knuth's bound
/// e^−μ is computed once per cell. Knuth's first four products u₀, u₀u₁, (u₀u₁)u₂ and
/// ((u₀u₁)u₂)u₃ (multiplied in that order, so they are the same numbers) are made with the
/// uniforms, ahead of the cells, by ``UniformStream``: a cell then compares four numbers it finds
/// side by side with its bound, and the products are non-increasing (every uniform is below 1), so
/// the count of those above the bound is how many of Knuth's first four steps go on. The chain from
/// one cell to the next is that count, not four multiplications.
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
        counts.withUnsafeMutableBufferPointer { counts in
            draw(from: stream) { k, n in counts[k] = n }
        }
    }

    /// Draws a new count for every cell `k` in order, reading `stream`, and hands each to
    /// `deliver(k, count)` as it is drawn: a caller that only adds the counts up (the paired
    /// bootstrap's levels) does so in the wait on the next cell, without an array of counts.
    @inline(__always) func draw(from stream: UniformStream, _ deliver: (Int, Double) -> Void) {
        let mask = UniformStream.capacity - 1
        let capacity = UniformStream.capacity
        // The stream's cursor is a local variable while the cells are drawn, changed only here and
        // in its inlined methods (held by the stream, or by a nested function that captured it,
        // it would stay in memory, and every cell would store and reload it).
        var c = stream.cursor
        let slots = c.slots
        bounds.withUnsafeBufferPointer { bounds in
            means.withUnsafeBufferPointer { means in
                for k in 0..<bounds.count {
                    if skipsZeros, means[k] <= 0 {
                        deliver(k, 0)
                        continue
                    }
                    // A cell reads its four products and may read one uniform past them; three
                    // more are made for each cell (a cell takes 2.6 on average at the means the
                    // bootstrap sees), where they fill the wait on the cell before.
                    if c.made - c.position < 5 { c.fill() }
                    if c.made - c.position <= capacity - 3 {
                        c.make()
                        c.make()
                        c.make()
                    }
                    let bound = bounds[k]
                    if bound.isNaN {
                        // N(μ, μ) from Box–Muller, as SplitMix64.nextNormal() makes it.
                        var a = c.next()
                        while a == 0 { a = c.next() }
                        let b = c.next()
                        deliver(k, Self.roundedNormal(mean: means[k], root: means[k].squareRoot(), a, b))
                        continue
                    }
                    // Knuth: p = u₀; while p > e^−μ { n += 1; p *= uₙ }. The first four steps
                    // from the slot's products, then the loop.
                    let at = (c.position & mask) << 2
                    var n = slots[at] > bound ? 1 : 0
                    n += slots[at | 1] > bound ? 1 : 0
                    n += slots[at | 2] > bound ? 1 : 0
                    n += slots[at | 3] > bound ? 1 : 0
                    if n < 4 {
                        c.position += n + 1
                    } else {
                        var p = slots[at | 3] * slots[((c.position + 4) & mask) << 2]
                        c.position += 5
                        while p > bound {
                            n += 1
                            p *= c.next()
                        }
                    }
                    deliver(k, Double(n))
                }
            }
        }
        stream.cursor = c
    }

    /// The normal approximation's count from Box–Muller's uniforms `a` (not 0) and `b`:
    /// max(0, round(μ + √μ · z)) with z = √(−2 ln a) · cos(2πb), the number
    /// ``SplitMix64/nextNormal()`` gives, and it is only that whole number that is kept.
    ///
    /// The cosine is the bootstrap's costliest step (the C library's takes about 16 ns, more than
    /// the rest of a cell), so it is first taken from ``cosine(_:)``, within 10⁻¹⁵ of the library's;
    /// that moves μ + √μ · z by less than `margin` below. When the sum is farther than that from a
    /// half (the only place a rounding can change), the whole number is the library's; when it is
    /// not (about once in 10¹¹ draws), it is computed again with the library's cosine.
    @inline(__always) static func roundedNormal(mean: Double, root: Double, _ a: Double, _ b: Double) -> Double {
        let r = (-2 * _log(a)).squareRoot()
        let theta = 2 * Double.pi * b
        let v = mean + root * (r * cosine(theta))
        // r ≤ 8.6 (a ≥ 2⁻⁵³), so z moves by at most 8.6 × 10⁻¹⁵ plus its own rounding, and the
        // sum by √μ times that plus the roundings of the product and the sum: 100 times over.
        let margin = 1e-12 * (1 + root) + 1e-15 * abs(v)
        // Below a half, the count is 0 however v rounds; above, the nearest whole number (by
        // truncation, which needs no call into the C library as `rounded()` does here).
        if v < 0.5 - margin { return 0 }
        if v > 0.5 + margin, v < 0x1p52 {
            let nearest = Double(Int(v + 0.5))
            if 0.5 - abs(v - nearest) > margin { return nearest }
        }
        let exact = mean + root * (r * _cos(theta))
        return Double(max(0, Int(exact.rounded())))
    }

    /// cos θ for θ in [0, 2π], within 10⁻¹⁵ of the C library's (both within an ulp or two of
    /// the true value): θ less the nearest multiple q of π/2 (Cody and Waite's reduction, with
    /// π/2 in two parts as fdlibm splits it, exact for q ≤ 4), then the Taylor series of cos and
    /// of sin on [−π/4, π/4] (terms to x¹⁶ and x¹⁷, the next below 10⁻¹⁷; Estrin's grouping, so
    /// few multiplications wait on each other), the one the quadrant needs chosen and signed by
    /// arithmetic (a branch on the quadrant of a random angle is mispredicted half the time).
    @inline(__always) static func cosine(_ theta: Double) -> Double {
        let quadrant = Int(theta * (2 / Double.pi) + 0.5)
        let q = Double(quadrant)
        let x = (theta - q * 1.570_796_326_734_125_614_17) - q * 6.077_100_506_506_192_249_32e-11
        let z = x * x
        let z2 = z * z
        let z4 = z2 * z2
        // The series' coefficients ±1/k! (folded into constants by the compiler).
        let (c1, c2, c3, c4) = (-1.0 / 2, 1.0 / 24, -1.0 / 720, 1.0 / 40_320)
        let (c5, c6, c7, c8) = (-1.0 / 3_628_800, 1.0 / 479_001_600, -1.0 / 87_178_291_200, 1.0 / 20_922_789_888_000)
        let (s1, s2, s3, s4) = (-1.0 / 6, 1.0 / 120, -1.0 / 5_040, 1.0 / 362_880)
        let (s5, s6, s7, s8) = (
            -1.0 / 39_916_800, 1.0 / 6_227_020_800, -1.0 / 1_307_674_368_000, 1.0 / 355_687_428_096_000
        )
        let c = ((1 + z * c1) + z2 * (c2 + z * c3)) + z4 * (((c4 + z * c5) + z2 * (c6 + z * c7)) + z4 * c8)
        let s = x * (((1 + z * s1) + z2 * (s2 + z * s3)) + z4 * (((s4 + z * s5) + z2 * (s6 + z * s7)) + z4 * s8))
        // Quadrants 0 to 4: cos x, −sin x, −cos x, sin x, cos x.
        let odd = Double(quadrant & 1)
        let sign = 1 - 2 * Double(((quadrant + 1) >> 1) & 1)
        return (c + odd * (s - c)) * sign
    }
}

/// ``SplitMix64``'s uniforms (``SplitMix64/nextUnit()``) kept in a ring, made ahead of the reader
/// and read in the same order, so a loop can look a few ahead without a call per number. Every
/// number is read once; what a reader has not read when it stops is never used.
///
/// Each slot holds a uniform uᵢ and the products Knuth's Poisson method takes from it:
/// uᵢuᵢ₊₁, (uᵢuᵢ₊₁)uᵢ₊₂ and ((uᵢuᵢ₊₁)uᵢ₊₂)uᵢ₊₃, complete once uᵢ₊₃ is made.
final class UniformStream {
    /// Slots the ring holds (a power of two; 32 KB, the size of a core's first-level cache).
    static let capacity = 1_024
    /// Where the stream stands: its ring, what has been read and made, the generator.
    var cursor: Cursor

    /// A stream of `rng`'s uniforms, from its next one on.
    init(_ rng: SplitMix64) {
        let slots = UnsafeMutablePointer<Double>.allocate(capacity: 4 * Self.capacity)
        slots.initialize(repeating: 0, count: 4 * Self.capacity)
        cursor = Cursor(slots: slots, rng: rng)
    }

    deinit { cursor.slots.deallocate() }

    /// The state of a ``UniformStream``, kept as one value so a drawing loop can hold it in a
    /// local variable while it works.
    struct Cursor {
        /// The ring, four numbers a slot (`4 × capacity`): uniform number `i` of the stream and
        /// its products are at `slots[4 × (i % capacity)]` and the three after, while it is unread.
        let slots: UnsafeMutablePointer<Double>
        /// How many uniforms have been read.
        var position = 0
        /// How many uniforms have been made (never more than `capacity` ahead of `position`).
        var made = 0
        /// The generator, at the next uniform to make.
        var rng: SplitMix64
        /// The products the next uniform completes: the last uniform made, the last two's
        /// product, the last three's.
        var partial: (Double, Double, Double) = (0, 0, 0)

        /// Makes the next uniform v (number `made`) into its slot, and completes the products it
        /// ends: u₋₁v, (u₋₂u₋₁)v and ((u₋₃u₋₂)u₋₁)v, in the three slots before. `partial` holds
        /// u₋₁, u₋₂u₋₁ and (u₋₃u₋₂)u₋₁, and moves on by one.
        @inline(__always) mutating func make() {
            let mask = capacity - 1
            let v = rng.nextUnit()
            slots[(made & mask) << 2] = v
            slots[((made &- 1) & mask) << 2 | 1] = partial.0 * v
            slots[((made &- 2) & mask) << 2 | 2] = partial.1 * v
            slots[((made &- 3) & mask) << 2 | 3] = partial.2 * v
            partial = (v, partial.0 * v, partial.1 * v)
            made += 1
        }

        /// Makes uniforms until the ring is full (`capacity` ahead of `position`): every unread
        /// one stays.
        @inline(__always) mutating func fill() {
            while made - position < capacity { make() }
        }

        /// Reads the uniform at `position` (filling the ring first when it is empty) and moves
        /// past it.
        @inline(__always) mutating func next() -> Double {
            if made == position { fill() }
            position += 1
            return slots[((position - 1) & (capacity - 1)) << 2]
        }
    }
}
