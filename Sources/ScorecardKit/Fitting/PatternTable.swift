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
    /// Pattern values, row-major `count × ruleIDs.count`.
    public var values: [Double]
    /// Won deals per pattern.
    public var wonWeights: [Double]
    /// Lost deals per pattern.
    public var lostWeights: [Double]

    /// Number of patterns.
    public var count: Int { wonWeights.count }
    /// Number of columns.
    public var columnCount: Int { ruleIDs.count }
    /// Total won weight.
    public var totalWon: Double { wonWeights.reduce(0, +) }
    /// Total lost weight.
    public var totalLost: Double { lostWeights.reduce(0, +) }

    /// Creates a table from explicit patterns and counts.
    public init(ruleIDs: [String], values: [Double], wonWeights: [Double], lostWeights: [Double]) {
        precondition(values.count == ruleIDs.count * wonWeights.count && wonWeights.count == lostWeights.count,
                     "values must be patterns × columns, with one won and one lost weight per pattern")
        self.ruleIDs = ruleIDs
        self.values = values
        self.wonWeights = wonWeights
        self.lostWeights = lostWeights
    }

    /// Compresses a design matrix; patterns keep the order of their first appearance, so the result
    /// is deterministic.
    ///
    /// - Complexity: O(rows × columns) expected (hashing each row once).
    public init(_ design: DesignMatrix) {
        let p = design.columnCount, n = design.rowCount
        // Open addressing on a hash of each row's values.
        var capacity = 16
        while capacity < 2 * n { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        var firstRow: [Int] = []
        var won: [Double] = []
        var lost: [Double] = []
        design.values.withUnsafeBufferPointer { x in
            slots.withUnsafeMutableBufferPointer { slot in
                let mask = capacity - 1
                for i in 0..<n {
                    let row = x.baseAddress! + i * p
                    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
                    for j in 0..<p { h = (h ^ (row[j] + 0).bitPattern) &* 0x100_0000_01B3; h ^= h >> 29 }  // + 0 folds −0 into 0
                    var k = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let found = Int(slot[k])
                        if found < 0 {
                            slot[k] = Int32(won.count)
                            firstRow.append(i)
                            won.append(design.won[i] ? design.weight(i) : 0)
                            lost.append(design.won[i] ? 0 : design.weight(i))
                            break
                        }
                        let other = x.baseAddress! + firstRow[found] * p
                        var same = true
                        for j in 0..<p where other[j] != row[j] { same = false; break }
                        if same {
                            if design.won[i] { won[found] += design.weight(i) } else { lost[found] += design.weight(i) }
                            break
                        }
                        k = (k + 1) & mask
                    }
                }
            }
        }
        var values = [Double]()
        values.reserveCapacity(firstRow.count * p)
        for i in firstRow { values.append(contentsOf: design.values[i * p..<(i + 1) * p]) }
        self.init(ruleIDs: design.ruleIDs, values: values, wonWeights: won, lostWeights: lost)
    }

    /// The table without the columns not in `keep` (patterns are not merged again).
    public func keepingColumns(_ keep: [Int]) -> PatternTable {
        let p = columnCount
        if keep == Array(0..<p) { return self }
        var v: [Double] = []
        v.reserveCapacity(count * keep.count)
        for i in 0..<count { for j in keep { v.append(values[i * p + j]) } }
        return PatternTable(ruleIDs: keep.map { ruleIDs[$0] }, values: v, wonWeights: wonWeights, lostWeights: lostWeights)
    }
}
