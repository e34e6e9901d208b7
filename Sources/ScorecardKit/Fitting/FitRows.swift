/// The rows a fit runs on: pattern rows (indicators as bits), their won and lost weights, and the
/// coordinate each kept column takes in β (the intercept is coordinate 0).
///
/// Scorecard columns are mostly indicators that are 0 for most deals, so each pass gathers a row's
/// non-zero entries (a few set bits, found a word at a time) and accumulates XᵀWX over them in
/// O(nnz²) instead of O(p²), without a sparse copy of the data.
///
/// When every kept column is an indicator, the rows are also kept transposed, 64 rows at a time
/// (``blockBits``): a pass then sums the weights of the rows where two columns are both 1 by
/// table lookups (see ``NewtonSolver``), instead of adding to one cell of XᵀWX per pair of set bits
/// of every row.
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
    /// For fits whose kept columns are all indicators: block b of 64 rows (rows 64b..<64b+64) has
    /// `blockBits[b * dimension + c]`, bit t set when row 64b + t has coordinate c at 1 (the
    /// intercept, c = 0, is set for every row that exists). Empty otherwise.
    let blockBits: [UInt64]

    var count: Int { won.count }
    /// Blocks of 64 rows (the last may be partial).
    var blockCount: Int { (count + 63) / 64 }

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
        blockBits =
            allOnes ? Self.transpose(rows, bitCoordinate: bitCoordinate, dimension: dimension, count: won.count) : []
    }

    /// The kept bit columns of `rows` by blocks of 64 rows (see ``blockBits``), on every core:
    /// copied from the columns' own words when the rows were packed from them, else transposed.
    private static func transpose(_ rows: EncodedRows, bitCoordinate: [Int32], dimension q: Int, count n: Int)
        -> [UInt64]
    {
        let blocks = (n + 63) / 64
        if let columns = rows.columnWords {
            let kept = bitCoordinate.dropLast().enumerated().filter { $0.element >= 0 }.map {
                (bit: $0.offset, coordinate: Int($0.element))
            }
            return [UInt64](unsafeUninitializedCapacity: blocks * q) { buffer, initialized in
                nonisolated(unsafe) let out = buffer
                forEachChunk(count: blocks, minimumPerChunk: 1_024) { range, _ in
                    for b in range {
                        let block = out.baseAddress! + b * q
                        block.initialize(repeating: 0, count: q)
                        let live = min(n - b * 64, 64)
                        block[0] = live == 64 ? ~0 : (UInt64(1) << UInt64(live)) - 1
                    }
                    for (bit, c) in kept {
                        columns[bit].withUnsafeBufferPointer { words in
                            for b in range { out[b * q + c] = words[b] }
                        }
                    }
                }
                initialized = blocks * q
            }
        }
        return [UInt64](unsafeUninitializedCapacity: blocks * q) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            rows.withReader { r in
                bitCoordinate.withUnsafeBufferPointer { bc in
                    nonisolated(unsafe) let coordinate = bc
                    forEachChunk(count: blocks, minimumPerChunk: 1_024) { range, _ in
                        for b in range {
                            let block = out.baseAddress! + b * q
                            block.initialize(repeating: 0, count: q)
                            let lo = b * 64
                            let hi = min(n, lo + 64)
                            block[0] = hi - lo == 64 ? ~0 : (UInt64(1) << UInt64(hi - lo)) - 1
                            for i in lo..<hi {
                                let bit = UInt64(1) << UInt64(i - lo)
                                for k in 0..<r.words {
                                    var x = r.bits![i * r.words + k]
                                    while x != 0 {
                                        let c = coordinate[k << 6 | x.trailingZeroBitCount]
                                        x &= x &- 1
                                        if c >= 0 { block[Int(c)] |= bit }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            initialized = blocks * q
        }
    }

    /// Calls `body` with a gather function for the rows: `gather(i, index, value)` writes row i's
    /// entries (the intercept first, then its non-zero kept columns) and returns how many.
    func withGather<R>(
        _ body: (_ gather: (Int, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>) -> Int) throws -> R
    ) rethrows -> R {
        try rows.withReader { r in
            try bitCoordinate.withUnsafeBufferPointer { bc in
                try denseCoordinate.withUnsafeBufferPointer { dc in
                    try body { i, index, value in
                        index[0] = 0
                        value[0] = 1
                        return r.gather(
                            i, bitCoordinate: bc.baseAddress!, denseCoordinate: dc.baseAddress!, index: index,
                            value: value, start: 1)
                    }
                }
            }
        }
    }
}
