extension DealTable {
    /// Reads a deal history without quote characters the fast way (see ``QuoteFreeScan``); the
    /// result is the table the general reader makes. `nil` when the file needs the general
    /// reader (quotes, or anything it reports as a problem), which then reads it from the start.
    ///
    /// - Throws: only the errors of typing the columns the codes cannot hold (a bad date), which
    ///   are the general reader's errors for that file.
    static func quoteFree(bytes: [UInt8], file: String, delimiter: UInt8, map: ColumnMap, missing: MissingValues) throws -> DealTable? {
        // The header: the first line that is not blank, read by the general tokenizer.
        let n = bytes.count
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < n, bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 == n || bytes[i + 1] == 0x0A)) { i += bytes[i] == 0x0D && i + 1 < n ? 2 : 1 }
        while i < n, bytes[i] != 0x0A {
            if bytes[i] == 0x22 || bytes[i] == 0x0D && (i + 1 == n || bytes[i + 1] != 0x0A) { return nil }
            i += 1
        }
        guard i < n, let headerCells = try? CSVCells(bytes: Array(bytes[0...i]), file: file, delimiter: delimiter),
              headerCells.recordCount == 1, let names = try? headerCells.header(), let header = try? map.apply(to: names),
              Set(header).count == header.count, let outcomeField = header.firstIndex(of: "outcome") else { return nil }
        let headerLine = headerCells.lines[0]
        var positions: [String: Int] = [:]
        for (k, name) in header.enumerated() { positions[name] = k + 1 }
        let idField = header.firstIndex(of: "deal_id")
        let signalFields = header.indices.filter { $0 != outcomeField && $0 != idField }
        let coded = signalFields.filter { !header[$0].hasSuffix("_at") }
        let dated = signalFields.filter { header[$0].hasSuffix("_at") }
        guard let scan = QuoteFreeScan.scan(bytes: bytes, dataStart: i + 1, firstLine: headerLine + 1, width: header.count, delimiter: delimiter,
                                            outcomeField: outcomeField, idField: idField, codedFields: coded,
                                            missing: coded.map { missing.tokens(column: header[$0]) },
                                            dateFields: dated, dateMissing: dated.map { missing.tokens(column: header[$0]) }),
              scan.recordCount > 0 else { return nil }

        // Outcomes and skips, as the general reader counts them.
        var used: [Int] = []
        var won: [Bool] = []
        used.reserveCapacity(scan.recordCount)
        won.reserveCapacity(scan.recordCount)
        var missingOutcome = 0, notClosed = 0
        scan.forEachOutcome { r, o in
            switch o {
            case 0, 1: used.append(r); won.append(o == 1)
            case 2: missingOutcome += 1
            default: notClosed += 1
            }
        }
        if used.isEmpty { return nil }
        var skipped: [SkipReason: Int] = [:]
        if missingOutcome > 0 { skipped[.missingOutcome] = missingOutcome }
        if notClosed > 0 { skipped[.notClosed] = notClosed }
        let local = scan.split(used)
        let accounting = RowAccounting(read: scan.recordCount, used: used.count, skipped: skipped, skippedOutcomeValues: scan.otherOutcomes)

        // Coded and date columns straight from the scan; the rest typed the general way, from a table
        // of just their cells, on every core (the first error in column order is reported).
        var typed = [SignalColumn?](repeating: nil, count: header.count)
        let complete = coded.indices.filter { scan.kinds[$0] <= 2 }
        for (k, codes) in zip(complete, scan.columns(complete, local)) {
            switch scan.kinds[k] {
            case 0: typed[coded[k]] = .boolean(ColumnValues(slots: [UInt8](repeating: Bool.missingSlot, count: used.count)))
            case 1: typed[coded[k]] = .boolean(ColumnValues(slots: codes.map { $0 == 255 ? Bool.missingSlot : $0 }))
            default: typed[coded[k]] = .number(ColumnValues(codes: codes))
            }
        }
        for (k, f) in dated.enumerated() where !scan.dateFailed[k] { typed[f] = .date(ColumnValues(slots: scan.dates(k, local))) }
        let general = signalFields.filter { typed[$0] == nil }
        if !general.isEmpty {
            let cells = scan.cells(bytes: bytes, file: file, headerLine: headerLine, fields: general, delimiter: delimiter)
            let results = UnsafeMutableBufferPointer<Result<SignalColumn, Error>?>.allocate(capacity: general.count)
            results.initialize(repeating: nil)
            defer { results.deinitialize(); results.deallocate() }
            nonisolated(unsafe) let out = results
            let usedRows = used
            forEachChunk(count: general.count, minimumPerChunk: 1) { range, _ in
                for k in range {
                    let name = header[general[k]]
                    out[k] = Result { try ColumnTyping.column(cells, field: k, name: name, used: usedRows, missing: missing.tokens(column: name)) }
                }
            }
            for (k, f) in general.enumerated() { typed[f] = try results[k]!.get() }
        }
        let ids = idField.map { _ in scan.ids(local) }
        return DealTable(file: file, won: won, dealIDs: ids, typedColumns: signalFields.map { (header[$0], typed[$0]!) },
                         lines: scan.lines(local), weights: nil, accounting: accounting, columnPositions: positions, headerLine: headerLine)
    }
}
