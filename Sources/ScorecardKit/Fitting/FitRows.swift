/// The rows a fit runs on: pattern rows (indicators as bits), their won and lost weights, and the
/// coordinate each kept column takes in β (the intercept is coordinate 0).
///
/// Scorecard columns are mostly indicators that are 0 for most deals, so each pass gathers a row's
/// non-zero entries (a few set bits, found a word at a time) and accumulates XᵀWX over them in
/// O(nnz²) instead of O(p²), without a sparse copy of the data.
struct FitRows: Sendable {
    /// The pattern rows.
    let rows: EncodedRows
    /// Won and lost weight per row.
    let won: [Double]
    let lost: [Double]
    /// β coordinate of each bit column and each dense column (−1: left out of the fit).
    let bitCoordinate: [Int32]
    let denseCoordinate: [Int32]
    /// Coordinates including the intercept.
    let dimension: Int
    /// Whether every kept column is stored as bits (then every gathered value is 1).
    let allOnes: Bool

    var count: Int { won.count }

    /// The rows of `patterns` restricted to the columns in `kept` (in that order after the intercept).
    init(_ patterns: PatternTable, kept: [Int]) {
        var coordinate = [Int32](repeating: -1, count: patterns.columnCount)
        for (k, j) in kept.enumerated() { coordinate[j] = Int32(k + 1) }
        rows = patterns.rows
        won = patterns.wonWeights
        lost = patterns.lostWeights
        // One spare −1 each, so the arrays are never empty and their base addresses exist.
        bitCoordinate = patterns.rows.bitColumns.map { coordinate[$0] } + [-1]
        denseCoordinate = patterns.rows.denseColumns.map { coordinate[$0] } + [-1]
        dimension = kept.count + 1
        allOnes = denseCoordinate.allSatisfy { $0 < 0 }
    }

    /// Calls `body` with a gather function for the rows: `gather(i, index, value)` writes row i's
    /// entries (the intercept first, then its non-zero kept columns) and returns how many.
    func withGather<R>(_ body: (_ gather: (Int, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>) -> Int) throws -> R) rethrows -> R {
        try rows.withReader { r in
            try bitCoordinate.withUnsafeBufferPointer { bc in
                try denseCoordinate.withUnsafeBufferPointer { dc in
                    try body { i, index, value in
                        index[0] = 0
                        value[0] = 1
                        return r.gather(i, bitCoordinate: bc.baseAddress!, denseCoordinate: dc.baseAddress!, index: index, value: value, start: 1)
                    }
                }
            }
        }
    }
}
