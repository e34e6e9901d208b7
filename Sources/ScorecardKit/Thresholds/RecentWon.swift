/// The N most recently closed won deals, which a `recall:` rule can count over instead of every
/// won deal (`--recent-won N`): the seeds' "look back at your last 10–20 closed-won deals and
/// set the bar where most of them would have qualified".
///
/// "Most recent" is by `closed_at`; deals closed on the same day are ordered by `deal_id` (the
/// larger id counts as the more recent; by row when the file has no ids). Recall under the rule
/// is then the share of those N deals at or above a threshold; precision, SQL counts and every
/// other figure still count every deal.
///
/// ```swift
/// let recent = try RecentWon(count: 20, deals: deals)
/// let weights = recent.selectionWeights(won: deals.won, weights: nil)   // 0 for older won deals, else 1
/// ThresholdSweep.threshold(for: .recall(0.8), scores: scores, won: deals.won, weights: weights)
/// ```
public struct RecentWon: Sendable, Equatable {
    /// N, the won deals counted.
    public var count: Int
    /// Per deal of the history (in its row order): whether it is one of the N.
    public var rows: [Bool]
    /// The earliest and latest close date among the N.
    public var closed: ClosedRange<CalendarDate>

    /// The N most recently closed won deals of `deals`.
    ///
    /// - Throws: ``ThresholdError`` when the history has no `closed_at`, has weighted rows (a
    ///   count per row is not one deal), or has fewer than N dated won deals.
    public init(count: Int, deals: DealTable) throws {
        guard let closedAt = deals.closedAt else { throw ThresholdError.recentWonNeedsDates(file: deals.file) }
        guard deals.weights == nil else { throw ThresholdError.recentWonNeedsOneRowPerDeal(file: deals.file) }
        let dated = deals.won.indices.filter { deals.won[$0] && closedAt[$0] != nil }
        guard count >= 1, count <= dated.count else {
            throw ThresholdError.recentWonExceedsWon(
                file: deals.file, requested: count, won: deals.wonCount, dated: dated.count)
        }
        let chosen = Self.latest(count, of: dated, closedAt: closedAt, ids: deals.dealIDs)
        var rows = [Bool](repeating: false, count: deals.count)
        for i in chosen { rows[i] = true }
        self.count = count
        self.rows = rows
        self.closed = Self.span(of: rows, in: deals)!
    }

    /// When the deals marked in `rows` closed, earliest to latest (`nil` when none is dated).
    public static func span(of rows: [Bool], in deals: DealTable) -> ClosedRange<CalendarDate>? {
        let dates = rows.indices.filter { rows[$0] }.compactMap { deals.closedAt?[$0] }
        return dates.min().flatMap { lo in dates.max().map { lo...$0 } }
    }

    /// The `n` latest of `candidates` (indices into the history) by close date, then deal id.
    static func latest(_ n: Int, of candidates: [Int], closedAt: ColumnValues<CalendarDate>, ids: [String]?) -> [Int] {
        let ordered = candidates.sorted { a, b in
            let da = closedAt[a]!
            let db = closedAt[b]!
            if da != db { return da > db }
            if let ids, ids[a] != ids[b] { return ids[a] > ids[b] }
            return a > b
        }
        return Array(ordered.prefix(n))
    }

    /// Within the deals at `subset` (indices into the history, e.g. a back-test's training
    /// window): whether each is one of the `n` latest won deals among them (all of their dated
    /// won deals when they have fewer).
    public static func rows(_ n: Int, among subset: [Int], deals: DealTable) -> [Bool] {
        guard let closedAt = deals.closedAt else { return subset.map { deals.won[$0] } }
        let dated = subset.indices.filter { deals.won[subset[$0]] && closedAt[subset[$0]] != nil }
        let chosen = Set(latest(n, of: dated.map { subset[$0] }, closedAt: closedAt, ids: deals.dealIDs))
        return subset.map { chosen.contains($0) }
    }

    /// The weights a threshold selection uses: each deal's weight (1 without `weights`), and 0
    /// for a won deal that is not one of the N — so a `recall:` rule counts only them. Lost deals
    /// keep their weight; a recall rule never reads them.
    public func selectionWeights(won: [Bool], weights: [Double]?) -> [Double] {
        Self.selectionWeights(rows: rows, won: won, weights: weights)
    }

    /// ``selectionWeights(won:weights:)`` for a mask `rows` (one per deal, true for the won deals
    /// counted).
    public static func selectionWeights(rows: [Bool], won: [Bool], weights: [Double]?) -> [Double] {
        rows.indices.map { i in rows[i] || !won[i] ? (weights?[i] ?? 1) : 0 }
    }
}
