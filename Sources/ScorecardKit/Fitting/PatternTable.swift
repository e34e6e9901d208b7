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
        let p = design.columnCount
        var index: [ArraySlice<Double>: Int] = [:]
        var values: [Double] = []
        var won: [Double] = []
        var lost: [Double] = []
        for i in 0..<design.rowCount {
            let row = design.values[i * p..<(i + 1) * p]
            let k: Int
            if let found = index[row] {
                k = found
            } else {
                k = won.count
                index[row] = k
                values.append(contentsOf: row)
                won.append(0)
                lost.append(0)
            }
            if design.won[i] { won[k] += 1 } else { lost[k] += 1 }
        }
        self.init(ruleIDs: design.ruleIDs, values: values, wonWeights: won, lostWeights: lost)
    }

    /// The table without the columns not in `keep` (patterns are not merged again).
    public func keepingColumns(_ keep: [Int]) -> PatternTable {
        let p = columnCount
        var v: [Double] = []
        v.reserveCapacity(count * keep.count)
        for i in 0..<count { for j in keep { v.append(values[i * p + j]) } }
        return PatternTable(ruleIDs: keep.map { ruleIDs[$0] }, values: v, wonWeights: wonWeights, lostWeights: lostWeights)
    }
}
