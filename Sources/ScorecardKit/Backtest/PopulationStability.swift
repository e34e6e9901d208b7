/// The population stability index (PSI) and its bands.
///
/// ```
/// PSI = Σ_bins (a_i − e_i) · ln(a_i / e_i)
/// ```
/// with e_i the share of the expected (training) population in bin i and a_i the actual (test)
/// share. Bins are the expected population's deciles (fewer when ties merge them); a bin with no
/// deals counts as a share of 0.0001, the usual guard against ln 0. Applied to a rule's column it is
/// the characteristic stability index (CSI).
///
/// - Reference: N. Siddiqi, *Credit Risk Scorecards* (Wiley, 2006), ch. 8; Yurdakul & Naranjo,
///   "Statistical properties of the population stability index", J. Risk Model Validation 14 (2020).
public enum PopulationStability {
    /// The PSI of `actual` against `expected` over `bins` quantile bins of `expected`.
    public static func index(
        expected: [Double], actual: [Double], bins: Int = 10,
        expectedWeights: [Double]? = nil, actualWeights: [Double]? = nil
    ) -> Double {
        guard !expected.isEmpty, !actual.isEmpty else { return .nan }
        if expectedWeights == nil, actualWeights == nil, let e = distinctCounts(expected, limit: 1_024),
            let a = distinctCounts(actual, limit: 1_024)
        {
            return index(expected: e, actual: a, bins: bins)
        }
        let edges = binEdges(expected, bins: bins, weights: expectedWeights)
        let e = shares(expected, edges, weights: expectedWeights)
        let a = shares(actual, edges, weights: actualWeights)
        return zip(a, e).reduce(0) { $0 + ($1.0 - $1.1) * _log($1.0 / $1.1) }
    }

    /// The PSI of populations given as distinct values (ascending) with how many deals have each,
    /// every deal counted once: the same number as ``index(expected:actual:bins:expectedWeights:actualWeights:)``
    /// on the values spelled out, at a cost that follows the distinct values. An indicator column
    /// is two groups, its zeros and its ones.
    ///
    /// ```swift
    /// PopulationStability.index(expected: [(0, 700), (1, 300)], actual: [(0, 500), (1, 500)])
    /// ```
    public static func index(
        expected: [(value: Double, count: Int)], actual: [(value: Double, count: Int)], bins: Int = 10
    ) -> Double {
        guard !expected.isEmpty, !actual.isEmpty else { return .nan }
        let edges = binEdges(groups: expected, bins: bins)
        let e = shares(groups: expected, edges)
        let a = shares(groups: actual, edges)
        return zip(a, e).reduce(0) { $0 + ($1.0 - $1.1) * _log($1.0 / $1.1) }
    }

    /// Lower edges of the bins after the first: the distinct `k/bins` quantiles of `values`.
    static func binEdges(_ values: [Double], bins: Int, weights: [Double]? = nil) -> [Double] {
        if weights == nil, let groups = distinctCounts(values, limit: 1_024) {
            return binEdges(groups: groups, bins: bins)
        }
        let order = RadixSort.ascendingOrder(values).map(Int.init)
        let total = weights.map { $0.reduce(0, +) } ?? Double(values.count)
        var edges: [Double] = []
        var k = 1
        var cumulative = 0.0
        let lowest = values[order[0]]
        for i in order {
            // The k/bins quantile: the first value whose cumulative weight passes k/bins of the total.
            while k < bins, cumulative >= total * Double(k) / Double(bins) {
                if values[i] > lowest, edges.last != values[i] { edges.append(values[i]) }
                k += 1
            }
            cumulative += weights?[i] ?? 1
        }
        return edges
    }

    /// The share of `values` in each bin: (−∞, e₁), [e₁, e₂), …, [e_k, ∞); zero shares become 0.0001.
    /// ``binEdges(_:bins:weights:)`` over grouped values (ascending, every deal counted once):
    /// the walk goes over the values instead of the deals. Within a run of m equal values that
    /// starts at cumulative count c, the deal-by-deal walk checks the quantiles up to c + m − 1,
    /// and every one it passes there adds that value, so the edges are the same.
    static func binEdges(groups: [(value: Double, count: Int)], bins: Int) -> [Double] {
        var edges: [Double] = []
        var k = 1
        var cumulative = 0.0
        let total = Double(groups.reduce(0) { $0 + $1.count })
        let lowest = groups[0].value
        for (v, m) in groups {
            while k < bins, cumulative + Double(m - 1) >= total * Double(k) / Double(bins) {
                if v > lowest, edges.last != v { edges.append(v) }
                k += 1
            }
            cumulative += Double(m)
        }
        return edges
    }

    /// ``shares(_:_:weights:)`` over grouped values: the counts are whole numbers, so the sums
    /// are the same in any order.
    static func shares(groups: [(value: Double, count: Int)], _ edges: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: edges.count + 1)
        for (v, m) in groups { counts[bin(v, edges)] += Double(m) }
        return clampedShares(counts)
    }

    /// The distinct values in ascending order with how often each occurs, or `nil` when there
    /// are more than `limit` of them (or a NaN).
    static func distinctCounts(_ values: [Double], limit: Int) -> [(value: Double, count: Int)]? {
        // An indicator (the usual rule column) needs no hashing: count its ones.
        var ones = 0
        var indicator = true
        for v in values {
            if v == 1 {
                ones += 1
            } else if v != 0 {
                indicator = false
                break
            }
        }
        if indicator { return indicatorGroups(ones: ones, of: values.count) }
        var counts: [UInt64: Int] = [:]
        for v in values {
            guard !v.isNaN else { return nil }
            counts[(v + 0).bitPattern, default: 0] += 1  // + 0 folds −0 into 0
            if counts.count > limit { return nil }
        }
        return counts.map { (value: Double(bitPattern: $0.key), count: $0.value) }.sorted { $0.value < $1.value }
    }

    /// An indicator column as groups: its zeros and its ones (a group of no deals left out).
    public static func indicatorGroups(ones: Int, of count: Int) -> [(value: Double, count: Int)] {
        [(value: 0.0, count: count - ones), (value: 1.0, count: ones)].filter { $0.count > 0 }
    }

    static func shares(_ values: [Double], _ edges: [Double], weights: [Double]? = nil) -> [Double] {
        var counts = [Double](repeating: 0, count: edges.count + 1)
        for (i, v) in values.enumerated() { counts[bin(v, edges)] += weights?[i] ?? 1 }
        return clampedShares(counts)
    }

    /// The bin of `v`: how many edges it reaches.
    static func bin(_ v: Double, _ edges: [Double]) -> Int {
        var lo = 0
        var hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if v >= edges[mid] { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Counts as shares, an empty bin counted as 0.0001.
    static func clampedShares(_ counts: [Double]) -> [Double] {
        let total = counts.reduce(0, +)
        return counts.map { max($0 / total, 0.0001) }
    }

    /// The usual reading: below 0.1 stable, 0.1 to 0.25 watch, above 0.25 shifted.
    public static func band(_ psi: Double) -> String {
        psi < 0.1 ? "stable" : psi <= 0.25 ? "watch" : "shifted"
    }
}
