/// Rows of encoded rule values stored compactly: a column whose every value is 0 or 1 (an
/// indicator, the usual scorecard rule) takes one bit a row; any other column a `Double`.
///
/// A million deals × 40 indicator rules take 8 MB this way instead of 320 MB, and two rows are
/// compared or hashed a word at a time, which is what makes pattern compression and the fit's
/// passes over the rows cheap.
///
/// ```swift
/// let rows = EncodedRows(rowMajor: [1, 0, 2.5,  0, 1, 0], columnCount: 3)
/// rows[0, 2]          // 2.5
/// rows.bitColumns     // [0, 1]: columns 0 and 1 hold only 0 and 1
/// ```
public struct EncodedRows: Sendable, Equatable {
    /// Number of columns.
    public let columnCount: Int
    /// Number of rows.
    public private(set) var count: Int
    /// The columns stored as bits, in column order.
    public let bitColumns: [Int]
    /// The columns stored as `Double`s, in column order.
    public let denseColumns: [Int]
    /// For each column, its bit position (≥ 0) or `-1 - k` for dense slot k.
    let slot: [Int]
    /// 64-bit words a row.
    let words: Int
    /// Row-major bit words: bit b of row i is `bits[i * words + b / 64] >> (b % 64) & 1`.
    private(set) var bits: [UInt64]
    /// Row-major dense values: `dense[i * denseColumns.count + k]`.
    private(set) var dense: [Double]
    /// The bit columns as they were packed, when the rows were built from whole columns and not
    /// changed since: `columnWords[b][k]` holds rows 64k..<64k+64 of bit column b. A fit over these
    /// rows in this order reads its blocks of 64 rows from here instead of transposing the rows.
    /// Kept only up to ``columnWordsBudget`` bits: they repeat the rows' bits, and a design lives
    /// as long as the command that made it.
    private(set) var columnWords: [[UInt64]]? = nil

    /// The most bits (rows × bit columns) for which ``columnWords`` are kept: 16 MB, about three
    /// million deals of 40 indicator rules. Past that the memory matters more than the 20 ms per
    /// million rows the copy saves a fit.
    static let columnWordsBudget = 128 << 20

    /// Equal when they hold the same columns and values (whatever was kept of how they were built).
    public static func == (a: EncodedRows, b: EncodedRows) -> Bool {
        a.columnCount == b.columnCount && a.count == b.count && a.bitColumns == b.bitColumns
            && a.denseColumns == b.denseColumns
            && a.bits == b.bits && a.dense == b.dense
    }

    /// An empty table with the given layout (`binary[j]`: column j holds only 0 and 1).
    public init(binary: [Bool], reservingCapacity capacity: Int = 0) {
        columnCount = binary.count
        count = 0
        bitColumns = binary.indices.filter { binary[$0] }
        denseColumns = binary.indices.filter { !binary[$0] }
        var slot = [Int](repeating: 0, count: binary.count)
        for (b, j) in bitColumns.enumerated() { slot[j] = b }
        for (k, j) in denseColumns.enumerated() { slot[j] = -1 - k }
        self.slot = slot
        words = (bitColumns.count + 63) / 64
        bits = []
        dense = []
        bits.reserveCapacity(capacity * words)
        dense.reserveCapacity(capacity * denseColumns.count)
    }

    /// Packs row-major values (`values[i * columnCount + j]`); columns that hold only 0 and 1 are
    /// stored as bits.
    public init(rowMajor values: [Double], columnCount p: Int) {
        precondition(p == 0 ? values.isEmpty : values.count % p == 0, "values must be rows × columns")
        let n = p == 0 ? 0 : values.count / p
        var binary = [Bool](repeating: true, count: p)
        for i in 0..<n {
            for j in 0..<p where binary[j] {
                let v = values[i * p + j]
                if v != 0 && v != 1 { binary[j] = false }
            }
        }
        self.init(binary: binary, reservingCapacity: n)
        for i in 0..<n { appendRow(values[(i * p)..<((i + 1) * p)]) }
    }

