extension DealTable {
    /// Reads a deal history file; a file whose quoted fields hold no quote or line break (most
    /// exports) streams through the fast reader (see ``QuoteFreeScan``) a block at a time, so memory follows the encoded table,
    /// not the file; any other file is read whole by the general reader. Both give the same
    /// table and the same errors.
    ///
    /// ```swift
    /// let deals = try DealTable(contentsOfFile: "deals.csv")
    /// ```
    ///
    /// - Throws: ``FileBytes/ReadError`` when the file cannot be read; ``CSVError`` or
    ///   ``DealDataError`` for its contents.
    public init(
        contentsOfFile path: String, delimiter: Character = ",", map: ColumnMap = ColumnMap(),
        missing: MissingValues = MissingValues(),
        formats: ValueFormats = ValueFormats()
    ) throws {
        let separator = CSVReader(delimiter: delimiter).delimiter
        if let table = try Self.quoteFree(
            path: path, delimiter: separator, map: map, missing: missing, formats: formats)
        {
            self = table
        } else {
            // The fast reader declined, and would again: straight to the general one.
            try self.init(
                generalBytes: FileBytes.read(path), file: path, delimiter: delimiter, map: map, missing: missing,
                formats: formats)
        }
    }

    /// The header of a quote-free file and what the scan needs of it.
    struct QuoteFreeHeader {
        var names: [String]
        var line: Int
        /// The byte after the header's line end.
        var dataStart: Int
        var positions: [String: Int]
        var idField: Int?
        var signalFields: [Int]
        var coded: [Int]
        var dated: [Int]
        var layout: QuoteFreeScan.Layout
        /// Whether the file holds leads to score: every record is used, won or not.
        var leads: Bool

