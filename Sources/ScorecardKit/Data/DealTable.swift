/// A closed-deal history: one row per won or lost deal, with typed signal columns.
///
/// Rows whose outcome is empty or not won/lost are skipped and counted in ``accounting``; every
/// other problem (a bad date, a duplicate id, a missing `outcome` column) is an error naming the
/// file, line and column.
///
/// ```swift
/// let deals = try DealTable(csv: "outcome,demo\nwon,true\nlost,false\nopen,true\n", file: "d.csv")
/// deals.count                          // 2
/// deals.accounting.skipped[.notClosed] // 1
/// ```
public struct DealTable: Sendable {
    /// The file the history came from.
    public var file: String
    /// Won (`true`) or lost, per used row.
    public var won: [Bool]
    /// `deal_id` per used row, when the column exists.
    public var dealIDs: [String]?
    /// `closed_at` per used row, when the column exists (4 bytes a row; `closedAt?[i]` is `nil`
    /// where the cell was empty).
    public var closedAt: ColumnValues<CalendarDate>?
    /// `scored_at` per used row, when the column exists.
    public var scoredAt: ColumnValues<CalendarDate>?
    /// Signal columns by name (every column other than `outcome`, `deal_id`, `closed_at`,
    /// `scored_at`), including `<signal>_at` date columns.
    public var columns: [String: SignalColumn]
    /// Column names in file order (after renaming).
    public var columnOrder: [String]
    /// The source line of each used row.
    public var lines: LineNumbers
    /// How many deals each row stands for: `nil` for a deal-level history (one deal a row); for a
    /// pattern table read with ``CountColumns``, the won or lost count of the pattern.
    public var weights: [Double]?
    /// Rows read, used and skipped, with the reader's notes (``RowAccounting/notes``).
    public var accounting: RowAccounting
    /// What the reader decided about the file's forms (a dropped empty column, a detected date
    /// form, numbers with currency marks), for reports; empty for a plain file.
    public var notes: [String] { accounting.notes }
    /// 1-based position of each column in the header, for error locations.
    public var columnPositions: [String: Int]
    /// The line the header is on.
    public var headerLine: Int

    /// Number of deals used.
    public var count: Int { won.count }
    /// The weight of row `i` (1 for a deal-level history).
    @inline(__always) public func weight(_ i: Int) -> Double { weights?[i] ?? 1 }
    /// Number of won deals.
    public var wonCount: Int {
        // A Bool is the byte 0 or 1.
        guard let weights else { return won.withUnsafeBytes { bytes in bytes.reduce(0) { $0 + Int($1) } } }
        return Int(zip(won, weights).reduce(0.0) { $0 + ($1.0 ? $1.1 : 0) }.rounded())
    }
    /// Number of lost deals.
    public var lostCount: Int {
        guard let weights else { return count - wonCount }
        return Int(zip(won, weights).reduce(0.0) { $0 + ($1.0 ? 0 : $1.1) }.rounded())
    }

    /// Column names with a reserved meaning.
    public static let reservedColumns: Set<String> = ["outcome", "deal_id", "closed_at", "scored_at"]

    /// Reads a deal history from CSV text.
    ///
    /// - Parameters:
    ///   - csv: the file's text.
    ///   - file: its name, for error locations.
    ///   - delimiter: the field separator.
    ///   - map: column renames applied to the header first.
    ///   - missing: cell values read as missing, besides empty cells (the default list of
    ///     ``MissingValues``).
    ///   - formats: how dates and numbers are written (detected by default; see ``ValueFormats``).
    /// - Throws: ``CSVError`` or ``DealDataError``.
    public init(
        csv: String, file: String, delimiter: Character = ",", map: ColumnMap = ColumnMap(),
        missing: MissingValues = MissingValues(),
        formats: ValueFormats = ValueFormats()
    ) throws {
        try self.init(
            bytes: Array(csv.utf8), file: file, delimiter: delimiter, map: map, missing: missing, formats: formats)
    }