    /// Packs whole columns (what ``DesignMatrix`` evaluates), transposing on every core.
    init(columns: [EncodedColumn], rowCount n: Int) {
        self.init(binary: columns.map(\.isBits))
        let w = words
        let d = denseColumns.count
        count = n
        bits = [UInt64](repeating: 0, count: n * w)
        dense = [Double](repeating: 0, count: n * d)
        let bitSources = bitColumns.map { columns[$0].bitWords }
        if n * bitColumns.count <= Self.columnWordsBudget { columnWords = bitSources }
        let denseSources = denseColumns.map { columns[$0].values }
        bits.withUnsafeMutableBufferPointer { bitBuffer in
            dense.withUnsafeMutableBufferPointer { denseBuffer in
                nonisolated(unsafe) let bitOut = bitBuffer
                nonisolated(unsafe) let denseOut = denseBuffer
                // Chunks of whole 64-row blocks, so each source word is read by one chunk.
                forEachChunk(count: (n + 63) / 64, minimumPerChunk: 1_000) { blocks, _ in
                    for (b, source) in bitSources.enumerated() {
                        let word = b >> 6
                        let mask = UInt64(1) << UInt64(b & 63)
                        source.withUnsafeBufferPointer { s in
                            for block in blocks {
                                var x = s[block]
                                while x != 0 {
                                    let i = block * 64 + x.trailingZeroBitCount
                                    x &= x &- 1
                                    bitOut[i * w + word] |= mask
                                }
                            }
                        }
                    }
                    let rows = (blocks.lowerBound * 64)..<min(n, blocks.upperBound * 64)
                    for (k, source) in denseSources.enumerated() {
                        for i in rows { denseOut[i * d + k] = source[i] }
                    }
                }
            }
        }
    }

    /// The value of column `j` in row `i`.
    public subscript(i: Int, j: Int) -> Double {
        let s = slot[j]
        if s >= 0 { return bits[i * words + s >> 6] >> UInt64(s & 63) & 1 == 1 ? 1 : 0 }
        return dense[i * denseColumns.count + (-1 - s)]
    }

    /// The largest value of each column (0 for a column of no rows): for a bit column whether any
    /// row has its bit set, read a word at a time.
    public func columnMaxima() -> [Double] {
        var out = [Double](repeating: count == 0 ? 0 : -.infinity, count: columnCount)
        if count == 0 { return out }
        var any = [UInt64](repeating: 0, count: words)
        for i in 0..<count { for k in 0..<words { any[k] |= bits[i * words + k] } }
        let d = denseColumns.count
        var denseMax = [Double](repeating: -.infinity, count: d)
        for i in 0..<count { for k in 0..<d { denseMax[k] = max(denseMax[k], dense[i * d + k]) } }
        for j in 0..<columnCount {
            let s = slot[j]
            out[j] = s >= 0 ? Double(any[s >> 6] >> UInt64(s & 63) & 1) : denseMax[-1 - s]
        }
        return out
    }

    /// Per column, how many rows have it at 1 when it is an indicator (stored as bits); `nil` for
    /// the other columns.
    public func indicatorOnes() -> [Int?] {
        var ones = [Int](repeating: 0, count: bitColumns.count)
        bits.withUnsafeBufferPointer { src in
            for i in 0..<count {
                for k in 0..<words {
                    var x = src[i * words + k]
                    while x != 0 {
                        ones[k << 6 | x.trailingZeroBitCount] += 1
                        x &= x &- 1
                    }
                }
            }
        }
        return (0..<columnCount).map { slot[$0] >= 0 ? ones[slot[$0]] : nil }
    }