        /// Finds the header at the start of `bytes` (the first line that is not blank, read by
        /// the general tokenizer); `nil` when the general reader must read the file (also for a
        /// decimal comma, where `1.000` is a thousand and the byte codes would read 1).
        ///
        /// For `leads` (a file to score), the outcome column is optional and the id column may be
        /// `lead_id`, as in ``DealTable/leads(bytes:file:delimiter:map:missing:formats:)``.
        init?(
            _ bytes: [UInt8], file: String, delimiter: UInt8, map: ColumnMap, missing: MissingValues,
            formats: ValueFormats, leads: Bool = false
        ) {
            guard formats.decimal == .point else { return nil }
            let n = bytes.count
            var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while i < n, bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 == n || bytes[i + 1] == 0x0A)) {
                i += bytes[i] == 0x0D && i + 1 < n ? 2 : 1
            }
            // The header's line end (a quoted name may not hold one).
            var quoted = false
            while i < n, quoted || bytes[i] != 0x0A {
                if bytes[i] == 0x22 { quoted.toggle() }
                if quoted, bytes[i] == 0x0A || bytes[i] == 0x0D { return nil }
                if bytes[i] == 0x0D && (i + 1 == n || bytes[i + 1] != 0x0A) { return nil }
                i += 1
            }
            guard i < n, let headerCells = try? CSVCells(bytes: Array(bytes[0...i]), file: file, delimiter: delimiter),
                headerCells.recordCount == 1, let raw = try? headerCells.header(), let header = try? map.apply(to: raw),
                Set(header).count == header.count
            else { return nil }
            let outcomeField = header.firstIndex(of: "outcome")
            if outcomeField == nil, !leads { return nil }
            names = header
            line = headerCells.lines[0]
            dataStart = i + 1
            positions = [:]
            for (k, name) in header.enumerated() { positions[name] = k + 1 }
            idField = header.firstIndex(of: "deal_id") ?? (leads ? header.firstIndex(of: "lead_id") : nil)
            self.leads = leads
            signalFields = header.indices.filter { [idField] in $0 != outcomeField && $0 != idField }
            coded = signalFields.filter { !header[$0].hasSuffix("_at") }
            // Dates the scan reads are ISO; a forced CRM form leaves the date columns to the
            // general typing (the scan passes over them).
            dated =
                formats.dates == nil || formats.dates == .iso ? signalFields.filter { header[$0].hasSuffix("_at") } : []
            layout = QuoteFreeScan.Layout(
                width: header.count, delimiter: delimiter, outcomeField: outcomeField, idField: idField,
                codedFields: coded, missing: coded.map { missing.tokens(column: header[$0]) },
                dateFields: dated, dateMissing: dated.map { missing.tokens(column: header[$0]) })
        }
    }

    /// Reads a deal history held in memory the fast way, when its quoted fields hold no quote or
    /// line break (see
    /// ``QuoteFreeScan``); the result is the table the general reader makes. `nil` when the file
    /// needs the general reader (quotes, or anything it reports as a problem).
    ///
    /// - Throws: only the errors of typing the columns the codes cannot hold (a bad date), which
    ///   are the general reader's errors for that file.
    static func quoteFree(
        bytes: [UInt8], file: String, delimiter: UInt8, map: ColumnMap, missing: MissingValues,
        formats: ValueFormats = ValueFormats(), leads: Bool = false
    ) throws -> DealTable? {
        guard
            let header = QuoteFreeHeader(
                bytes, file: file, delimiter: delimiter, map: map, missing: missing, formats: formats, leads: leads),
            let scan = QuoteFreeScan.scan(
                bytes: bytes, dataStart: header.dataStart, firstLine: header.line + 1, layout: header.layout)
        else { return nil }
        return try assemble(scan, header: header, file: file, missing: missing, formats: formats) { scan, fields in
            try scan.cells(file: file, headerLine: header.line, fields: fields, delimiter: delimiter) { body in
                try body(bytes, 0)
            }
        }
    }

    /// Streams a deal history file through the fast reader a block at a time (see
    /// ``FileBlocks``); text columns are kept as their distinct cells on the way, and the other
    /// columns the codes cannot hold are gathered in a second pass. `nil` when the file needs the
    /// general reader, or changed between the passes.
    static func quoteFree(
        path: String, delimiter: UInt8, map: ColumnMap, missing: MissingValues, formats: ValueFormats = ValueFormats(),
        leads: Bool = false, blockSize: Int = 1 << 24
    ) throws -> DealTable? {
        var blocks = try FileBlocks(path: path, blockSize: blockSize)
        let stamp = blocks.stamp
        guard let (first, _) = try blocks.next(),
            let header = QuoteFreeHeader(
                first, file: path, delimiter: delimiter, map: map, missing: missing, formats: formats, leads: leads)
        else { return nil }
        var parts: [QuoteFreeScan.Part] = []
        var block: [UInt8]? = first
        var offset = 0
        var start = header.dataStart
        // The coded fields that held text in every part so far: the next block's parts keep
        // their dictionaries from its first record.
        var textFields = [Bool](repeating: false, count: header.layout.coded)
        while let bytes = block {
            let known = textFields
            guard
                let scanned = bytes.withUnsafeBufferPointer({
                    QuoteFreeScan.scanBlock(
                        $0, from: start, to: $0.count, fileOffset: offset, layout: header.layout, textFields: known)
                })
            else { return nil }
            parts += scanned
            textFields = textFields.indices.map { k in parts.allSatisfy { $0.texts[k] != nil } }
            guard let (next, nextOffset) = try blocks.next() else { break }
            block = next
            offset = nextOffset
            start = 0
        }
        guard let scan = QuoteFreeScan(parts: consume parts, firstLine: header.line + 1, layout: header.layout) else {
            return nil
        }
        return try assemble(consume scan, header: header, file: path, missing: missing, formats: formats) {
            scan, fields in
            var again = try FileBlocks(path: path, blockSize: blockSize)
            guard again.stamp == stamp else { return nil }
            return try scan.cells(file: path, headerLine: header.line, fields: fields, delimiter: delimiter) { body in
                while let (bytes, offset) = try again.next() { try body(bytes, offset) }
            }
        }
    }

    /// The table from a scan: outcomes and skips, byte-coded and date columns from the scan, the
    /// other columns typed the general way from `generalCells(fields)` (`nil`: give up, the
    /// general reader reads the file).
    ///
    /// It takes the scan over and lets each of its parts' arrays go as soon as the table has its
    /// copy (the codes, then the ids), so the peak holds the table and at most the rest of the scan.
    private static func assemble(
        _ scan: consuming QuoteFreeScan, header h: QuoteFreeHeader, file: String, missing: MissingValues,
        formats: ValueFormats,
        generalCells: (QuoteFreeScan, [Int]) throws -> CSVCells?
    ) throws -> DealTable? {
        guard scan.recordCount > 0 else { return nil }
        let header = h.names
        let signalFields = h.signalFields
        let coded = h.coded
        let dated = h.dated
        let idField = h.idField
        let headerLine = h.line
        let positions = h.positions
        // Outcomes and skips, as the general reader counts them (leads: every record, none skipped).
        let (local, won, missingOutcome, notClosed) = h.leads ? scan.allRecords() : scan.closedRecords()
        if won.isEmpty { return nil }
        var skipped: [SkipReason: Int] = [:]
        if missingOutcome > 0 { skipped[.missingOutcome] = missingOutcome }
        if notClosed > 0 { skipped[.notClosed] = notClosed }
        var accounting = RowAccounting(
            read: scan.recordCount, used: won.count, skipped: skipped,
            skippedOutcomeValues: h.leads ? [:] : scan.otherOutcomes)

        // Coded and date columns straight from the scan; the rest typed the general way, from a table
        // of just their cells, on every core (the first error in column order is reported).
        var typed = [SignalColumn?](repeating: nil, count: header.count)
        let complete = coded.indices.filter { scan.kinds[$0] <= 2 }
        // The columns typed the general way: those the codes and dates cannot hold.
        let fromCodes = Set(complete.map { coded[$0] })
        let fromDates = Set(dated.indices.filter { !scan.dateFailed[$0] }.map { dated[$0] })
        var typedFromText = Set<Int>()
        // Text columns with a dictionary in every part are typed once per distinct cell: the typing
        // reads each cell on its own, so a column types the same from its distinct cells. Kept
        // when they read as categories; anything else (numbers with currency marks, a cell to
        // report) is typed from the file's cells below.
        let codedIndex = Dictionary(uniqueKeysWithValues: coded.enumerated().map { ($1, $0) })
        for f in signalFields where !fromCodes.contains(f) && !fromDates.contains(f) {
            guard let k = codedIndex[f], scan.textCaptured[k] else { continue }
            let (cells, recordOf) = scan.distinctCells(k, file: file, headerLine: headerLine, fieldNumber: f)
            guard
                let result = try? ColumnTyping.typed(
                    cells, field: 0, name: header[f], used: Array(0..<(cells.recordCount - 1)),
                    missing: missing.tokens(column: header[f]), formats: formats),
                result.note == nil, case .category(let values) = result.column
            else { continue }
            typed[f] = .category(scan.texts(k, local, values: values, recordOf: recordOf))
            typedFromText.insert(f)
        }
        scan.releaseTexts()
        let general = signalFields.filter {
            !fromCodes.contains($0) && !fromDates.contains($0) && !typedFromText.contains($0)
        }
        if general.isEmpty { scan.releaseRowStarts() }
        for (k, codes) in zip(complete, scan.columns(complete, local)) {
            switch (scan.kinds[k], codes) {
            case (0, _):
                typed[coded[k]] = .boolean(ColumnValues(slots: [UInt8](repeating: Bool.missingSlot, count: won.count)))
            case (1, .bits(let bits, let count)): typed[coded[k]] = .boolean(ColumnValues(bits: bits, count: count))
            case (1, .bytes(let codes)):
                typed[coded[k]] = .boolean(ColumnValues(slots: codes.map { $0 == 255 ? Bool.missingSlot : $0 }))
            case (_, .bits(let bits, let count)): typed[coded[k]] = .number(ColumnValues(bits: bits, count: count))
            case (_, .bytes(let codes)): typed[coded[k]] = .number(ColumnValues(codes: codes))
            }
        }
        scan.releaseCodes()
        for (k, f) in dated.enumerated() where !scan.dateFailed[k] {
            typed[f] = .date(ColumnValues(slots: scan.dates(k, local)))
        }
        if !general.isEmpty {
            guard let cells = try generalCells(scan, general) else { return nil }
            let usedRows = scan.records(local)
            let results = parallelMap(count: general.count) { k in
                let name = header[general[k]]
                return Result {
                    try ColumnTyping.typed(
                        cells, field: k, name: name, used: usedRows, missing: missing.tokens(column: name),
                        formats: formats)
                }
            }
            var notes = [String?](repeating: nil, count: header.count)
            for (k, f) in general.enumerated() { (typed[f], notes[f]) = try results[k].get() }
            // In column order, as the general reader lists them.
            accounting.notes = signalFields.compactMap { notes[$0] }
        }
        let ids = idField.map { _ in scan.ids(local) }
        scan.releaseIDs()
        return DealTable(
            file: file, won: won, dealIDs: ids, typedColumns: signalFields.map { (header[$0], typed[$0]!) },
            lines: scan.lines(local), weights: nil, accounting: accounting, columnPositions: positions,
            headerLine: headerLine)
    }
}