    /// Reads a deal history from CSV bytes (see ``init(csv:file:delimiter:map:)``).
    ///
    /// - Complexity: O(size of the file): one pass to find the cells, one per column to type it.
    ///   - counts: read a pattern table: each row is one combination of signal values with the
    ///     number of won and lost deals that had it, in these two columns (no `outcome` column).
    ///     It fits exactly as the deal-level history it summarizes.
    public init(
        bytes: [UInt8], file: String, delimiter: Character = ",", map: ColumnMap = ColumnMap(),
        missing: MissingValues = MissingValues(),
        formats: ValueFormats = ValueFormats(), counts: CountColumns? = nil
    ) throws {
        try self.init(
            bytes: bytes, file: file, delimiter: delimiter, map: map, missing: missing, formats: formats, leads: false,
            counts: counts)
    }

    /// The two columns of a pattern table that hold its won and lost deal counts
    /// (`--counts won_count,lost_count`).
    public struct CountColumns: Sendable, Equatable {
        /// The won-count column.
        public var won: String
        /// The lost-count column.
        public var lost: String

        /// Creates the pair.
        public init(won: String, lost: String) {
            self.won = won
            self.lost = lost
        }

        /// Parses `won_count,lost_count`.
        public init?(parsing text: String) {
            let parts = text.split(separator: ",").map { String($0).trimmingWhitespace() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0] != parts[1] else { return nil }
            self.init(won: parts[0], lost: parts[1])
        }
    }

    /// Reads leads to score: like a deal history, but every row is used, the id column may be
    /// `lead_id` (when there is no `deal_id`) and the `outcome` column is optional (a lead's outcome, when present, is kept in ``won``, else `false`).
    public static func leads(
        bytes: [UInt8], file: String, delimiter: Character = ",", map: ColumnMap = ColumnMap(),
        missing: MissingValues = MissingValues(), formats: ValueFormats = ValueFormats()
    ) throws -> DealTable {
        try DealTable(
            bytes: bytes, file: file, delimiter: delimiter, map: map, missing: missing, formats: formats, leads: true,
            counts: nil)
    }

    /// Reads leads to score from a file, as ``leads(bytes:file:delimiter:map:missing:formats:)``
    /// does from bytes; a file the fast reader takes (most exports) streams through it a block at
    /// a time, so memory follows the encoded table, not the file.
    ///
    /// ```swift
    /// let leads = try DealTable.leads(contentsOfFile: "this-week.csv")
    /// ```
    public static func leads(
        contentsOfFile path: String, delimiter: Character = ",", map: ColumnMap = ColumnMap(),
        missing: MissingValues = MissingValues(), formats: ValueFormats = ValueFormats()
    ) throws -> DealTable {
        let separator = CSVReader(delimiter: delimiter).delimiter
        if let table = try Self.quoteFree(
            path: path, delimiter: separator, map: map, missing: missing, formats: formats, leads: true)
        {
            return table
        }
        return try leads(
            bytes: FileBytes.read(path), file: path, delimiter: delimiter, map: map, missing: missing, formats: formats)
    }

    /// Reads leads with the general reader only (tests compare it with the fast path).
    static func readLeadsGenerally(
        bytes: [UInt8], file: String, map: ColumnMap = ColumnMap(), missing: MissingValues = MissingValues()
    ) throws -> DealTable {
        try DealTable(
            bytes: bytes, file: file, delimiter: ",", map: map, missing: missing, formats: ValueFormats(), leads: true,
            counts: nil, fast: false)
    }

    /// Reads with the general reader only (tests compare it with the fast paths).
    static func readGenerally(
        bytes: [UInt8], file: String, missing: MissingValues = MissingValues(), formats: ValueFormats = ValueFormats()
    ) throws -> DealTable {
        try DealTable(
            generalBytes: bytes, file: file, delimiter: ",", map: ColumnMap(), missing: missing, formats: formats)
    }

    /// The general reader, for a file the fast one has declined.
    init(
        generalBytes bytes: [UInt8], file: String, delimiter: Character, map: ColumnMap, missing: MissingValues,
        formats: ValueFormats
    ) throws {
        try self.init(
            bytes: bytes, file: file, delimiter: delimiter, map: map, missing: missing, formats: formats, leads: false,
            counts: nil, fast: false)
    }