    /// For rows whose columns are all indicators: the `columnCount × columnCount` counts of rows
    /// where both columns are 1 (on the diagonal, where each one is), as exact integers. The rows
    /// are turned into one bitset per column and each pair is counted by a popcount of their AND,
    /// 64 rows an instruction. `nil` when a column holds other values.
    ///
    /// ```swift
    /// let rows = EncodedRows(rowMajor: [1, 1,  1, 0,  0, 1], columnCount: 2)
    /// rows.indicatorCoCounts()   // [2, 1, 1, 2]
    /// ```
    public func indicatorCoCounts() -> [Int]? {
        guard denseColumns.isEmpty else { return nil }
        let p = columnCount
        let n = count
        let blocks = (n + 63) / 64
        // One bitset per bit column: the words the rows were packed from when they are kept
        // (``columnWords``), else the rows' set bits turned back into columns.
        let columns =
            columnWords
            ?? bits.withUnsafeBufferPointer { src in
                var out = [[UInt64]](repeating: [UInt64](repeating: 0, count: blocks), count: bitColumns.count)
                for i in 0..<n {
                    for k in 0..<words {
                        var x = src[i * words + k]
                        while x != 0 {
                            out[k << 6 | x.trailingZeroBitCount][i >> 6] |= UInt64(1) << UInt64(i & 63)
                            x &= x &- 1
                        }
                    }
                }
                return out
            }
        var counts = [Int](repeating: 0, count: p * p)
        for a in 0..<p {
            for b in 0...a {
                columns[slot[a]].withUnsafeBufferPointer { ca in
                    columns[slot[b]].withUnsafeBufferPointer { cb in
                        var both = 0
                        for t in 0..<blocks { both += (ca[t] & cb[t]).nonzeroBitCount }
                        counts[a * p + b] = both
                        counts[b * p + a] = both
                    }
                }
            }
        }
        return counts
    }

    /// Row `i` as values in column order.
    public func row(_ i: Int) -> [Double] { (0..<columnCount).map { self[i, $0] } }

    /// Every value, row-major (a copy of `count × columnCount` doubles).
    public var rowMajorValues: [Double] {
        var out = [Double]()
        out.reserveCapacity(count * columnCount)
        for i in 0..<count { for j in 0..<columnCount { out.append(self[i, j]) } }
        return out
    }

    /// Appends a row given in column order. A value other than 0 or 1 in a bit column is a
    /// programming error.
    public mutating func appendRow(_ values: some Collection<Double>) {
        precondition(values.count == columnCount, "one value per column")
        columnWords = nil
        let base = bits.count
        bits.append(contentsOf: repeatElement(0, count: words))
        for (j, v) in values.enumerated() {
            let s = slot[j]
            if s >= 0 {
                precondition(v == 0 || v == 1, "a bit column holds only 0 and 1")
                if v == 1 { bits[base + s >> 6] |= UInt64(1) << UInt64(s & 63) }
            } else {
                dense.append(v + 0)  // + 0 folds −0 into 0
            }
        }
        count += 1
    }

    /// Every row with only the columns at `columns`, in that order (a rule left out of a refit).
    ///
    /// - Complexity: O(rows × kept columns).
    public func selectingColumns(_ columns: [Int]) -> EncodedRows {
        var out = EncodedRows(binary: columns.map { slot[$0] >= 0 }, reservingCapacity: count)
        var row = [Double](repeating: 0, count: columns.count)
        for i in 0..<count {
            for (k, j) in columns.enumerated() { row[k] = self[i, j] }
            out.appendRow(row)
        }
        return out
    }

