/// What a fit checks about each column before it starts, gathered in one pass over the patterns
/// (on every core): the range of the column among won and among lost deals, the won and lost
/// weight where it is above 0, and a fingerprint that is equal for equal columns.
///
/// ``LogisticRegression`` reads from it which columns never fire or are constant, which ones
/// separate won from lost on their own, and which are exact copies of each other.
struct ColumnSummary {
    /// Smallest and largest value among patterns with won (lost) weight; ±∞ when there are none.
    var wonLo: [Double], wonHi: [Double], lostLo: [Double], lostHi: [Double]
    /// Won and lost weight of the patterns where the column is above 0.
    var aboveZeroWon: [Double], aboveZeroLost: [Double]
    /// XOR over patterns of a hash of (pattern index, value) where the value is not 0: equal
    /// columns have equal fingerprints (unequal ones almost never do; candidates are confirmed).
    var fingerprint: [UInt64]

    /// Summarizes every column of `patterns`.
    init(_ patterns: PatternTable) {
        let p = patterns.columnCount
        let n = patterns.count
        let rows = patterns.rows
        let bitColumns = rows.bitColumns
        let denseColumns = rows.denseColumns
        let cores = max(1, ParallelSettings.cores)
        // Rows built from whole columns, each with weight 0 or 1 (a history not compressed): the
        // bit columns are summed a word (64 rows) at a time, by popcounts.
        let columnWords = rows.columnWords.flatMap { words in
            Self.zeroOrOne(patterns.wonWeights) && Self.zeroOrOne(patterns.lostWeights) ? words : nil
        }
        // Per chunk: counts of rows with won / lost weight, and per bit column the count of those
        // with the bit set; per column the weighted sums, dense ranges and fingerprints.
        let chunkCount = max(1, min(cores, n / 50_000))
        var parts = [Part](repeating: Part(p: p, bits: bitColumns.count), count: chunkCount)
        parts.withUnsafeMutableBufferPointer { partBuffer in
            nonisolated(unsafe) let out = partBuffer
            rows.withReader { r in
                patterns.wonWeights.withUnsafeBufferPointer { wonBuffer in
                    patterns.lostWeights.withUnsafeBufferPointer { lostBuffer in
                        nonisolated(unsafe) let wonW = wonBuffer
                        nonisolated(unsafe) let lostW = lostBuffer
                        _ = forEachChunk(count: n, minimumPerChunk: 50_000) { range, k in
                            var part = Part(p: p, bits: bitColumns.count)
                            if let columnWords {
                                part.addBits(columnWords, rows: range, won: wonW, lost: lostW, columns: bitColumns)
                            } else {
                                // The bit columns' sums through pointers (an array element updated
                                // in place checks its array's uniqueness at every set bit).
                                var wonRows = 0
                                var lostRows = 0
                                part.wonSet.withUnsafeMutableBufferPointer { wonSet in
                                    part.lostSet.withUnsafeMutableBufferPointer { lostSet in
                                        part.aboveZeroWon.withUnsafeMutableBufferPointer { aboveWon in
                                            part.aboveZeroLost.withUnsafeMutableBufferPointer { aboveLost in
                                                part.fingerprint.withUnsafeMutableBufferPointer { prints in
                                                    bitColumns.withUnsafeBufferPointer { column in
                                                        for i in range {
                                                            let ww = wonW[i]
                                                            let lw = lostW[i]
                                                            let w = ww > 0 ? 1 : 0
                                                            let l = lw > 0 ? 1 : 0
                                                            wonRows += w
                                                            lostRows += l
                                                            for t in 0..<r.words {
                                                                var x = r.bits![i * r.words + t]
                                                                while x != 0 {
                                                                    let b = t << 6 | x.trailingZeroBitCount
                                                                    x &= x &- 1
                                                                    let j = column[b]
                                                                    wonSet[b] += w
                                                                    lostSet[b] += l
                                                                    aboveWon[j] += ww
                                                                    aboveLost[j] += lw
                                                                    prints[j] ^= Self.mix(i, 1)
                                                                }
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                                part.wonRows = wonRows
                                part.lostRows = lostRows
                            }
                            for i in range where !denseColumns.isEmpty {
                                let ww = wonW[i]
                                let lw = lostW[i]
                                let w = ww > 0
                                let l = lw > 0
                                for (d, j) in denseColumns.enumerated() {
                                    let v = r.dense![i * r.denseCount + d]
                                    if w {
                                        part.wonLo[j] = min(part.wonLo[j], v)
                                        part.wonHi[j] = max(part.wonHi[j], v)
                                    }
                                    if l {
                                        part.lostLo[j] = min(part.lostLo[j], v)
                                        part.lostHi[j] = max(part.lostHi[j], v)
                                    }
                                    if v > 0 {
                                        part.aboveZeroWon[j] += ww
                                        part.aboveZeroLost[j] += lw
                                    }
                                    if v != 0 { part.fingerprint[j] ^= Self.mix(i, v) }
                                }
                            }
                            out[k] = part
                        }
                    }
                }
            }
        }
        var total = Part(p: p, bits: bitColumns.count)
        for part in parts { total.add(part) }
        // A bit column's range follows from how many won (lost) patterns have it set.
        for (b, j) in bitColumns.enumerated() {
            if total.wonRows > 0 {
                total.wonLo[j] = total.wonSet[b] == total.wonRows ? 1 : 0
                total.wonHi[j] = total.wonSet[b] > 0 ? 1 : 0
            }
            if total.lostRows > 0 {
                total.lostLo[j] = total.lostSet[b] == total.lostRows ? 1 : 0
                total.lostHi[j] = total.lostSet[b] > 0 ? 1 : 0
            }
        }
        wonLo = total.wonLo
        wonHi = total.wonHi
        lostLo = total.lostLo
        lostHi = total.lostHi
        aboveZeroWon = total.aboveZeroWon
        aboveZeroLost = total.aboveZeroLost
        fingerprint = total.fingerprint
    }

    /// Whether every weight is 0 or 1. Counted without a branch per weight: in a history not
    /// compressed the won and lost weights are 0s and 1s in no order, which a branch predictor
    /// would guess wrong about half the time.
    static func zeroOrOne(_ weights: [Double]) -> Bool {
        var others = 0
        for w in weights { others &+= (w == 0 ? 0 : 1) & (w == 1 ? 0 : 1) }
        return others == 0
    }

    /// Smallest value among patterns with any weight.
    func lo(_ j: Int) -> Double { min(wonLo[j], lostLo[j]) }
    /// Largest value among patterns with any weight.
    func hi(_ j: Int) -> Double { max(wonHi[j], lostHi[j]) }

    /// A 64-bit mix of a pattern index and a value (SplitMix64's finalizer).
    @inline(__always) static func mix(_ i: Int, _ v: Double) -> UInt64 { mix(i, bits: (v + 0).bitPattern) }

    /// A 64-bit mix of an index and 64 bits.
    @inline(__always) static func mix(_ i: Int, bits: UInt64) -> UInt64 {
        var z = UInt64(truncatingIfNeeded: i) &* 0x9E37_79B9_7F4A_7C15 ^ bits
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One chunk's share of the pass.
    private struct Part {
        var wonRows = 0, lostRows = 0
        var wonSet: [Int], lostSet: [Int]
        var wonLo: [Double], wonHi: [Double], lostLo: [Double], lostHi: [Double]
        var aboveZeroWon: [Double], aboveZeroLost: [Double]
        var fingerprint: [UInt64]

        init(p: Int, bits: Int) {
            wonSet = [Int](repeating: 0, count: bits)
            lostSet = wonSet
            wonLo = [Double](repeating: .infinity, count: p)
            lostLo = wonLo
            wonHi = [Double](repeating: -.infinity, count: p)
            lostHi = wonHi
            aboveZeroWon = [Double](repeating: 0, count: p)
            aboveZeroLost = aboveZeroWon
            fingerprint = [UInt64](repeating: 0, count: p)
        }

        /// Adds the rows in `range` of the bit columns, read from their words (`columnWords[b]`,
        /// 64 rows a word; `columns[b]` is bit column b's index): each word (its part in `range`)
        /// counted by popcounts against the words of rows with won and with lost weight, which
        /// are 0 or 1, and mixed into the column's fingerprint with its index. Equal columns
        /// still get equal fingerprints: every bit column is summed this way.
        mutating func addBits(
            _ columnWords: [[UInt64]], rows range: Range<Int>,
            won: UnsafeBufferPointer<Double>, lost: UnsafeBufferPointer<Double>, columns: [Int]
        ) {
            guard !range.isEmpty else { return }
            for k in (range.lowerBound >> 6)...((range.upperBound - 1) >> 6) {
                let lo = max(range.lowerBound, k << 6)
                let hi = min(range.upperBound, (k << 6) + 64)
                var inRange: UInt64 = 0
                var wonMask: UInt64 = 0
                var lostMask: UInt64 = 0
                for i in lo..<hi {
                    let bit = UInt64(1) << UInt64(i & 63)
                    inRange |= bit
                    if won[i] > 0 { wonMask |= bit }
                    if lost[i] > 0 { lostMask |= bit }
                }
                wonRows += wonMask.nonzeroBitCount
                lostRows += lostMask.nonzeroBitCount
                for (b, j) in columns.enumerated() {
                    let word = columnWords[b][k] & inRange
                    if word == 0 { continue }
                    let w = (word & wonMask).nonzeroBitCount
                    let l = (word & lostMask).nonzeroBitCount
                    wonSet[b] += w
                    lostSet[b] += l
                    aboveZeroWon[j] += Double(w)
                    aboveZeroLost[j] += Double(l)
                    fingerprint[j] ^= ColumnSummary.mix(k, bits: word)
                }
            }
        }

        mutating func add(_ o: Part) {
            wonRows += o.wonRows
            lostRows += o.lostRows
            for b in wonSet.indices {
                wonSet[b] += o.wonSet[b]
                lostSet[b] += o.lostSet[b]
            }
            for j in wonLo.indices {
                wonLo[j] = min(wonLo[j], o.wonLo[j])
                wonHi[j] = max(wonHi[j], o.wonHi[j])
                lostLo[j] = min(lostLo[j], o.lostLo[j])
                lostHi[j] = max(lostHi[j], o.lostHi[j])
                aboveZeroWon[j] += o.aboveZeroWon[j]
                aboveZeroLost[j] += o.aboveZeroLost[j]
                fingerprint[j] ^= o.fingerprint[j]
            }
        }
    }
}