    private init(
        bytes: [UInt8], file: String, delimiter: Character, map: ColumnMap, missing: MissingValues,
        formats: ValueFormats,
        leads: Bool, counts: CountColumns?, fast: Bool = true
    ) throws {
        let separator = CSVReader(delimiter: delimiter).delimiter
        if fast, counts == nil,
            let table = try Self.quoteFree(
                bytes: bytes, file: file, delimiter: separator, map: map, missing: missing, formats: formats,
                leads: leads)
        {
            self = table
            return
        }
        let cells = try CSVCells(bytes: bytes, file: file, delimiter: separator)
        let (names, dropped) = try cells.headerDroppingEmptyTrailingColumns()
        var notes: [String] = []
        if dropped > 0 {
            notes.append(
                dropped == 1
                    ? "the header's last cell is empty and so is every cell under it (a trailing delimiter on every line): that column was dropped"
                    : "the header's last \(dropped) cells are empty and so is every cell under them (trailing delimiters on every line): those columns were dropped"
            )
        }
        let header = try map.apply(to: names)
        let headerLine = cells.lines[0]
        var positions: [String: Int] = [:]
        for (k, name) in header.enumerated() {
            if let first = positions[name] {
                throw CSVError.duplicateColumn(
                    SourceLocation(file: file, line: headerLine, column: k + 1), name: name, firstColumn: first)
            }
            positions[name] = k + 1
        }
        let outcomeIndex = counts == nil ? header.firstIndex(of: "outcome") : nil
        if outcomeIndex == nil, !leads, counts == nil {
            throw DealDataError.missingOutcomeColumn(
                SourceLocation(file: file, line: headerLine, column: 1), header: header)
        }
        var countIndex: (won: Int, lost: Int)? = nil
        if let counts {
            for name in [counts.won, counts.lost] where !header.contains(name) {
                throw DealDataError.mappedColumnMissing(
                    SourceLocation(file: file, line: headerLine, column: 1), column: name, header: header)
            }
            countIndex = (header.firstIndex(of: counts.won)!, header.firstIndex(of: counts.lost)!)
        }
        if cells.recordCount == 1 { throw CSVError.headerOnly(file: file) }
        let outcomeLoc = SourceLocation(file: file, line: headerLine, column: (outcomeIndex ?? 0) + 1)
        let dataRows = cells.recordCount - 1

        // Outcomes and skips. Row r of the data is record r + 1.
        var used: [Int] = []
        var won: [Bool] = []
        var weights: [Double]? = countIndex == nil ? nil : []
        var skipped: [SkipReason: Int] = [:]
        var skippedValues: [String: Int] = [:]
        var patternRows = 0
        used.reserveCapacity(dataRows)
        won.reserveCapacity(dataRows)
        for r in 0..<dataRows {
            if let (w, l) = countIndex {
                // A pattern row: one entry for its won deals and one for its lost deals.
                func count(_ f: Int) throws -> Double {
                    let cell = cells.cellBytes(r + 1, f)
                    let t = ColumnTyping.trimmed(cell)
                    if t.isEmpty { return 0 }
                    guard let x = ColumnTyping.number(t), x >= 0, x.isFinite else {
                        throw DealDataError.invalidCount(
                            cells.location(r + 1, f), column: header[f], value: String(decoding: cell, as: UTF8.self))
                    }
                    return x
                }
                let nw = try count(w)
                let nl = try count(l)
                if nw + nl == 0 {
                    skipped[.emptyPattern, default: 0] += 1
                    continue
                }
                patternRows += 1
                if nw > 0 {
                    used.append(r)
                    won.append(true)
                    weights!.append(nw)
                }
                if nl > 0 {
                    used.append(r)
                    won.append(false)
                    weights!.append(nl)
                }
                continue
            }
            guard let outcomeIndex else {
                used.append(r)
                won.append(false)
                continue
            }
            let cell = cells.cellBytes(r + 1, outcomeIndex)
            if let o = Outcome(bytes: cell) {
                used.append(r)
                won.append(o == .won)
            } else if leads {
                used.append(r)
                won.append(false)
            } else if ColumnTyping.trimmed(cell).isEmpty {
                skipped[.missingOutcome, default: 0] += 1
            } else {
                skipped[.notClosed, default: 0] += 1
                skippedValues[try cells.string(r + 1, outcomeIndex).trimmingWhitespace().lowercased(), default: 0] += 1
            }
        }
        var accounting = RowAccounting(
            read: dataRows, used: countIndex == nil ? used.count : patternRows, skipped: skipped,
            skippedOutcomeValues: skippedValues)
        if used.isEmpty { throw DealDataError.noClosedDeals(outcomeLoc, skipped: dataRows) }

        // deal_id: unique over every row, closed or not, so an id never means two deals. A leads
        // file may call it lead_id instead.
        var ids: [String]? = nil
        let idField = header.firstIndex(of: "deal_id") ?? (leads ? header.firstIndex(of: "lead_id") : nil)
        if let k = idField {
            var all: [String]
            if let ascii = try Self.asciiDealIDs(cells, field: k) {
                all = ascii
            } else {
                // Some id is quoted with doubled quotes or is not ASCII: compare as Strings.
                all = [String](repeating: "", count: dataRows)
                var firstLine: [String: Int] = [:]
                for r in 0..<dataRows {
                    let id = try cells.trimmedString(r + 1, k)
                    all[r] = id
                    if id.isEmpty { continue }
                    if let f = firstLine[id] {
                        throw DealDataError.duplicateDealID(cells.location(r + 1, k), value: id, firstLine: f)
                    }
                    firstLine[id] = cells.lines[r + 1]
                }
            }
            ids = used.map { all[$0] }
        }

        // Typed columns, validated over every row (an open deal's bad date is still a bad file).
        // Each column is typed on its own, so the columns are shared out over the cores; the first
        // error in column order is the one reported, as a one-core run would.
        let countFields: Set<String> = counts.map { [$0.won, $0.lost] } ?? []
        let signalFields = header.indices.filter {
            header[$0] != "outcome" && $0 != idField && header[$0] != "deal_id" && !countFields.contains(header[$0])
        }
        let typed = UnsafeMutableBufferPointer<Result<(column: SignalColumn, note: String?), Error>?>.allocate(
            capacity: signalFields.count)
        typed.initialize(repeating: nil)
        defer {
            typed.deinitialize()
            typed.deallocate()
        }
        nonisolated(unsafe) let results = typed
        let usedRows = used
        // Flags, small counts and true/false in one pass over the rows; the rest (text, dates,
        // other numbers) column by column.
        // (With a decimal comma, `1.000` is a thousand: every number column takes the general typing.)
        let fast =
            formats.decimal == .comma ? [] : signalFields.indices.filter { !header[signalFields[$0]].hasSuffix("_at") }
        let byteTyped = ColumnTyping.byteColumns(
            cells, fields: fast.map { signalFields[$0] }, used: usedRows,
            missing: fast.map { missing.tokens(column: header[signalFields[$0]]) })
        for (k, c) in fast.enumerated() { if let column = byteTyped[k] { results[c] = .success((column, nil)) } }
        let general = signalFields.indices.filter { results[$0] == nil }
        forEachChunk(count: general.count, minimumPerChunk: 1) { range, _ in
            for c in range.map({ general[$0] }) {
                let k = signalFields[c]
                results[c] = Result {
                    try ColumnTyping.typed(
                        cells, field: k, name: header[k], used: usedRows, missing: missing.tokens(column: header[k]),
                        formats: formats)
                }
            }
        }
        let named = try signalFields.indices.map { (header[signalFields[$0]], try typed[$0]!.get().column) }
        notes += signalFields.indices.compactMap { try? typed[$0]!.get().note }
        accounting.notes = notes
        self.init(
            file: file, won: won, dealIDs: ids, typedColumns: named, lines: used.map { cells.lines[$0 + 1] },
            weights: weights,
            accounting: accounting, columnPositions: positions, headerLine: headerLine)
    }

