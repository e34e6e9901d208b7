/// One row of a threshold sweep: what calling every deal at or above `threshold` an SQL would have
/// given on the history.
public struct ThresholdRow: Sendable, Equatable {
    /// The score threshold (deals with score ≥ threshold are SQLs).
    public var threshold: Double
    /// Won deals at or above the threshold.
    public var won: Double
    /// Lost deals at or above the threshold.
    public var lost: Double
    /// Share of all won deals at or above the threshold.
    public var recall: Double
    /// SQL-to-won rate: won / (won + lost) at or above the threshold.
    public var precision: Double
    /// Share of all deals that would be SQLs.
    public var sqlRate: Double
    /// Precision divided by the base win rate.
    public var lift: Double
}

/// Every threshold a card's scores allow, with recall, precision, SQL rate and lift.
///
/// ```swift
/// let sweep = ThresholdSweep(scores: [10, 50, 80, 90], won: [false, true, false, true])
/// sweep.rows.map(\.threshold)   // [90, 80, 50, 10]  (highest first)
/// ```
public struct ThresholdSweep: Sendable {
    /// One row per distinct score, highest threshold first.
    public var rows: [ThresholdRow]
    /// Total won weight.
    public var totalWon: Double
    /// Total lost weight.
    public var totalLost: Double
    /// The number of periods (months or quarters) the history spans, for `capacity` rules; `nil`
    /// when the history has no dates.
    public var periods: Int?

    /// Sweeps every distinct score.
    ///
    /// - Parameters:
    ///   - eligible: for a card with dual bars, whether each deal meets them
    ///     (``Scorecard/barsMet(_:)``). A deal that does not is never at or above any threshold
    ///     (it is never an SQL) but counts in the totals, so recall and SQL rate stay shares of
    ///     all deals. `nil`: every deal is eligible.
    /// - Complexity: O(n log n): a sort and a scan.
    public init(scores: [Double], won: [Bool], weights: [Double]? = nil, eligible: [Bool]? = nil) {
        precondition(scores.count == won.count, "one outcome per score")
        precondition(eligible == nil || eligible!.count == scores.count, "one eligibility per score")
        // Highest score first: a radix sort for large inputs (10 million scores in well under a
        // second), the standard sort for small ones.
        var order: [Int] = scores.count > 50_000
            ? RadixSort.ascendingOrder(scores).reversed().map(Int.init)
            : scores.indices.sorted { scores[$0] > scores[$1] }
        if let eligible { order.removeAll { !eligible[$0] } }
        var W = 0.0, L = 0.0
        for i in scores.indices { if won[i] { W += weights?[i] ?? 1 } else { L += weights?[i] ?? 1 } }
        totalWon = W
        totalLost = L
        let base = W / max(W + L, .leastNormalMagnitude)
        var rows: [ThresholdRow] = []
        var cw = 0.0, cl = 0.0
        var k = 0
        while k < order.count {
            let s = scores[order[k]]
            while k < order.count, scores[order[k]] == s {
                let i = order[k]
                if won[i] { cw += weights?[i] ?? 1 } else { cl += weights?[i] ?? 1 }
                k += 1
            }
            let precision = cw / (cw + cl)
            rows.append(ThresholdRow(threshold: s, won: cw, lost: cl, recall: W > 0 ? cw / W : .nan,
                                     precision: precision, sqlRate: (cw + cl) / (W + L), lift: base > 0 ? precision / base : .nan))
        }
        self.rows = rows
    }

    /// The row for calling every deal with score ≥ `threshold` an SQL (the row of the lowest
    /// distinct score at or above it; an empty selection when no deal reaches it).
    public func row(at threshold: Double) -> ThresholdRow {
        if let r = rows.last(where: { $0.threshold >= threshold }) { return ThresholdRow(threshold: threshold, won: r.won, lost: r.lost, recall: r.recall, precision: r.precision, sqlRate: r.sqlRate, lift: r.lift) }
        return ThresholdRow(threshold: threshold, won: 0, lost: 0, recall: 0, precision: .nan, sqlRate: 0, lift: .nan)
    }

    /// Deals at each distinct score, lowest first, from the cumulative rows (with dual bars held,
    /// only the deals that meet them).
    public var cells: [(score: Double, won: Double, lost: Double)] {
        var out: [(score: Double, won: Double, lost: Double)] = []
        var prevWon = 0.0, prevLost = 0.0
        for r in rows {
            out.append((r.threshold, r.won - prevWon, r.lost - prevLost))
            prevWon = r.won
            prevLost = r.lost
        }
        return out.reversed()
    }

    /// Applies a selection rule.
    public func select(_ rule: ThresholdRule) -> ThresholdRow? { rule.select(in: self) }
}
