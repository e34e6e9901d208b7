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
    /// Whether the patterns are distinct rows; `false` when a large history that hardly repeats
    /// was left uncompressed (every row its own pattern, see ``init(_:)``).
    public private(set) var isCompressed = true

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
        precondition(
            values.count == ruleIDs.count * wonWeights.count && wonWeights.count == lostWeights.count,
            "values must be patterns × columns, with one won and one lost weight per pattern")
        self.init(
            ruleIDs: ruleIDs, rows: EncodedRows(rowMajor: values, columnCount: ruleIDs.count), wonWeights: wonWeights,
            lostWeights: lostWeights)
    }

    /// Creates a table from encoded rows and counts.
    public init(ruleIDs: [String], rows: EncodedRows, wonWeights: [Double], lostWeights: [Double]) {
        precondition(
            rows.columnCount == ruleIDs.count && rows.count == wonWeights.count
                && wonWeights.count == lostWeights.count,
            "one row and one won and lost weight per pattern, one column per rule")
        self.ruleIDs = ruleIDs
        self.rows = rows
        self.wonWeights = wonWeights
        self.lostWeights = lostWeights
    }

    /// The sample size from which ``init(_:)`` first estimates whether compressing pays.
    static let sampledRows = 200_000

    /// The distinct rows of `design` estimated from the repeats among every k-th of its rows
    /// (``sampledRows`` of them): s²/(2·repeats) for a sample of s rows, `Int.max` when no row of
    /// the sample repeats, and the sample's own distinct rows when more than half of it repeats.
    static func estimatedDistinctRows(_ design: DesignMatrix) -> Int {
        let n = design.rowCount
        let s = min(n, sampledRows)
        // The sample split by hash into one group per core, each counted in its own table (open
        // addressing on the row hashes; 0 marks an empty slot, so a hash of 0 counts as 1).
        let groups = max(1, ParallelSettings.cores)
        let rows = design.rows
        let repeats = parallelMap(count: groups) { g in
            var capacity = 16
            while capacity < 2 * s / groups { capacity <<= 1 }
            var slots = [UInt64](repeating: 0, count: capacity)
            var repeats = 0
            rows.withReader { r in
                slots.withUnsafeMutableBufferPointer { slots in
                    let mask = capacity - 1
                    for k in 0..<s {
                        // Rows with equal hashes are counted as repeats (a 64-bit collision among
                        // 200,000 rows is about one in a billion, and would only favour compressing).
                        let h = max(r.hash(k * n / s), 1)
                        guard Int(h >> 40) % groups == g else { continue }
                        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
                        while slots[slot] != 0, slots[slot] != h { slot = (slot + 1) & mask }
                        if slots[slot] == h { repeats += 1 } else { slots[slot] = h }
                    }
                }
            }
            return repeats
        }.reduce(0, +)
        // Many repeats: the pairs estimate no longer holds, but compressing plainly pays.
        if 2 * repeats > s { return s - repeats }
        return repeats == 0 ? .max : Int(Double(s) * Double(s) / (2 * Double(repeats)))
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
        precondition(
            values.count == won.count && (weights?.count ?? values.count) == values.count,
            "one outcome (and weight) per value")
        var distinct: [Double] = []
        var wonWeights: [Double] = []
        var lostWeights: [Double] = []
        // Whole values in a narrow range (a card's scores) find their pattern through their slot,
        // others through a hash table; either way in the order they first appear, each pattern
        // adding its rows' weights in row order.
        var index: [UInt64: Int] = [:]
        let slotted = WholeScoreCounts.range(values)
        var slotPattern = [Int](repeating: -1, count: slotted?.width ?? 0)
        for i in values.indices {
            let v = values[i] + 0  // + 0 folds −0 into 0, as the design does
            let w = weights?[i] ?? 1
            var k = slotted.map { slotPattern[Int(v - $0.lowest)] } ?? index[v.bitPattern] ?? -1
            if k < 0 {
                k = distinct.count
                if let slotted { slotPattern[Int(v - slotted.lowest)] = k } else { index[v.bitPattern] = k }
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
    /// A large history whose rows hardly repeat (many signals, or counts and amounts that rarely
    /// coincide) is not compressed: compressing would cost a hash table as large as the history
    /// and save less than half the rows. From ``sampledRows`` rows on, the distinct rows are
    /// estimated from the repeats among a systematic sample of that many (n²/2 pairs of a sample
    /// of n meet D equally common patterns about n²/(2D) times; skewed patterns repeat more, so
    /// the estimate errs towards compressing), and when fewer than half the rows would go, each
    /// row is its own pattern: the rows are shared, not copied, and the fit is the same.
    ///
    /// - Complexity: O(rows × words a row) expected: each row is hashed once (on every core) and
    ///   looked up once.
    ///
    /// - Parameter alwaysCompress: compress whatever the estimate says (to compare the two).
    public init(_ design: DesignMatrix, alwaysCompress: Bool = false) {
        let n = design.rowCount
        if !alwaysCompress, n >= Self.sampledRows, Self.estimatedDistinctRows(design) > n / 2 {
            let won = design.won
            if let weights = design.weights {
                self.init(
                    ruleIDs: design.ruleIDs, rows: design.rows, wonWeights: zip(won, weights).map { $0 ? $1 : 0 },
                    lostWeights: zip(won, weights).map { $0 ? 0 : $1 })
            } else {
                let weights = parallelMap(count: 2) { k in won.map { $0 == (k == 0) ? 1.0 : 0 } }  // won, then lost
                self.init(ruleIDs: design.ruleIDs, rows: design.rows, wonWeights: weights[0], lostWeights: weights[1])
            }
            isCompressed = false
            return
        }
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
                                    let w = weights?[i] ?? 1
                                    let h = hash[i]
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
                            }
                        }
                    }
                }
            }
        }
        firstRow.removeSubrange(patterns...)
        won.removeSubrange(patterns...)
        lost.removeSubrange(patterns...)
        self.init(ruleIDs: design.ruleIDs, rows: design.rows.selecting(firstRow), wonWeights: won, lostWeights: lost)
    }
}
