/// A deal history compressed to its distinct encoded rows: each pattern carries the number of won
/// and lost deals that share it.
///
/// The log-likelihood of a logistic model only depends on the data through these counts, so a fit
/// on the pattern table is the same fit as on the deals, at a cost that follows the number of
/// patterns (often a few thousand) rather than the number of deals (possibly millions).
///
/// ```swift
/// let patterns = PatternTable(design)
/// patterns.count        // distinct rows
/// patterns.totalWon     // == design.won.filter { $0 }.count
/// ```
public struct PatternTable: Sendable {
    /// Rule ids, one per column.
    public var ruleIDs: [String]
    /// The distinct rows (indicator columns stored as bits).
    public var rows: EncodedRows
    /// Won deals per pattern.
    public var wonWeights: [Double]
    /// Lost deals per pattern.
    public var lostWeights: [Double]

    /// Pattern values, row-major `count × ruleIDs.count` (a copy).
    public var values: [Double] { rows.rowMajorValues }
    /// Number of patterns.
    public var count: Int { wonWeights.count }
    /// Number of columns.
    public var columnCount: Int { ruleIDs.count }
    /// Total won weight.
    public var totalWon: Double { wonWeights.reduce(0, +) }
    /// Total lost weight.
    public var totalLost: Double { lostWeights.reduce(0, +) }

    /// Creates a table from explicit patterns (row-major values) and counts.
    public init(ruleIDs: [String], values: [Double], wonWeights: [Double], lostWeights: [Double]) {
        precondition(values.count == ruleIDs.count * wonWeights.count && wonWeights.count == lostWeights.count,
                     "values must be patterns × columns, with one won and one lost weight per pattern")
        self.init(ruleIDs: ruleIDs, rows: EncodedRows(rowMajor: values, columnCount: ruleIDs.count), wonWeights: wonWeights, lostWeights: lostWeights)
    }

    /// Creates a table from encoded rows and counts.
    public init(ruleIDs: [String], rows: EncodedRows, wonWeights: [Double], lostWeights: [Double]) {
        precondition(rows.columnCount == ruleIDs.count && rows.count == wonWeights.count && wonWeights.count == lostWeights.count,
                     "one row and one won and lost weight per pattern, one column per rule")
        self.ruleIDs = ruleIDs
        self.rows = rows
        self.wonWeights = wonWeights
        self.lostWeights = lostWeights
    }

    /// Compresses a design matrix; patterns keep the order of their first appearance, so the result
    /// is deterministic.
    ///
    /// - Complexity: O(rows × words a row) expected: each row is hashed once (on every core) and
    ///   looked up once.
    public init(_ design: DesignMatrix) {
        let n = design.rowCount
        var hashes = [UInt64](repeating: 0, count: n)
        design.rows.withReader { r in
            hashes.withUnsafeMutableBufferPointer { h in
                nonisolated(unsafe) let out = h
                forEachChunk(count: n, minimumPerChunk: 100_000) { range, _ in
                    for i in range { out[i] = r.hash(i) }
                }
            }
        }
        // Equal rows hash equal, so the rows split by hash into one share per core, and each
        // share is compressed on its own; each share's patterns come out in order of first
        // appearance, and merging the shares by first row gives the one-core order.
        let shares = n >= 200_000 ? max(1, ParallelSettings.cores) : 1
        let parts = UnsafeMutableBufferPointer<Share>.allocate(capacity: shares)
        parts.initialize(repeating: Share())
        defer { parts.deinitialize(); parts.deallocate() }
        nonisolated(unsafe) let out = parts
        design.rows.withReader { r in
            hashes.withUnsafeBufferPointer { hashBuffer in
                design.won.withUnsafeBufferPointer { wonBuffer in
                    nonisolated(unsafe) let hash = hashBuffer, isWon = wonBuffer
                    let weights = design.weights
                    forEachChunk(count: shares, minimumPerChunk: 1) { range, _ in
                        for t in range { out[t] = Share.compress(share: t, of: shares, rows: r, hashes: hash, won: isWon, weights: weights) }
                    }
                }
            }
        }
        var firstRow: [Int] = [], won: [Double] = [], lost: [Double] = []
        let total = parts.reduce(0) { $0 + $1.firstRow.count }
        firstRow.reserveCapacity(total)
        won.reserveCapacity(total)
        lost.reserveCapacity(total)
        var heads = [Int](repeating: 0, count: shares)
        for _ in 0..<total {
            var best = -1
            for t in 0..<shares where heads[t] < parts[t].firstRow.count {
                if best < 0 || parts[t].firstRow[heads[t]] < parts[best].firstRow[heads[best]] { best = t }
            }
            let k = heads[best]
            firstRow.append(parts[best].firstRow[k])
            won.append(parts[best].won[k])
            lost.append(parts[best].lost[k])
            heads[best] += 1
        }
        self.init(ruleIDs: design.ruleIDs, rows: design.rows.selecting(firstRow), wonWeights: won, lostWeights: lost)
    }

    /// The patterns of one share of the rows (those whose hash falls to it), in order of first
    /// appearance.
    private struct Share {
        var firstRow: [Int] = []
        var won: [Double] = []
        var lost: [Double] = []

        static func compress(share t: Int, of shares: Int, rows r: EncodedRows.Reader, hashes hash: UnsafeBufferPointer<UInt64>,
                             won isWon: UnsafeBufferPointer<Bool>, weights: [Double]?) -> Share {
            let n = hash.count
            let expected = n / shares + 1
            // Sized for every row, so even a lopsided split never fills it.
            var capacity = 16
            while capacity < 2 * n { capacity <<= 1 }
            let mask = capacity - 1
            let slot = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            slot.initialize(repeating: -1, count: capacity)
            defer { slot.deallocate() }
            var share = Share()
            share.firstRow.reserveCapacity(expected)
            share.won.reserveCapacity(expected)
            share.lost.reserveCapacity(expected)
            for i in 0..<n {
                let h = hash[i]
                if shares > 1, Int(truncatingIfNeeded: h >> 40) % shares != t { continue }
                let w = weights?[i] ?? 1
                var k = Int(truncatingIfNeeded: h) & mask
                while true {
                    let found = Int(slot[k])
                    if found < 0 {
                        slot[k] = Int32(share.firstRow.count)
                        share.firstRow.append(i)
                        share.won.append(isWon[i] ? w : 0)
                        share.lost.append(isWon[i] ? 0 : w)
                        break
                    }
                    let first = share.firstRow[found]
                    if hash[first] == h, r.equal(first, i) {
                        if isWon[i] { share.won[found] += w } else { share.lost[found] += w }
                        break
                    }
                    k = (k + 1) & mask
                }
            }
            return share
        }
    }
}