    /// Assembles a table; `closed_at` and `scored_at` are taken out of the typed columns.
    init(
        file: String, won: [Bool], dealIDs: [String]?, typedColumns: [(name: String, column: SignalColumn)],
        lines: [Int], weights: [Double]?,
        accounting: RowAccounting, columnPositions: [String: Int], headerLine: Int
    ) {
        var columns: [String: SignalColumn] = [:]
        var order: [String] = []
        for (name, column) in typedColumns {
            columns[name] = column
            order.append(name)
        }
        func dates(_ name: String) -> ColumnValues<CalendarDate>? {
            if case .date(let d)? = columns.removeValue(forKey: name) {
                order.removeAll { $0 == name }
                return d
            }
            return nil
        }
        self.file = file
        self.won = won
        self.dealIDs = dealIDs
        self.closedAt = dates("closed_at")
        self.scoredAt = dates("scored_at")
        self.columns = columns
        self.columnOrder = order
        self.lines = LineNumbers(lines)
        self.weights = weights
        self.accounting = accounting
        self.columnPositions = columnPositions
        self.headerLine = headerLine
    }

    /// The `deal_id` column when every id is plain ASCII (the usual case): the ids, checked for
    /// duplicates by hashing their bytes (ASCII strings are equal exactly when their bytes are).
    /// `nil` as soon as an id needs the general path (doubled quotes, other bytes); the rows
    /// before it were then all distinct ASCII, so the general path reports the same first problem.
    ///
    /// - Throws: ``DealDataError/duplicateDealID(_:value:firstLine:)`` for the first repeated id.
    private static func asciiDealIDs(_ cells: CSVCells, field k: Int) throws -> [String]? {
        let rows = cells.recordCount - 1
        var ids = [String]()
        ids.reserveCapacity(rows)
        var capacity = 16
        while capacity < 2 * rows { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int32](repeating: -1, count: capacity)
        var spans = [(start: Int, length: Int)]()
        spans.reserveCapacity(rows)
        return try cells.bytes.withUnsafeBufferPointer { b -> [String]? in
            for r in 0..<rows {
                let (s0, l0, escaped) = cells.raw(r + 1, k)
                if escaped { return nil }
                let t = ColumnTyping.trimmed(b[s0..<(s0 + l0)])
                let s = t.startIndex
                let e = t.endIndex
                guard let h = ColumnTyping.asciiHash(t) else { return nil }
                let bytes = UnsafeBufferPointer(rebasing: t)
                ids.append(String(decoding: bytes, as: UTF8.self))
                spans.append((s, e - s))
                if s == e { continue }
                var slot = Int(truncatingIfNeeded: h ^ (h >> 32)) & mask
                while slots[slot] >= 0 {
                    let other = spans[Int(slots[slot])]
                    if other.length == e - s, b[other.start..<(other.start + other.length)].elementsEqual(b[s..<e]) {
                        throw DealDataError.duplicateDealID(
                            cells.location(r + 1, k), value: ids[r], firstLine: cells.lines[Int(slots[slot]) + 1])
                    }
                    slot = (slot + 1) & mask
                }
                slots[slot] = Int32(r)
            }
            return ids
        }
    }

