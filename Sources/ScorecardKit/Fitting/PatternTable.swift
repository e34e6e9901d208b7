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

    /// Compresses one column (a score per deal) without building a design: the distinct values in
    /// the order they first appear, with their won and lost weights summed in row order, so the
    /// table equals `PatternTable(DesignMatrix(ruleIDs: [ruleID], rows: values.map { [$0] }, …))`.
    ///
    /// ```swift
    /// let t = PatternTable(ruleID: "score", values: [80, 20, 80], won: [true, false, false])
    /// t.count   // 2: 80 (1 won, 1 lost) and 20 (1 lost)
    /// ```
    public init(ruleID: String, values: [Double], won: [Bool], weights: [Double]? = nil) {
        precondition(values.count == won.count && (weights?.count ?? values.count) == values.count, "one outcome (and weight) per value")
        var index: [UInt64: Int] = [:]
        var distinct: [Double] = [], wonWeights: [Double] = [], lostWeights: [Double] = []
        for i in values.indices {
            let v = values[i] + 0, w = weights?[i] ?? 1  // + 0 folds −0 into 0, as the design does
            let k: Int
            if let found = index[v.bitPattern] { k = found } else {
                k = distinct.count
                index[v.bitPattern] = k
                distinct.append(v)
                wonWeights.append(0)
                lostWeights.append(0)
            }
            if won[i] { wonWeights[k] += w } else { lostWeights[k] += w }
        }
        self.init(ruleIDs: [ruleID], values: distinct, wonWeights: wonWeights, lostWeights: lostWeights)
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
        // Open addressing on the row hashes; a slot holds the pattern number.
        var capacity = 16
        while capacity < 2 * n { capacity <<= 1 }
        var firstRow = [Int](repeating: 0, count: n)
        var won = [Double](repeating: 0, count: n)
        var lost = [Double](repeating: 0, count: n)
        var patterns = 0
        design.rows.withReader { r in
            let slot = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            slot.initialize(repeating: -1, count: capacity)
            defer { slot.deallocate() }
            firstRow.withUnsafeMutableBufferPointer { first in
            won.withUnsafeMutableBufferPointer { wonOut in
            lost.withUnsafeMutableBufferPointer { lostOut in
            hashes.withUnsafeBufferPointer { hash in
            design.won.withUnsafeBufferPointer { isWon in
                let mask = capacity - 1
                let weights = design.weights
                for i in 0..<n {
                    let w = weights?[i] ?? 1, h = hash[i]
                    var k = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let found = Int(slot[k])
                        if found < 0 {
                            slot[k] = Int32(patterns)
                            first[patterns] = i
                            if isWon[i] { wonOut[patterns] = w } else { lostOut[patterns] = w }
                            patterns += 1
                            break
                        }
                        if hash[first[found]] == h, r.equal(first[found], i) {
                            if isWon[i] { wonOut[found] += w } else { lostOut[found] += w }
                            break
                        }
                        k = (k + 1) & mask
                    }
                }
            }}}}}
        }
        firstRow.removeSubrange(patterns...)
        won.removeSubrange(patterns...)
        lost.removeSubrange(patterns...)
        self.init(ruleIDs: design.ruleIDs, rows: design.rows.selecting(firstRow), wonWeights: won, lostWeights: lost)
    }
}