    /// The rows at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> EncodedRows {
        var out = EncodedRows(binary: (0..<columnCount).map { slot[$0] >= 0 })
        let w = words
        let d = denseColumns.count
        out.bits = Self.gathered(bits, width: w, rows: indices)
        out.dense = Self.gathered(dense, width: d, rows: indices)
        out.count = indices.count
        return out
    }

    /// The `width` values of each row in `rows` of a row-major `source`, one row after another.
    ///
    /// An empty result stays the empty array: `unsafeUninitializedCapacity: 0` writes its count
    /// into the standard library's shared empty storage, which the thread sanitizer reports as a
    /// race with every other thread reading an empty array (the period fits run side by side).
    private static func gathered<T>(_ source: [T], width: Int, rows: [Int]) -> [T] {
        guard rows.count * width > 0 else { return [] }
        return [T](unsafeUninitializedCapacity: rows.count * width) { buffer, count in
            source.withUnsafeBufferPointer { src in
                for (k, i) in rows.enumerated() {
                    for t in 0..<width { (buffer.baseAddress! + k * width + t).initialize(to: src[i * width + t]) }
                }
            }
            count = rows.count * width
        }
    }

    /// Unsafe, bounds-unchecked access to the storage for the inner loops of the fit; valid only
    /// inside `body`.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try bits.withUnsafeBufferPointer { b in
            try dense.withUnsafeBufferPointer { d in
                try body(
                    Reader(bits: b.baseAddress, dense: d.baseAddress, words: words, denseCount: denseColumns.count))
            }
        }
    }

    /// Raw row access (see ``withReader(_:)``).
    struct Reader: @unchecked Sendable {
        let bits: UnsafePointer<UInt64>?
        let dense: UnsafePointer<Double>?
        let words: Int
        let denseCount: Int

        /// Byte j of row i's bits (bits 8j..<8j+8), the index into ``EncodedRows/byteSums(_:)``'s
        /// table j.
        @inline(__always) func byte(_ i: Int, _ j: Int) -> Int {
            Int(truncatingIfNeeded: bits![i * words + j >> 3] >> UInt64(8 * (j & 7)) & 0xFF)
        }

        /// A hash of row `i` (equal rows hash equal).
        @inline(__always) func hash(_ i: Int) -> UInt64 {
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15
            for k in 0..<words {
                h = (h ^ bits![i * words + k]) &* 0x100_0000_01B3
                h ^= h >> 29
            }
            for k in 0..<denseCount {
                h = (h ^ dense![i * denseCount + k].bitPattern) &* 0x100_0000_01B3
                h ^= h >> 29
            }
            return h
        }

        /// Whether rows `i` and `k` hold the same values.
        @inline(__always) func equal(_ i: Int, _ k: Int) -> Bool {
            for t in 0..<words where bits![i * words + t] != bits![k * words + t] { return false }
            for t in 0..<denseCount where dense![i * denseCount + t] != dense![k * denseCount + t] { return false }
            return true
        }

        /// Writes the non-zero entries of row `i` whose coordinate is not negative — the
        /// coordinate of bit b is `bitCoordinate[b]`, of dense slot k `denseCoordinate[k]` — to
        /// `index` and `value`, starting at `start`; returns the new end.
        @inline(__always) func gather(
            _ i: Int, bitCoordinate: UnsafePointer<Int32>, denseCoordinate: UnsafePointer<Int32>,
            index: UnsafeMutablePointer<Int32>, value: UnsafeMutablePointer<Double>, start: Int
        ) -> Int {
            var n = start
            for k in 0..<words {
                var x = bits![i * words + k]
                while x != 0 {
                    let c = bitCoordinate[k << 6 | x.trailingZeroBitCount]
                    x &= x &- 1
                    if c >= 0 {
                        index[n] = c
                        value[n] = 1
                        n += 1
                    }
                }
            }
            for k in 0..<denseCount {
                let v = dense![i * denseCount + k]
                let c = denseCoordinate[k]
                if v != 0, c >= 0 {
                    index[n] = c
                    value[n] = v
                    n += 1
                }
            }
            return n
        }
    }

    /// Calls `body` with each row decoded into column order (one reused buffer of
    /// `columnCount` values), for passes that look at every column of every row.
    func forEachRow(_ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        forEachRow(in: 0..<count, body)
    }

    /// Scores every row: `Σ_j points[j] · x_ij`, summed in column order (so every row's score is
    /// the same number however the rows are split); rows are scored on every core.
    func scores(points: [Double]) -> [Double] {
        precondition(points.count == columnCount, "one point value per column")
        if denseColumns.isEmpty, points.allSatisfy(\.isFinite) {
            // Only indicator columns: add the points of the set bits, in column order. The terms
            // left out are ±0, which never change a sum that starts at +0, so every score is the
            // same number the full loop below gives.
            let bitPoints = bitColumns.map { points[$0] }
            if let tables = Self.byteTables(bitPoints) {
                // Whole points: every partial sum is exact, so a lookup per byte of the row's
                // bits gives the same number as the loop below.
                // Written once, each part by the core that scores those rows.
                let rowBytes = tables.count / 256
                return [Double](unsafeUninitializedCapacity: count) { buffer, filled in
                    nonisolated(unsafe) let o = buffer
                    withReader { r in
                        _ = forEachChunk(count: count, minimumPerChunk: 50_000) { range, _ in
                            tables.withUnsafeBufferPointer { t in
                                for i in range {
                                    var s = 0.0
                                    for j in 0..<rowBytes {
                                        s += t[j << 8 | r.byte(i, j)]
                                    }
                                    (o.baseAddress! + i).initialize(to: s)
                                }
                            }
                        }
                    }
                    filled = count
                }
            }
            if let single = scoresOfOneWordRows(bitPoints) { return single }
            var out = [Double](repeating: 0, count: count)
            out.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let o = buffer
                withReader { r in
                    _ = forEachChunk(count: count, minimumPerChunk: 50_000) { range, _ in
                        for i in range {
                            var s = 0.0
                            for k in 0..<r.words {
                                var x = r.bits![i * r.words + k]
                                while x != 0 {
                                    s += bitPoints[k << 6 | x.trailingZeroBitCount]
                                    x &= x &- 1
                                }
                            }
                            o[i] = s
                        }
                    }
                }
            }
            return out
        }
        var out = [Double](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let o = buffer
            let rows = self
            forEachChunk(count: count, minimumPerChunk: 50_000) { range, _ in
                rows.forEachRow(in: range) { i, x in
                    var s = 0.0
                    for j in 0..<x.count { s += points[j] * x[j] }
                    o[i] = s
                }
            }
        }
        return out
    }

    /// ``scores(points:)`` of indicator rows whose bits fit one word, for any finite points, four
    /// rows at a time: each row's points are added in column order, as the one-row loop adds
    /// them, and the four sums do not wait on each other. A row whose bits are used up adds +0
    /// (slot 64 of the padded points) until the other three are done, which leaves its sum as it
    /// is: the sum starts at +0 and can never be −0. `nil` when the rows take more than one word.
    private func scoresOfOneWordRows(_ bitPoints: [Double]) -> [Double]? {
        guard words == 1, !bits.isEmpty else { return nil }
        let padded = bitPoints + [Double](repeating: 0, count: 65 - bitPoints.count)
        // Written once, each part of it by the core that scores those rows (no zeros written first).
        return [Double](unsafeUninitializedCapacity: count) { buffer, filled in
            nonisolated(unsafe) let o = buffer
            withReader { r in
                _ = forEachChunk(count: count, minimumPerChunk: 50_000) { range, _ in
                    padded.withUnsafeBufferPointer { p in
                        let bits = r.bits!
                        var i = range.lowerBound
                        while i + 4 <= range.upperBound {
                            var (x0, x1, x2, x3) = (bits[i], bits[i + 1], bits[i + 2], bits[i + 3])
                            var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
                            while x0 | x1 | x2 | x3 != 0 {
                                s0 += p[x0.trailingZeroBitCount]
                                s1 += p[x1.trailingZeroBitCount]
                                s2 += p[x2.trailingZeroBitCount]
                                s3 += p[x3.trailingZeroBitCount]
                                x0 &= x0 &- 1
                                x1 &= x1 &- 1
                                x2 &= x2 &- 1
                                x3 &= x3 &- 1
                            }
                            (o.baseAddress! + i).initialize(to: s0)
                            (o.baseAddress! + i + 1).initialize(to: s1)
                            (o.baseAddress! + i + 2).initialize(to: s2)
                            (o.baseAddress! + i + 3).initialize(to: s3)
                            i += 4
                        }
                        while i < range.upperBound {
                            var x = bits[i]
                            var s = 0.0
                            while x != 0 {
                                s += p[x.trailingZeroBitCount]
                                x &= x &- 1
                            }
                            (o.baseAddress! + i).initialize(to: s)
                            i += 1
                        }
                    }
                }
            }
            filled = count
        }
    }

    /// For points that are whole numbers with |Σ points| < 2⁵², ``byteSums(_:)`` of them: every
    /// such sum is exact, so any grouping of a row's terms gives the same score. `nil` for other
    /// points.
    static func byteTables(_ bitPoints: [Double]) -> [Double]? {
        guard bitPoints.allSatisfy({ $0 == $0.rounded() }), bitPoints.reduce(0, { $0 + abs($1) }) < 0x1p52 else {
            return nil
        }
        return byteSums(bitPoints)
    }

    /// One table of 256 sums per byte of a row's bits: `table[j * 256 + v]` is the sum of
    /// `perBit[b]` over the bits b = 8j + t set in value v of byte j (bits past `perBit` count 0),
    /// so a row's Σ over its set bits is one lookup per byte.
    static func byteSums(_ perBit: [Double]) -> [Double] {
        let rowBytes = (perBit.count + 7) / 8
        var table = [Double](repeating: 0, count: rowBytes * 256)
        for j in 0..<rowBytes {
            for v in 1..<256 {
                let bit = 8 * j + v.trailingZeroBitCount
                table[j << 8 | v] = table[j << 8 | (v & (v - 1))] + (bit < perBit.count ? perBit[bit] : 0)
            }
        }
        return table
    }

    /// Calls `body(i, j, x_ij)` for every non-zero value, row by row (within a row, the bit
    /// columns' in bit order, then the dense columns'): for passes that need only what fires,
    /// without decoding every column of every row as ``forEachRow(_:)`` does. `range` and
    /// `include` pick the rows visited (every row by default).
    func forEachNonZero(
        in range: Range<Int>? = nil, inRows include: (_ row: Int) -> Bool = { _ in true },
        _ body: (_ row: Int, _ column: Int, _ value: Double) -> Void
    ) {
        withReader { r in
            bitColumns.withUnsafeBufferPointer { bitCols in
                for i in range ?? 0..<count where include(i) {
                    for k in 0..<r.words {
                        var x = r.bits![i * r.words + k]
                        while x != 0 {
                            body(i, bitCols[k << 6 | x.trailingZeroBitCount], 1)
                            x &= x &- 1
                        }
                    }
                    for (k, j) in denseColumns.enumerated() {
                        let v = r.dense![i * r.denseCount + k]
                        if v != 0 { body(i, j, v) }
                    }
                }
            }
        }
    }

    /// ``forEachRow(_:)`` over the rows in `range` only (one chunk of a parallel pass).
    func forEachRow(in range: Range<Int>, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        let p = columnCount
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(p, 1)) { row in
            withReader { r in
                let bitCols = bitColumns
                let denseCols = denseColumns
                for i in range {
                    for (b, j) in bitCols.enumerated() {
                        row[j] = r.bits![i * r.words + b >> 6] >> UInt64(b & 63) & 1 == 1 ? 1 : 0
                    }
                    for (k, j) in denseCols.enumerated() { row[j] = r.dense![i * r.denseCount + k] }
                    body(i, UnsafeBufferPointer(row))
                }
            }
        }
    }
}