    /// Where the header cell of `column` is, for errors about a whole column.
    public func headerLocation(_ column: String) -> SourceLocation {
        SourceLocation(file: file, line: headerLine, column: columnPositions[column] ?? 1)
    }

    /// Checks that the history has both won and lost deals.
    ///
    /// - Throws: ``DealDataError/oneOutcomeOnly(_:outcome:deals:)`` pointing at the outcome column.
    public func requireBothOutcomes() throws {
        if wonCount == 0 { throw DealDataError.oneOutcomeOnly(headerLocation("outcome"), outcome: .lost, deals: count) }
        if lostCount == 0 { throw DealDataError.oneOutcomeOnly(headerLocation("outcome"), outcome: .won, deals: count) }
    }

    /// The earliest and latest `closed_at`, if any.
    public var closedRange: ClosedRange<CalendarDate>? { closedAt?.earliestToLatest }

    /// The deals at `indices` (e.g. one quarter), with accounting of just those rows.
    /// `signals: false` leaves the signal columns out (for a caller that already has the rows
    /// encoded and needs only outcomes, dates and counts).
    public func selecting(_ indices: [Int], signals: Bool = true) -> DealTable {
        var t = self
        t.won = indices.map { won[$0] }
        t.weights = weights.map { w in indices.map { w[$0] } }
        t.dealIDs = dealIDs.map { d in indices.map { d[$0] } }
        t.closedAt = closedAt?.selecting(indices)
        t.scoredAt = scoredAt?.selecting(indices)
        t.columns = signals ? columns.mapValues { $0.selecting(indices) } : [:]
        t.lines = lines.selecting(indices)
        t.accounting = RowAccounting(read: indices.count, used: indices.count, skipped: [:], skippedOutcomeValues: [:])
        return t
    }
}
