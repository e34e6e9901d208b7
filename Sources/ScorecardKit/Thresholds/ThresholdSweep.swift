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
    ///
    /// `descendingOrder`: the indices of `scores` from the highest score down (any order among
    /// equal scores), when the caller sweeps the same scores many times under other weights (a
    /// bootstrap) and has sorted them once (``RankingMetrics/ascendingOrder(_:)`` reversed).
    public init(
        scores: [Double], won: [Bool], weights: [Double]? = nil, eligible: [Bool]? = nil, descendingOrder: [Int]? = nil
    ) {
        precondition(scores.count == won.count, "one outcome per score")
        precondition(eligible == nil || eligible!.count == scores.count, "one eligibility per score")
        precondition(descendingOrder.map { $0.count == scores.count } ?? true, "one index per score")
        let rowMaker = RowMaker(scores: scores, won: won, weights: weights)
        totalWon = rowMaker.wonTotal
        totalLost = rowMaker.lostTotal
        if descendingOrder == nil, scores.count > RadixSort.minimumCount,
            let counts = WholeScoreCounts(scores: scores, won: won, weights: weights, eligible: eligible)
        {
            // Whole scores and weights: the deals counted at each score, highest first (every
            // sum exact, so the same rows as the sorted pass below).
            var rows: [ThresholdRow] = []
            var cw = 0.0
            var cl = 0.0
            for k in counts.deals.indices.reversed() where counts.deals[k] > 0 {
                cw += counts.won[k]
                cl += counts.lost[k]
                rows.append(rowMaker.row(counts.lowest + Double(k), cw, cl))
            }
            self.rows = rows
            return
        }
        // Highest score first: a radix sort for large inputs (10 million scores in well under a
        // second), the standard sort for small ones. The two put tied scores in opposite orders,
        // and with fractional weights a tie's sum follows its order, so the size between them
        // stays at 50,000 (the rows at 4,096 to 50,000 deals stay those of the standard sort).
        let order: [Int] =
            descendingOrder
            ?? (scores.count > 50_000
                ? RadixSort.ascendingOrder(scores).reversed().map(Int.init)
                : scores.indices.sorted { scores[$0] > scores[$1] })
        var rows: [ThresholdRow] = []
        rowMaker.sweep(eligible: eligible, order: order) { row in
            rows.append(row)
            return true
        }
        self.rows = rows
    }

    /// `ThresholdSweep(scores:won:weights:eligible:descendingOrder:)` with `periods`, then
    /// ``select(_:)``, without keeping the rows: each row is made as the sorted pass reaches it and
    /// handed to the rule's ``ThresholdRule/Selection``, and the pass stops once no lower threshold
    /// can change the pick (a recall rule's first row with enough won deals). The same rows and
    /// the same pick; a bootstrap selects on a thousand reweightings of the same cells this way.
    static func select(
        _ rule: ThresholdRule, scores: [Double], won: [Bool], weights: [Double]?, eligible: [Bool]?,
        descendingOrder order: [Int], periods: Int?
    ) -> ThresholdRow? {
        precondition(eligible == nil || eligible!.count == scores.count, "one eligibility per score")
        precondition(order.count == scores.count, "one index per score")
        let rowMaker = RowMaker(scores: scores, won: won, weights: weights)
        var selection = ThresholdRule.Selection(
            rule, totalWon: rowMaker.wonTotal, totalLost: rowMaker.lostTotal, periods: periods)
        if selection.isDone { return selection.row }
        rowMaker.sweep(eligible: eligible, order: order) { row in
            selection.consider(row)
            return !selection.isDone
        }
        return selection.row
    }

    /// A sweep's deals, their totals, and the row it makes at each threshold.
    private struct RowMaker {
        /// The deals' scores, outcomes and weights (`nil`: one deal each).
        let scores: [Double], won: [Bool], weights: [Double]?
        /// Total won weight.
        let wonTotal: Double
        /// Total lost weight.
        let lostTotal: Double
        /// The base win rate (lift's denominator).
        let base: Double

        /// The totals of these deals (every deal, eligible or not).
        @inline(__always) init(scores: [Double], won: [Bool], weights: [Double]?) {
            precondition(scores.count == won.count, "one outcome per score")
            (self.scores, self.won, self.weights) = (scores, won, weights)
            var wonTotal = 0.0
            var lostTotal = 0.0
            for i in scores.indices {
                if won[i] { wonTotal += weights?[i] ?? 1 } else { lostTotal += weights?[i] ?? 1 }
            }
            self.wonTotal = wonTotal
            self.lostTotal = lostTotal
            base = wonTotal / max(wonTotal + lostTotal, .leastNormalMagnitude)
        }

        /// The row for threshold `s` with `cw` won and `cl` lost at or above it.
        @inline(__always) func row(_ s: Double, _ cw: Double, _ cl: Double) -> ThresholdRow {
            let precision = cw / (cw + cl)
            return ThresholdRow(
                threshold: s, won: cw, lost: cl, recall: wonTotal > 0 ? cw / wonTotal : .nan,
                precision: precision, sqlRate: (cw + cl) / (wonTotal + lostTotal),
                lift: base > 0 ? precision / base : .nan)
        }

        /// The sorted pass: the eligible deals in `order` (highest score first), and for each of
        /// their distinct scores the row of those at or above it (its score the first deal's),
        /// handed to `body` until it returns false.
        @inline(__always) func sweep(eligible: [Bool]?, order: [Int], _ body: (ThresholdRow) -> Bool) {
            var cw = 0.0
            var cl = 0.0
            var group: Double? = nil
            for i in order where eligible?[i] ?? true {
                if let s = group, scores[i] != s {
                    if !body(row(s, cw, cl)) { return }
                    group = scores[i]
                } else if group == nil {
                    group = scores[i]
                }
                if won[i] { cw += weights?[i] ?? 1 } else { cl += weights?[i] ?? 1 }
            }
            if let s = group { _ = body(row(s, cw, cl)) }
        }
    }

    /// The row for calling every deal with score ≥ `threshold` an SQL (the row of the lowest
    /// distinct score at or above it; an empty selection when no deal reaches it).
    public func row(at threshold: Double) -> ThresholdRow {
        if let r = rows.last(where: { $0.threshold >= threshold }) {
            return ThresholdRow(
                threshold: threshold, won: r.won, lost: r.lost, recall: r.recall, precision: r.precision,
                sqlRate: r.sqlRate, lift: r.lift)
        }
        return ThresholdRow(threshold: threshold, won: 0, lost: 0, recall: 0, precision: .nan, sqlRate: 0, lift: .nan)
    }

    /// Deals at each distinct score, lowest first, from the cumulative rows (with dual bars held,
    /// only the deals that meet them).
    public var cells: [(score: Double, won: Double, lost: Double)] {
        var out: [(score: Double, won: Double, lost: Double)] = []
        var prevWon = 0.0
        var prevLost = 0.0
        for r in rows {
            out.append((r.threshold, r.won - prevWon, r.lost - prevLost))
            prevWon = r.won
            prevLost = r.lost
        }
        return out.reversed()
    }

    /// Applies a selection rule.
    public func select(_ rule: ThresholdRule) -> ThresholdRow? { rule.select(in: self) }

    /// The threshold `rule` selects on these scores: `ThresholdSweep(scores:won:weights:eligible:)
    /// .select(rule)?.threshold`, without building the sweep when the rule is a recall rule (the
    /// 80% rule needs only the won deals' scores: with every deal counted once, the m-th highest
    /// of them, found by selection instead of sorting every deal).
    ///
    /// ```swift
    /// ThresholdSweep.threshold(for: .recall(0.8), scores: [90, 70, 40, 10, 60], won: [true, true, false, true, true])  // 60
    /// ```
    ///
    /// - Parameter periods: months or quarters the history spans, which a `capacity` rule needs
    ///   (without them it selects nothing).
    public static func threshold(
        for rule: ThresholdRule, scores: [Double], won: [Bool], weights: [Double]? = nil, eligible: [Bool]? = nil,
        periods: Int? = nil
    ) -> Double? {
        guard case .recall(let r) = rule else {
            var sweep = ThresholdSweep(scores: scores, won: won, weights: weights, eligible: eligible)
            sweep.periods = periods
            return sweep.select(rule)?.threshold
        }
        precondition(scores.count == won.count, "one outcome per score")
        guard let weights else { return unweightedRecallThreshold(r, scores: scores, won: won, eligible: eligible) }
        var wonTotal = 0.0
        var wonScores: [Double] = []
        var wonWeights: [Double] = []
        for i in scores.indices where won[i] {
            wonTotal += weights[i]
            if eligible?[i] ?? true {
                wonScores.append(scores[i])
                wonWeights.append(weights[i])
            }
        }
        guard wonTotal > 0 else { return nil }
        let needed = ThresholdRule.wonNeeded(recall: r, totalWon: wonTotal)
        if needed <= 0 { return highestEligible(scores, eligible) }
        let order = RadixSort.ascendingOrder(wonScores)
        var cumulative = 0.0
        var k = order.count - 1
        while k >= 0 {
            let s = wonScores[Int(order[k])]
            while k >= 0, wonScores[Int(order[k])] == s {
                cumulative += wonWeights[Int(order[k])]
                k -= 1
            }
            if cumulative >= needed { return s }
        }
        return nil
    }

    /// ``threshold(for:scores:won:weights:eligible:periods:)`` for `.recall(r)` with every deal
    /// counted once: the m-th highest score of the eligible won deals, m the won deals the rule
    /// needs. One pass counts the won deals and checks every deal's score for a slot
    /// (``WholeScoreCounts/isSlotted(_:)``); when all have one in a narrow range, the won deals are
    /// counted into slots and read from the top, else their scores are selected
    /// (``largest(_:in:)``). No list of the won deals' scores is built when the slots serve.
    private static func unweightedRecallThreshold(
        _ r: Double, scores: [Double], won: [Bool], eligible: [Bool]?
    ) -> Double? {
        // A deal counts when it is won and eligible. The passes take no branch on that (the
        // outcomes are as good as random to a branch predictor): the slots span every deal's
        // score, and are used when every score has one (whole scores: the m-th highest is then the
        // same number whether it is counted in slots or selected, whatever range the slots span).
        // Each pass runs on every core, a range of deals each: its counts are whole numbers and its
        // bounds a lowest and a highest, the same whichever range saw which deal.
        let chunks = max(1, min(ParallelSettings.cores, scores.count / Self.minimumDealsPerChunk))
        let bounds = (0...chunks).map { scores.count * $0 / chunks }
        let tallies = parallelMap(count: chunks) { k -> RecallTally in
            var tally = RecallTally()
            withDeals(scores, won) { scores, wonBytes in
                for i in bounds[k]..<bounds[k + 1] {
                    let isWon = Int(wonBytes[i])
                    tally.wonTotal &+= isWon
                    tally.candidates &+= wonAndEligible(isWon, eligible, i)
                    let s = scores[i]
                    tally.unslotted &+= WholeScoreCounts.isSlotted(s) ? 0 : 1
                    tally.lo = Swift.min(tally.lo, s)
                    tally.hi = Swift.max(tally.hi, s)
                }
            }
            return tally
        }
        let wonTotal = tallies.reduce(0) { $0 + $1.wonTotal }
        let candidates = tallies.reduce(0) { $0 + $1.candidates }
        let unslotted = tallies.reduce(0) { $0 + $1.unslotted }
        let lo = tallies.map(\.lo).min() ?? .infinity
        let hi = tallies.map(\.hi).max() ?? -.infinity
        guard wonTotal > 0 else { return nil }
        let needed = ThresholdRule.wonNeeded(recall: r, totalWon: Double(wonTotal))
        if needed <= 0 { return highestEligible(scores, eligible) }
        let m = Int(needed)
        guard m <= candidates else { return nil }
        if unslotted == 0, hi - lo < Double(WholeScoreCounts.maximumWidth), hi - lo < 2 * Double(scores.count) {
            // Whole scores in a narrow range: counted, then the m-th from the top.
            let width = Int(hi - lo) + 1
            let counted = parallelMap(count: chunks) { k -> [Int] in
                var slots = [Int](repeating: 0, count: width)
                slots.withUnsafeMutableBufferPointer { slots in
                    withDeals(scores, won) { scores, wonBytes in
                        for i in bounds[k]..<bounds[k + 1] {
                            slots[Int(scores[i] - lo)] &+= wonAndEligible(Int(wonBytes[i]), eligible, i)
                        }
                    }
                }
                return slots
            }
            var seen = 0
            for k in (0..<width).reversed() {
                for slots in counted { seen += slots[k] }
                if seen >= m { return lo + Double(k) }
            }
        }
        // The eligible won deals' scores, range after range in the deals' order. Each score is
        // written at the next free place and kept by moving on when its deal counts: no branch
        // on outcomes a branch predictor cannot guess (one spare place takes the last write).
        var wonScores = parallelMap(count: chunks) { k -> [Double] in
            [Double](unsafeUninitializedCapacity: tallies[k].candidates + 1) { found, filled in
                var next = 0
                withDeals(scores, won) { scores, wonBytes in
                    for i in bounds[k]..<bounds[k + 1] {
                        (found.baseAddress! + next).initialize(to: scores[i])
                        next &+= wonAndEligible(Int(wonBytes[i]), eligible, i)
                    }
                }
                filled = next
            }
        }
        .flatMap { $0 }
        return Self.largest(m, in: &wonScores)
    }

    /// `body` with the scores and the outcomes as bytes (1 won, 0 lost), which the unweighted recall
    /// rule's passes add up without a branch.
    @inline(__always) private static func withDeals<R>(
        _ scores: [Double], _ won: [Bool], _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        scores.withUnsafeBufferPointer { scores in
            won.withUnsafeBufferPointer { won in won.withMemoryRebound(to: UInt8.self) { body(scores, $0) } }
        }
    }

    /// 1 when deal `i`, won or not by `isWon` (1 or 0), is a won deal that meets the bars, else 0.
    @inline(__always) private static func wonAndEligible(_ isWon: Int, _ eligible: [Bool]?, _ i: Int) -> Int {
        eligible.map { isWon & ($0[i] ? 1 : 0) } ?? isWon
    }

    /// Deals per range below which ``threshold(for:scores:won:weights:eligible:periods:)``'s
    /// passes for an unweighted recall rule stay on one core.
    static let minimumDealsPerChunk = 100_000

    /// One range of deals' share of the unweighted recall rule's first pass.
    private struct RecallTally: Sendable {
        /// Won deals.
        var wonTotal = 0
        /// Won deals that meet the bars.
        var candidates = 0
        /// Scores without a whole-number slot.
        var unslotted = 0
        /// The lowest and highest score.
        var lo = Double.infinity
        var hi = -Double.infinity
    }

    /// The sweep's first row when the rule needs no won deal: the highest score of an eligible deal.
    private static func highestEligible(_ scores: [Double], _ eligible: [Bool]?) -> Double? {
        scores.indices.filter { eligible?[$0] ?? true }.map { scores[$0] }.max()
    }

    /// The m-th largest value (1-based) of `values`, which it reorders: Hoare's selection with a
    /// median-of-three pivot, expected linear time.
    static func largest(_ m: Int, in values: inout [Double]) -> Double {
        precondition(m >= 1 && m <= values.count, "m must be within the values")
        let target = values.count - m  // its index in ascending order
        var lo = 0
        var hi = values.count - 1
        return values.withUnsafeMutableBufferPointer { v in
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                let pivot = max(min(v[lo], v[mid]), min(max(v[lo], v[mid]), v[hi]))
                var i = lo
                var j = hi
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while v[j] > pivot { j -= 1 }
                    if i <= j {
                        v.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if target <= j { hi = j } else if target >= i { lo = i } else { return v[target] }
            }
            return v[target]
        }
    }
}