/// One encoded column before packing: bits when every value is 0 or 1, else values.
struct EncodedColumn: Sendable {
    /// Encodes a byte-coded column through a table: row i's value is `table[codes[i]]`.
    init(codes: ColumnCodes, table: [Double]) {
        switch codes {
        case .bytes(let bytes): self.init(bytes: bytes, table: table)
        case .bits(let words, let count): self.init(bits: words, count: count, table: table)
        }
    }

    /// A packed column through a table: row i's code is its bit, so the column is the bits, their
    /// complement, all 0 or all 1 when both codes map to 0 or 1, else the table's values.
    private init(bits: [UInt64], count: Int, table: [Double]) {
        let (zero, one) = (table[0], table[1])
        guard Self.isBinary(zero) && Self.isBinary(one) else {
            self.bitWords = []
            self.values = (0..<count).map { table[Int(ColumnCodes.bit(bits, $0))] + 0 }
            self.isBits = false
            return
        }
        let last = count % 64 == 0 ? ~UInt64(0) : (1 << UInt64(count % 64)) - 1
        self.bitWords = bits.indices.map { k in
            let word = (one == 1 ? bits[k] : 0) | (zero == 1 ? ~bits[k] : 0)
            return k == bits.count - 1 ? word & last : word
        }
        self.values = []
        self.isBits = true
    }

