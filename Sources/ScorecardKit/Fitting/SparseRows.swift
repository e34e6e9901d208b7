/// Pattern rows with an intercept column, stored sparse (compressed sparse rows).
///
/// Scorecard columns are mostly indicators that are 0 for most deals, so a row of p + 1 entries
/// typically has a handful of non-zeros. Accumulating XᵀWX over the non-zeros of each row costs
/// O(nnz²) instead of O(p²) per row.
struct SparseRows: Sendable {
    /// Row i's entries are `columns[start[i]..<start[i + 1]]` and the matching `values`; column 0
    /// (the intercept, value 1) is always first.
    let start: [Int]
    let columns: [Int32]
    let values: [Double]
    /// Won and lost weight per row.
    let won: [Double]
    let lost: [Double]
    /// Columns including the intercept.
    let dimension: Int

    var count: Int { won.count }

    init(_ data: PatternTable) {
        let p = data.columnCount
        var start = [0]
        var columns: [Int32] = []
        var values: [Double] = []
        start.reserveCapacity(data.count + 1)
        data.values.withUnsafeBufferPointer { x in
            for i in 0..<data.count {
                columns.append(0)
                values.append(1)
                for j in 0..<p where x[i * p + j] != 0 {
                    columns.append(Int32(j + 1))
                    values.append(x[i * p + j])
                }
                start.append(columns.count)
            }
        }
        self.start = start
        self.columns = columns
        self.values = values
        self.won = data.wonWeights
        self.lost = data.lostWeights
        self.dimension = p + 1
    }
}