    /// Whether a value can be a bit.
    private static func isBinary(_ v: Double) -> Bool { v == 0 || v == 1 }

    /// A column a byte a row through a table.
    private init(bytes codes: [UInt8], table: [Double]) {
        // Binary when every code present maps to 0 or 1 (at once when every entry does).
        guard
            table.allSatisfy(Self.isBinary) || ColumnCodes.present(codes).allSatisfy({ Self.isBinary(table[Int($0)]) })
        else {
            self.bitWords = []
            self.values = codes.map { table[Int($0)] + 0 }
            self.isBits = false
            return
        }
        var words = [UInt64](repeating: 0, count: (codes.count + 63) / 64)
        let ones = (0..<256).filter { table[$0] == 1 }
        codes.withUnsafeBufferPointer { c in
            words.withUnsafeMutableBufferPointer { out in
                if ones.count == 1 {
                    // The usual flag: one code means 1. Eight codes at a time: the bytes equal
                    // to it, each marked by its high bit, gathered into eight bits by a multiply.
                    let spread = UInt64(ones[0]) &* 0x0101_0101_0101_0101
                    let low7 = UInt64(0x7F7F_7F7F_7F7F_7F7F)
                    let whole = c.count / 64
                    for block in 0..<whole {
                        var word: UInt64 = 0
                        let base = UnsafeRawPointer(c.baseAddress! + block * 64)
                        for k in 0..<8 {
                            let x = base.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self) ^ spread
                            let zero = ~(((x & low7) &+ low7) | x | low7)  // 0x80 where a byte of x is 0
                            word |= (((zero >> 7) &* 0x0102_0408_1020_4080) >> 56) << UInt64(8 * k)
                        }
                        out[block] = word
                    }
                    let code = ones[0]
                    if whole < out.count {
                        var word: UInt64 = 0
                        for i in (whole * 64)..<c.count where Int(c[i]) == code { word |= 1 << UInt64(i & 63) }
                        out[whole] = word
                    }
                } else {
                    let one = table.map { $0 == 1 ? UInt64(1) : 0 }
                    one.withUnsafeBufferPointer { one in
                        for block in 0..<out.count {
                            var word: UInt64 = 0
                            let end = min(c.count, block * 64 + 64)
                            for i in (block * 64)..<end { word |= one[Int(c[i])] << UInt64(i & 63) }
                            out[block] = word
                        }
                    }
                }
            }
        }
        self.bitWords = words
        self.values = []
        self.isBits = true
    }

    /// Column-major bits (`rowCount` bits in 64-bit words), when the column is binary.
    var bitWords: [UInt64]
    /// Values, when it is not.
    var values: [Double]
    /// Whether the column is stored as bits.
    var isBits: Bool

    /// Packs `values`, as bits when they are all 0 or 1.
    init(_ values: [Double]) {
        if values.allSatisfy({ $0 == 0 || $0 == 1 }) {
            var words = [UInt64](repeating: 0, count: (values.count + 63) / 64)
            for (i, v) in values.enumerated() where v == 1 { words[i >> 6] |= UInt64(1) << UInt64(i & 63) }
            self.bitWords = words
            self.values = []
            self.isBits = true
        } else {
            self.bitWords = []
            self.values = values.map { $0 + 0 }  // + 0 folds −0 into 0
            self.isBits = false
        }
    }
}
