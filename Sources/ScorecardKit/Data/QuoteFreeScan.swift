/// The fast read of a deal history whose quoted fields (if any) hold no quote and no line break:
/// the data is split at line ends into one part per core, and each part is read in a single pass
/// over its bytes, straight into outcomes, deal ids, day numbers and the codes of the flag,
/// small-count and true/false columns (a bit a record for a column of 0s and 1s, see
/// ``FieldCodes``). Nothing is made per cell, so the memory follows the encoded table, not the
/// file; ``DealTable/init(contentsOfFile:delimiter:map:missing:)`` feeds
/// it a block of the file at a time.
///
/// It handles the common valid file only. Anything unusual (a quote inside a field, a quoted
/// line break, a ragged row, a NUL byte, a lone carriage return, an outcome that is not valid
/// UTF-8, a non-ASCII or repeated deal id) makes the scan return `nil`, and ``DealTable`` reads
/// the file the general way, which reports the problem with its line and column. A text column
/// is kept on the way as its distinct cells (see ``TextDictionary``) and typed once per distinct
/// cell; columns the codes cannot hold otherwise (fractions, a date column with a cell that is not
/// a date, a text column with too many distinct cells, one that reads as money, or one that shows
/// text only after the first block of a streamed file) are typed by the general code from a
/// ``CSVCells`` holding just those fields.
struct QuoteFreeScan: @unchecked Sendable {
    /// The parts in file order, as each core read them (kept as they are: gathering them into
    /// one set of arrays would copy the whole table once more).
    var parts: [Part] = []
    /// Per part: the line number of its first byte and the file-wide index of its first record.
    var firstLine: [Int] = []
    var firstRecord: [Int] = []
    /// Records read.
    var recordCount = 0
    /// Values of outcome cells that are not won/lost, trimmed and lowercased, with their counts.
    var otherOutcomes: [String: Int] = [:]
    /// What each coded field held: bit 0 a Boolean, bit 1 a number 0…254, bit 2 anything else
    /// (then its codes are not complete).
    var kinds: [UInt8] = []
    /// Date fields with a cell that is not a date: left to the general reader, which names it.
    var dateFailed: [Bool] = []
    /// Coded fields that hold text and have a ``TextDictionary`` in every part.
    var textCaptured: [Bool] = []
    var dateCount = 0
    /// Blank lines passed over.
    var blankLines = 0

    /// One part's share of the work: per record, where it starts, its line within the part, its
    /// outcome (0 lost, 1 won, 2 empty, 3 another value), its id; the codes of each coded field
    /// (255: missing), and the day numbers of the date fields, row-major (`Int32.min`: missing).
    struct Part {
        var rowStarts: [Int] = []
        var lineOffsets: [Int32] = []
        var outcomes: [UInt8] = []
        var otherOutcomes: [String: Int] = [:]
        /// The ids' bytes one after another; id k ends at `idEnds[k]` (and starts where id k − 1
        /// ends): Strings are made only for the table, on every core.
        var idBytes: [UInt8] = []
        var idEnds: [UInt32] = []
        /// Whether the non-empty ids rise strictly in shortlex order (shorter first, then byte
        /// by byte), as in an export sorted by id: then they are distinct without a hash table.
        var idsAscend = true
        /// The coded fields' codes, record by record.
        var codes: FieldCodes
        var kinds: [UInt8]
        var days: [Int32] = []
        var dateFailed: [Bool]
        /// Per coded field, its distinct cells and each record's entry when the field holds text
        /// (see ``TextDictionary``); `nil` when it does not, or held too many distinct cells
        /// (then `textsAbandoned`).
        var texts: [TextDictionary?]
        var textsAbandoned: [Bool]
        var newlines = 0
        var blankLines = 0
        var failed = false

        /// The bytes of record k's id.
        func id(_ k: Int) -> ArraySlice<UInt8> { idBytes[(k == 0 ? 0 : Int(idEnds[k - 1]))..<Int(idEnds[k])] }

        /// Whether record k has an id (its cell is not empty).
        func hasID(_ k: Int) -> Bool { idEnds[k] != (k == 0 ? 0 : idEnds[k - 1]) }

        init(coded: Int, dates: Int) {
            codes = FieldCodes(fields: coded)
            kinds = [UInt8](repeating: 0, count: coded)
            dateFailed = [Bool](repeating: false, count: dates)
            texts = [TextDictionary?](repeating: nil, count: coded)
            textsAbandoned = [Bool](repeating: false, count: coded)
        }

        /// Gives coded field `k` (field number `field` of the record) its text dictionary, from the
        /// part's records found again in `b` (which starts at byte `fileOffset` of the file), or
        /// abandons it past ``TextDictionary/limit`` distinct cells.
        mutating func startText(
            _ k: Int, field: Int, _ b: UnsafeBufferPointer<UInt8>, fileOffset: Int, delimiter: UInt8
        ) {
            texts[k] = TextDictionary(
                b, recordsAt: rowStarts.lazy.map { $0 - fileOffset }, field: field, delimiter: delimiter)
            textsAbandoned[k] = texts[k] == nil
        }
    }

    /// What the scan needs to know about the fields of a record.
    struct Layout: Sendable {
        /// Fields per record, and the delimiter.
        let width: Int
        let delimiter: UInt8
        /// Role of each field: −1 outcome, −2 id, k ≥ 0 coded field k, −3 − k date field k,
        /// `Int.min` none.
        let roles: [Int]
        /// Coded and date fields, with their missing-value tokens (lowercased bytes); coded field k
        /// is field number `codedFields[k]` of the record.
        let coded: Int
        let codedFields: [Int]
        let missing: [MissingTokens]
        let dates: Int
        let dateMissing: [MissingTokens]
        let hasIDs: Bool

        init(
            width: Int, delimiter: UInt8, outcomeField: Int?, idField: Int?, codedFields: [Int],
            missing: [MissingTokens],
            dateFields: [Int], dateMissing: [MissingTokens]
        ) {
            var role = [Int](repeating: Int.min, count: width)
            if let outcomeField { role[outcomeField] = -1 }
            if let idField { role[idField] = -2 }
            for (k, f) in codedFields.enumerated() { role[f] = k }
            for (k, f) in dateFields.enumerated() { role[f] = -3 - k }
            self.width = width
            self.delimiter = delimiter
            self.roles = role
            self.coded = codedFields.count
            self.codedFields = codedFields
            self.missing = missing
            self.dates = dateFields.count
            self.dateMissing = dateMissing
            self.hasIDs = idField != nil
        }
    }

    /// Reads the records of a file held in memory, from `dataStart` (the byte after the header's
    /// line end) on; `firstLine` is the line number at `dataStart`.
    ///
    /// - Returns: `nil` when the file needs the general reader.
    static func scan(bytes: [UInt8], dataStart: Int, firstLine: Int, layout: Layout) -> QuoteFreeScan? {
        guard
            let parts = bytes.withUnsafeBufferPointer({
                scanBlock(
                    $0, from: dataStart, to: $0.count, fileOffset: 0, layout: layout,
                    textFields: [Bool](repeating: false, count: layout.coded))
            })
        else { return nil }
        return QuoteFreeScan(parts: parts, firstLine: firstLine, layout: layout)
    }

    /// Reads bytes `from..<to` of `b` (whole lines; `b` starts at byte `fileOffset` of the file),
    /// split at line ends into one part per core; `nil` when a part needs the general reader.
    ///
    /// The coded fields in `textFields` (text in every part before this block) keep a
    /// ``TextDictionary`` from the first record; a field found to hold text in one part of the
    /// block is given one in every part of it (each part's records found again in `b`).
    static func scanBlock(
        _ b: UnsafeBufferPointer<UInt8>, from dataStart: Int, to n: Int, fileOffset: Int, layout: Layout,
        textFields: [Bool]
    ) -> [Part]? {
        let cores = max(1, ParallelSettings.cores)
        let partCount = max(1, min(cores, (n - dataStart) / (1 << 20)))
        var bounds = [dataStart]
        for k in 1..<partCount {
            var s = dataStart + (n - dataStart) * k / partCount
            while s < n, b[s - 1] != 0x0A { s += 1 }
            bounds.append(max(s, bounds.last!))
        }
        bounds.append(n)
        let parts = UnsafeMutableBufferPointer<Part>.allocate(capacity: partCount)
        parts.initialize(repeating: Part(coded: layout.coded, dates: layout.dates))
        defer {
            parts.deinitialize()
            parts.deallocate()
        }
        nonisolated(unsafe) let out = parts
        nonisolated(unsafe) let buffer = b
        let partBounds = bounds
        forEachChunk(count: partCount, minimumPerChunk: 1) { range, _ in
            for k in range {
                out[k] = scanPart(
                    buffer, from: partBounds[k], to: partBounds[k + 1], fileOffset: fileOffset, layout: layout,
                    textFields: textFields)
            }
        }
        if parts.contains(where: \.failed) { return nil }
        // A field that turned to text in one part: the others' dictionaries from their records.
        let text = (0..<layout.coded).filter { k in
            parts.contains { $0.texts[k] != nil } && !parts.contains { $0.textsAbandoned[k] }
        }
        forEachChunk(count: partCount, minimumPerChunk: 1) { range, _ in
            for p in range {
                for k in text where out[p].texts[k] == nil {
                    out[p].startText(
                        k, field: layout.codedFields[k], buffer, fileOffset: fileOffset, delimiter: layout.delimiter)
                }
            }
        }
        return Array(parts)
    }

    /// The bytes of field `field` of the record that starts at `start` in `b` (a record the scan
    /// has read: between the quotes of a quoted field).
    static func cell(_ b: UnsafeBufferPointer<UInt8>, from start: Int, field: Int, delimiter: UInt8) -> Range<Int> {
        var i = start
        for _ in 0..<field { _ = nextField(b, at: &i, delimiter: delimiter) }
        return nextField(b, at: &i, delimiter: delimiter)
    }

    /// The bytes of the field that starts at `i` in `b` (in a record the scan has read: between
    /// the quotes of a quoted field, which holds no quote); `i` moves past the delimiter or line
    /// end after it.
    @inline(__always) static func nextField(_ b: UnsafeBufferPointer<UInt8>, at i: inout Int, delimiter: UInt8)
        -> Range<Int>
    {
        if i < b.count, b[i] == 0x22 {
            let s = i + 1
            var e = s
            while b[e] != 0x22 { e += 1 }
            i = e + 2
            return s..<e
        }
        let s = i
        while i < b.count, b[i] != delimiter, b[i] != 0x0A, b[i] != 0x0D { i += 1 }
        let e = i
        i += 1
        return s..<e
    }

    /// Gathers the parts of a whole file (in file order); `nil` when a deal id repeats (the
    /// general reader then names both lines).
    init?(parts: consuming [Part], firstLine: Int, layout: Layout) {
        if layout.hasIDs, !Self.idsAreUnique(parts) { return nil }
        textCaptured = (0..<layout.coded).map { k in
            !parts.isEmpty && parts.allSatisfy { $0.texts[k]?.codes.count == $0.outcomes.count }
        }
        for p in parts.indices {
            for k in 0..<layout.coded where !textCaptured[k] { parts[p].texts[k] = nil }
        }
        self.parts = parts
        kinds = [UInt8](repeating: 0, count: layout.coded)
        dateCount = layout.dates
        dateFailed = [Bool](repeating: false, count: layout.dates)
        var line = firstLine
        for part in parts {
            self.firstLine.append(line)
            firstRecord.append(recordCount)
            recordCount += part.outcomes.count
            otherOutcomes.merge(part.otherOutcomes, uniquingKeysWith: +)
            for k in 0..<layout.coded { kinds[k] |= part.kinds[k] }
            for k in 0..<layout.dates where part.dateFailed[k] { dateFailed[k] = true }
            blankLines += part.blankLines
            line += part.newlines
        }
    }

    /// One pass over bytes `start..<end` (whole lines).
    private static func scanPart(
        _ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, fileOffset: Int, layout: Layout,
        textFields: [Bool]
    ) -> Part {
        let width = layout.width
        let delimiter = layout.delimiter
        let roles = layout.roles
        let coded = layout.coded
        let missing = layout.missing
        let dates = layout.dates
        let dateMissing = layout.dateMissing
        let hasIDs = layout.hasIDs
        // `return` inside the loop below leaves it with `part.failed` set.
        var part = Part(coded: coded, dates: dates)
        let dayRow = UnsafeMutablePointer<Int32>.allocate(capacity: max(dates, 1))
        dayRow.initialize(repeating: .min, count: max(dates, 1))
        defer { dayRow.deallocate() }
        let estimate = (end - start) / max(1, width * 2) + 16
        part.rowStarts.reserveCapacity(estimate)
        part.lineOffsets.reserveCapacity(estimate)
        part.outcomes.reserveCapacity(estimate)
        if hasIDs {
            part.idBytes.reserveCapacity(estimate * 8)
            part.idEnds.reserveCapacity(estimate)
        }
        var previousID = (start: 0, count: -1)  // the last non-empty id, in `b`
        part.codes = FieldCodes(fields: coded, records: estimate)
        part.days.reserveCapacity(estimate * dates)
        // The row's codes and the fields' kinds, kept outside the arrays while the row is read;
        // the codes of up to 64 rows, row after row, until they go to the fields' codes.
        let row = UnsafeMutablePointer<UInt8>.allocate(capacity: max(coded, 1))
        let kind = UnsafeMutablePointer<UInt8>.allocate(capacity: max(coded, 1))
        let stage = UnsafeMutablePointer<UInt8>.allocate(capacity: 64 * max(coded, 1))
        var staged = 0
        row.initialize(repeating: 255, count: max(coded, 1))
        kind.initialize(repeating: 0, count: max(coded, 1))
        stage.initialize(repeating: 255, count: 64 * max(coded, 1))
        defer {
            row.deallocate()
            kind.deallocate()
            stage.deallocate()
        }
        let noTokens = missing.map { !$0.hasDigitToken }
        // Whether `true` and `false` written just so are not missing-value tokens: then they are
        // read without the general path (the words a CRM export writes its Booleans in).
        let plainWords = missing.map { tokens in
            ["true", "false"].allSatisfy { !(tokens.filter.mayMatch($0.utf8) && tokens.isToken($0.utf8)) }
        }
        // `true` and the first four bytes of `false`, read as little-endian words.
        let trueWord = UInt32(0x6575_7274)
        let falsWord = UInt32(0x736C_6166)
        let filters = missing.map(\.filter)
        let dateFilters = dateMissing.map(\.filter)
        // Whether a coded field's one-digit cells take the short path: no missing-value token
        // could be a digit, and the field is not text (whose every cell goes to its dictionary).
        let shortDigits = UnsafeMutablePointer<Bool>.allocate(capacity: max(coded, 1))
        shortDigits.initialize(repeating: false, count: max(coded, 1))
        // For each field, how many fields from it on take the short path (their codes are
        // consecutive): runs of one-digit flags are then read four at a time.
        let run = UnsafeMutablePointer<Int>.allocate(capacity: width + 1)
        run.initialize(repeating: 0, count: width + 1)
        defer {
            shortDigits.deallocate()
            run.deallocate()
        }
        func findRuns() {
            for f in Swift.stride(from: width - 1, through: 0, by: -1) {
                run[f] = roles[f] >= 0 && shortDigits[roles[f]] ? run[f + 1] + 1 : 0
            }
        }
        // The text fields' dictionaries, and per coded field 0 (not text), 1 (text, in its
        // dictionary) or 2 (text with too many distinct cells), kept outside the part while it
        // is read (through the part's arrays, each cell retained and released them).
        let dictionaries = UnsafeMutablePointer<TextDictionary>.allocate(capacity: max(coded, 1))
        dictionaries.initialize(repeating: TextDictionary(), count: max(coded, 1))
        let textState = UnsafeMutablePointer<UInt8>.allocate(capacity: max(coded, 1))
        textState.initialize(repeating: 0, count: max(coded, 1))
        defer {
            dictionaries.deinitialize(count: max(coded, 1))
            dictionaries.deallocate()
            textState.deallocate()
        }
        for k in 0..<coded {
            shortDigits[k] = noTokens[k] && !textFields[k]
            if textFields[k] {
                textState[k] = 1
                kind[k] = 4
            }
        }
        findRuns()
        let d = UInt64(delimiter)
        let delimiters = d << 8 | d << 24 | d << 40 | d << 56
        let stops = StopBytes(delimiter: delimiter)
        // 0 ordinary, 1 delimiter, 2 LF, 3 CR, 4 NUL or quote (the general reader's business).
        var classes = [UInt8](repeating: 0, count: 256)
        classes[Int(delimiter)] = 1
        classes[0x0A] = 2
        classes[0x0D] = 3
        classes[0] = 4
        classes[0x22] = 4
        var i = start
        var line: Int32 = 0
        classes.withUnsafeBufferPointer { cls in
            roles.withUnsafeBufferPointer { role in
                // The tokens through pointers: taken from the arrays at each cell, they were copied (a
                // retain and a release of their set per cell).
                missing.withUnsafeBufferPointer { missingTokens in
                    filters.withUnsafeBufferPointer { filter in
                        dateFilters.withUnsafeBufferPointer { dateFilter in
                            dateMissing.withUnsafeBufferPointer { dateTokens in
                                rows: while i < end {
                                    // A line that is empty (or only a CR) holds no record.
                                    if b[i] == 0x0A || (b[i] == 0x0D && (i + 1 == b.count || b[i + 1] == 0x0A)) {
                                        i += b[i] == 0x0D && i + 1 < b.count ? 2 : 1
                                        line += 1
                                        part.newlines += 1
                                        part.blankLines += 1
                                        continue
                                    }
                                    part.rowStarts.append(fileOffset + i)
                                    part.lineOffsets.append(line)
                                    var outcome: UInt8 = 255
                                    var f = 0
                                    while true {
                                        if f >= width {
                                            part.failed = true
                                            return
                                        }
                                        let r = role[f]
                                        let s = i
                                        #if _endian(little)
                                            // Four one-digit flags in a row ("1,0,0,1,"), read as one 8-byte word: the
                                            // odd bytes are delimiters and the even ones digits (each checked in its own
                                            // 16-bit lane, so no carry crosses between them).
                                            if run[f] >= 4, i + 8 < end {
                                                let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(
                                                    as: UInt64.self)
                                                let x = w & 0x00FF_00FF_00FF_00FF
                                                if w & 0xFF00_FF00_FF00_FF00 == delimiters,
                                                    (x &+ 0x0050_0050_0050_0050) & 0x0080_0080_0080_0080
                                                        == 0x0080_0080_0080_0080,
                                                    (x &+ 0x0046_0046_0046_0046) & 0x0080_0080_0080_0080 == 0
                                                {
                                                    // The four digits gathered into four bytes, stored at
                                                    // once, and the four fields marked numbers at once.
                                                    let y = (x | (x >> 8)) & 0x0000_FFFF_0000_FFFF
                                                    let digits =
                                                        UInt32(truncatingIfNeeded: y | (y >> 16)) &- 0x3030_3030
                                                    UnsafeMutableRawPointer(row + r).storeBytes(
                                                        of: digits, as: UInt32.self)
                                                    let kinds = UnsafeMutableRawPointer(kind + r)
                                                    kinds.storeBytes(
                                                        of: kinds.loadUnaligned(as: UInt32.self) | 0x0202_0202,
                                                        as: UInt32.self)
                                                    i += 8
                                                    f += 4
                                                    continue
                                                }
                                            }
                                        #endif
                                        // The commonest field, one digit in a coded column, without the general path.
                                        if r >= 0, shortDigits[r], i + 1 < end, b[i] &- 0x30 <= 9,
                                            case let next = cls[Int(b[i + 1])], next != 0, next != 4
                                        {
                                            if kind[r] & 4 == 0 {
                                                row[r] = b[i] &- 0x30
                                                kind[r] |= 2
                                            }
                                            i += 1
                                        } else {
                                            var s = s
                                            var e = i
                                            if i < end, b[i] == 0x22 {
                                                // A quoted field whose text holds no quote and no line break (what
                                                // "quote every field" exports write): its text is between the quotes.
                                                var j = i + 1
                                                while j < end, cls[Int(b[j])] < 2 { j += 1 }
                                                guard j < end, b[j] == 0x22 else {
                                                    part.failed = true
                                                    return
                                                }
                                                s = i + 1
                                                e = j
                                                i = j + 1
                                                if i < end, cls[Int(b[i])] == 0 || cls[Int(b[i])] == 4 {
                                                    part.failed = true
                                                    return
                                                }
                                            } else {
                                                // The field's end eight bytes at a time (the first byte
                                                // that is a delimiter, line end, NUL or quote), then the
                                                // last few bytes one at a time.
                                                var found = false
                                                while i + 8 <= end {
                                                    let w = UInt64(
                                                        littleEndian: UnsafeRawPointer(b.baseAddress! + i)
                                                            .loadUnaligned(as: UInt64.self))
                                                    let stop = stops.first(in: w)
                                                    if stop < 8 {
                                                        i += stop
                                                        found = true
                                                        break
                                                    }
                                                    i += 8
                                                }
                                                if !found { while i < end, cls[Int(b[i])] == 0 { i += 1 } }
                                                e = i
                                                if i < end, cls[Int(b[i])] == 4 {
                                                    part.failed = true
                                                    return
                                                }
                                            }
                                            if e - s > CSVCells.maximumFieldLength {
                                                part.failed = true
                                                return
                                            }
                                            if r >= 0 {
                                                var code: UInt8 = 0
                                                if kind[r] & 4 == 0 {
                                                    if e - s == 1, noTokens[r], b[s] >= 0x30, b[s] <= 0x39 {
                                                        code = b[s] - 0x30
                                                        kind[r] |= 2
                                                    } else if e - s == 4, plainWords[r],
                                                        UInt32(
                                                            littleEndian: UnsafeRawPointer(b.baseAddress! + s)
                                                                .loadUnaligned(as: UInt32.self)) == trueWord
                                                    {
                                                        code = 1
                                                        kind[r] |= 1
                                                    } else if e - s == 5, plainWords[r], b[s + 4] == 0x65,
                                                        UInt32(
                                                            littleEndian: UnsafeRawPointer(b.baseAddress! + s)
                                                                .loadUnaligned(as: UInt32.self)) == falsWord
                                                    {
                                                        code = 0
                                                        kind[r] |= 1
                                                    } else {
                                                        let seen: UInt8
                                                        (code, seen) = ColumnTyping.byteCode(
                                                            UnsafeBufferPointer(rebasing: b[s..<e])
                                                        ) { t in
                                                            filter[r].mayMatch(t) && missingTokens[r].isToken(t)
                                                        }
                                                        kind[r] |= seen
                                                    }
                                                    row[r] = code
                                                }
                                                // Text: the cell's entry in the field's dictionary, which
                                                // starts with the records before this one.
                                                if kind[r] & 4 != 0, textState[r] != 2,
                                                    Self.addText(
                                                        s..<e, r, field: f, b, rowStarts: part.rowStarts,
                                                        fileOffset: fileOffset, delimiter: delimiter,
                                                        dictionaries: dictionaries, textState: textState)
                                                {
                                                    shortDigits[r] = false
                                                    findRuns()
                                                }
                                            } else if r == -1 {
                                                outcome = Self.outcome(b, s, e, into: &part)
                                                if part.failed { return }
                                            } else if r <= -3, r != Int.min {
                                                let k = -3 - r
                                                let t = ColumnTyping.trimmed(
                                                    UnsafeBufferPointer(rebasing: b[s..<e]))
                                                if t.isEmpty
                                                    || (dateFilter[k].mayMatch(t) && dateTokens[k].isToken(t))
                                                {
                                                    dayRow[k] = .min
                                                } else if let d = CalendarDate(isoBytes: t) {
                                                    dayRow[k] = CalendarDate.slot(d)
                                                } else {
                                                    part.dateFailed[k] = true
                                                }
                                            } else if r == -2 {
                                                let t = ColumnTyping.trimmed(
                                                    UnsafeBufferPointer(rebasing: b[s..<e]))
                                                if t.contains(where: { $0 >= 0x80 }) {
                                                    part.failed = true
                                                    return
                                                }
                                                part.idBytes.append(
                                                    contentsOf: UnsafeBufferPointer(rebasing: t))
                                                part.idEnds.append(UInt32(part.idBytes.count))
                                                if !t.isEmpty {
                                                    let at = s + t.startIndex  // `t` indexes the field, not `b`
                                                    if part.idsAscend, previousID.count >= 0 {
                                                        part.idsAscend = Self.shortlexPrecedes(
                                                            b[
                                                                previousID
                                                                    .start..<(previousID.start
                                                                    + previousID.count)], b[at..<(at + t.count)]
                                                        )
                                                    }
                                                    previousID = (at, t.count)
                                                }
                                            }
                                        }
                                        f += 1
                                        if i >= end { break }
                                        let c = cls[Int(b[i])]
                                        if c == 1 {
                                            i += 1
                                            // A delimiter as the last byte of the file: the general reader's case.
                                            if i == b.count {
                                                part.failed = true
                                                return
                                            }
                                            continue
                                        }
                                        // A record ends at LF or CRLF; a lone CR is left to the general reader.
                                        if c == 3 {
                                            if i + 1 < b.count, b[i + 1] == 0x0A {
                                                i += 2
                                            } else {
                                                part.failed = true
                                                return
                                            }
                                        } else {
                                            i += 1
                                        }
                                        line += 1
                                        part.newlines += 1
                                        break
                                    }
                                    if f != width {
                                        part.failed = true
                                        return
                                    }
                                    part.outcomes.append(outcome)
                                    if coded > 0 {
                                        (stage + staged * coded).update(from: row, count: coded)
                                        staged += 1
                                        if staged == 64 {
                                            // A field found to hold text is typed from its cells:
                                            // its codes are not kept.
                                            for k in 0..<coded where kind[k] & 4 != 0 && !part.codes.dropped[k] {
                                                part.codes.drop(k)
                                            }
                                            part.codes.pack(stage, rows: 64)
                                            staged = 0
                                        }
                                    }
                                    part.days.append(
                                        contentsOf: UnsafeBufferPointer(start: dayRow, count: dates))
                                    continue rows
                                }
                            }
                        }
                    }
                }
            }
        }
        if staged > 0, !part.failed { part.codes.pack(stage, rows: staged) }
        for k in 0..<coded {
            part.kinds[k] = kind[k]
            if textState[k] == 1 { part.texts[k] = dictionaries[k] }
            part.textsAbandoned[k] = textState[k] == 2
        }
        return part
    }

    /// Adds `cell` of `b`, which holds text, to the dictionary of coded field `r` (field number
    /// `field`), starting the dictionary with the part's records before this one (`rowStarts`
    /// but the last, in the file); past ``TextDictionary/limit`` distinct cells the field's state
    /// becomes 2 (abandoned). `true` when the dictionary started here. Kept out of the scan's
    /// loop, which meets it once a cell of a text column.
    @inline(never) private static func addText(
        _ cell: Range<Int>, _ r: Int, field: Int, _ b: UnsafeBufferPointer<UInt8>, rowStarts: [Int], fileOffset: Int,
        delimiter: UInt8, dictionaries: UnsafeMutablePointer<TextDictionary>, textState: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        var started = false
        if textState[r] == 0 {
            let before = rowStarts.dropLast().lazy.map { $0 - fileOffset }
            if let dictionary = TextDictionary(b, recordsAt: before, field: field, delimiter: delimiter) {
                dictionaries[r] = dictionary
                textState[r] = 1
            } else {
                textState[r] = 2
            }
            started = true
        }
        if textState[r] == 1, !dictionaries[r].append(UnsafeBufferPointer(rebasing: b[cell])) { textState[r] = 2 }
        return started
    }

    /// The outcome code of cell `s..<e`, as ``Outcome/init(bytes:)`` reads it.
    @inline(__always) private static func outcome(
        _ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, into part: inout Part
    ) -> UInt8 {
        let cell = UnsafeBufferPointer(rebasing: b[s..<e])
        if let o = Outcome(bytes: cell) { return o == .won ? 1 : 0 }
        if ColumnTyping.trimmed(cell).isEmpty { return 2 }
        guard let text = String(validating: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self) else {
            part.failed = true
            return 3
        }
        part.otherOutcomes[text.trimmingWhitespace().lowercased(), default: 0] += 1
        return 3
    }

    /// Whether the non-empty ids of every part are distinct: at once when they rise in shortlex
    /// order through the file (see ``Part/idsAscend``); otherwise by hash, then bytes of the
    /// strings, the ids split by their hash into one group per core, each checked in its own table.
    private static func idsAreUnique(_ parts: [Part]) -> Bool {
        if idsAscend(parts) { return true }
        // Each id's hash (0: no id), made only here: a file sorted by id never needs them.
        let hashes = parallelMap(count: parts.count) { p in
            let part = parts[p]
            return part.idEnds.indices.map { k in part.hasID(k) ? ColumnTyping.asciiHash(part.id(k))! | 1 : 0 }
        }
        let groups = max(1, ParallelSettings.cores)
        let duplicateFound = parallelMap(count: groups) { g -> Bool in
            @inline(__always) func member(_ h: UInt64) -> Bool { h != 0 && Int(h >> 40) % groups == g }
            let count = hashes.reduce(0) { $0 + $1.reduce(0) { $0 + (member($1) ? 1 : 0) } }
            var capacity = 16
            while capacity < 2 * count { capacity <<= 1 }
            let mask = capacity - 1
            var slots = [Int64](repeating: -1, count: capacity)  // part << 32 | index
            for (p, part) in parts.enumerated() {
                for (k, h) in hashes[p].enumerated() where member(h) {
                    var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
                    while slots[slot] >= 0 {
                        let other = slots[slot]
                        let o = parts[Int(other >> 32)]
                        let ok = Int(other & 0xFFFF_FFFF)
                        if hashes[Int(other >> 32)][ok] == h, o.id(ok).elementsEqual(part.id(k)) { return true }
                        slot = (slot + 1) & mask
                    }
                    slots[slot] = Int64(p) << 32 | Int64(k)
                }
            }
            return false
        }
        return !duplicateFound.contains(true)
    }

    /// Whether the non-empty ids rise in shortlex order through all the parts: within each (as
    /// the scan found) and from each part's last to the next part's first.
    static func idsAscend(_ parts: [Part]) -> Bool {
        var last: ArraySlice<UInt8>? = nil
        for part in parts {
            guard part.idsAscend else { return false }
            guard let first = part.idEnds.indices.first(where: part.hasID) else { continue }
            if let last, !shortlexPrecedes(last, part.id(first)) { return false }
            last = part.id(part.idEnds.indices.last(where: part.hasID)!)
        }
        return true
    }

    /// Whether `a` comes before `b` in shortlex order: shorter first, then byte by byte.
    static func shortlexPrecedes<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
    }

    /// The records with a closed outcome, per part (indices within the part, the `local` the
    /// other functions take), whether each was won, and how many records had an empty outcome or
    /// one that is not closed; the parts on every core.
    func closedRecords() -> (local: [[Int]], won: [Bool], missingOutcome: Int, notClosed: Int) {
        let parts = self.parts
        let perPart = parallelMap(count: parts.count) { p -> (rows: [Int], won: [Bool], missing: Int, open: Int) in
            let outcomes = parts[p].outcomes
            var rows: [Int] = []
            var won: [Bool] = []
            rows.reserveCapacity(outcomes.count)
            won.reserveCapacity(outcomes.count)
            var missing = 0
            var open = 0
            for (k, o) in outcomes.enumerated() {
                switch o {
                case 0, 1:
                    rows.append(k)
                    won.append(o == 1)
                case 2: missing += 1
                default: open += 1
                }
            }
            return (rows, won, missing, open)
        }
        return (
            perPart.map(\.rows), Self.joined(perPart.map(\.won)), perPart.reduce(0) { $0 + $1.missing },
            perPart.reduce(0) { $0 + $1.open }
        )
    }

    /// Every record (a leads file: none is skipped), per part as in ``closedRecords()``, and
    /// whether each was won (an outcome of `won`; anything else, or no outcome column, is not).
    func allRecords() -> (local: [[Int]], won: [Bool], missingOutcome: Int, notClosed: Int) {
        (parts.map { Array(0..<$0.outcomes.count) }, Self.joined(parts.map { $0.outcomes.map { $0 == 1 } }), 0, 0)
    }

    /// File-wide record indices of the records in `local`.
    func records(_ local: [[Int]]) -> [Int] {
        Self.joined(local.indices.map { p in local[p].map { firstRecord[p] + $0 } })
    }

    /// The arrays one after another.
    private static func joined<T>(_ pieces: [[T]]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces { out += piece }
        return out
    }

    /// Per part p, `value(p, k)` for the records k in `local[p]`, written straight into their
    /// place in the result; the parts on every core.
    private func gathered<T>(_ local: [[Int]], _ value: @Sendable (Int, Int) -> T) -> [T] {
        var starts = [0]
        for rows in local { starts.append(starts.last! + rows.count) }
        let total = starts.last!
        let offsets = starts
        return [T](unsafeUninitializedCapacity: total) { buffer, filled in
            nonisolated(unsafe) let out = buffer
            forEachChunk(count: local.count, minimumPerChunk: 1) { range, _ in
                for p in range {
                    for (k, r) in local[p].enumerated() {
                        (out.baseAddress! + offsets[p] + k).initialize(to: value(p, r))
                    }
                }
            }
            filled = total
        }
    }

    /// Lets the parts' codes go (once the columns have been copied out).
    mutating func releaseCodes() { for p in parts.indices { parts[p].codes = FieldCodes(fields: 0) } }

    /// Lets the records' file offsets go (when no column is read from the cells, see
    /// ``cells(file:headerLine:fields:delimiter:blocks:)``).
    mutating func releaseRowStarts() { for p in parts.indices { parts[p].rowStarts = [] } }

    /// Lets the parts' deal ids go (once the ids have been copied out).
    mutating func releaseIDs() {
        for p in parts.indices {
            parts[p].idBytes = []
            parts[p].idEnds = []
        }
    }

    /// The lines of the records in `local` (see ``closedRecords()``).
    func lines(_ local: [[Int]]) -> [Int] {
        let parts = self.parts
        let firstLine = self.firstLine
        return gathered(local) { p, k in firstLine[p] + Int(parts[p].lineOffsets[k]) }
    }

    /// The deal ids of the records in `local`.
    func ids(_ local: [[Int]]) -> [String] {
        let parts = self.parts
        return gathered(local) { p, k in String(decoding: parts[p].id(k), as: UTF8.self) }
    }

    /// The day numbers of date field `k` for the records in `local`.
    func dates(_ k: Int, _ local: [[Int]]) -> [Int32] {
        let parts = self.parts
        let c = dateCount
        return gathered(local) { p, r in parts[p].days[r * c + k] }
    }

    /// The distinct cells of text field `k` (see ``textCaptured``) as a ``CSVCells`` of one field
    /// (`fieldNumber` of the file): one record per distinct cell in the order they first occur in
    /// the file, at the line where they first occur, the header as record 0. Also, per part, the
    /// record of each of its entries.
    func distinctCells(_ k: Int, file: String, headerLine: Int, fieldNumber: Int) -> (
        cells: CSVCells, recordOf: [[Int32]]
    ) {
        var index: [ArraySlice<UInt8>: Int32] = [:]
        var bytes: [UInt8] = []
        var words: [UInt64] = [0]
        var lines = [headerLine]
        var recordOf: [[Int32]] = []
        for (p, part) in parts.enumerated() {
            let dictionary = part.texts[k]!
            var records: [Int32] = []
            for e in 0..<dictionary.count {
                let entry = dictionary.entry(e)
                if let known = index[entry] {
                    records.append(known)
                    continue
                }
                let record = Int32(index.count)
                index[entry] = record
                records.append(record)
                words.append(UInt64(bytes.count) << 24 | UInt64(entry.count) << 1)
                bytes += entry
                lines.append(firstLine[p] + Int(part.lineOffsets[Int(dictionary.firstRecords[e])]))
            }
            recordOf.append(records)
        }
        let cells = CSVCells(
            bytes: bytes, file: file, width: 1, cells: words, lines: lines, blankLines: blankLines,
            fieldNumbers: [fieldNumber])
        return (cells, recordOf)
    }

    /// The values of text field `k` for the records in `local`: `values[r]` for the distinct cell
    /// r of ``distinctCells(_:file:headerLine:fieldNumber:)``, `recordOf` its map.
    func texts(_ k: Int, _ local: [[Int]], values: [String?], recordOf: [[Int32]]) -> [String?] {
        // The codes and each part's values taken out first: a part's dictionary read from its
        // optional at each row was copied, retaining its arrays.
        let codes = parts.map { $0.texts[k]!.codes }
        let valueOf = recordOf.map { records in records.map { values[Int($0)] } }
        return gathered(local) { p, r in valueOf[p][Int(codes[p][r])] }
    }

    /// Lets the parts' text dictionaries go.
    mutating func releaseTexts() {
        for p in parts.indices { parts[p].texts = parts[p].texts.map { _ in nil } }
    }

    /// The codes of coded field `k` for the records in `local`, for every `k` in `fields`: packed a
    /// bit a row when the field holds only codes 0 and 1 in those records (a 0/1 flag or a
    /// `true`/`false` column with no empty cell), a byte a row otherwise. The fields on every core;
    /// a part whose records are all used and whose field is in bits (see ``FieldCodes``) is copied
    /// a word at a time, shifted to where its records start.
    func columns(_ fields: [Int], _ local: [[Int]]) -> [ColumnCodes] {
        var starts = [0]
        for rows in local { starts.append(starts.last! + rows.count) }
        let n = starts.last!
        let offsets = starts
        let parts = self.parts
        return parallelMap(count: fields.count) { t -> ColumnCodes in
            let k = fields[t]
            // Only 0 and 1 among the records used: bits.
            let packs = parts.indices.allSatisfy { p in
                guard let bytes = parts[p].codes.bytes[k] else { return true }
                return local[p].allSatisfy { bytes[$0] <= 1 }
            }
            guard packs else {
                return .bytes(
                    [UInt8](unsafeUninitializedCapacity: n) { out, filled in
                        for p in parts.indices {
                            let codes = parts[p].codes
                            for (u, r) in local[p].enumerated() { out[offsets[p] + u] = codes[k, r] }
                        }
                        filled = n
                    })
            }
            var words = [UInt64](repeating: 0, count: (n + 63) / 64)
            words.withUnsafeMutableBufferPointer { out in
                for p in parts.indices {
                    let codes = parts[p].codes
                    let o = offsets[p]
                    if codes.isBits(k), local[p].count == codes.count {
                        // Every record used (`local[p]` is then 0, 1, 2, …): the words shifted into place.
                        let shift = UInt64(o & 63)
                        for w in 0..<((codes.count + 63) / 64) {
                            let word = codes.word(k, group: w)
                            if word == 0 { continue }
                            let at = o / 64 + w
                            out[at] |= word << shift
                            if shift != 0, at + 1 < out.count { out[at + 1] |= word >> (64 - shift) }
                        }
                        continue
                    }
                    for (u, r) in local[p].enumerated() where codes[k, r] != 0 {
                        out[(o + u) >> 6] |= 1 << UInt64((o + u) & 63)
                    }
                }
            }
            return .bits(words, count: n)
        }
    }

    /// A ``CSVCells`` holding just `fields` of every record (for the columns the codes cannot
    /// hold), with the header as record 0 and error locations naming the original columns. The
    /// cells are copied out of the file, which `blocks` hands over in order as (bytes, file
    /// offset) pieces of whole lines, into a buffer of their own; `nil` if the pieces do not hold
    /// the records the scan found (the file changed).
    func cells(
        file: String, headerLine: Int, fields: [Int], delimiter: UInt8,
        blocks: ((_ body: ([UInt8], Int) throws -> Void) throws -> Void)
    ) rethrows -> CSVCells? {
        let w = fields.count
        let last = fields.max() ?? -1
        var fieldSlot = [Int](repeating: -1, count: last + 1)
        for (k, f) in fields.enumerated() { fieldSlot[f] = k }
        let wanted = fieldSlot
        let starts = parts.flatMap(\.rowStarts)
        var words = [UInt64](repeating: 0, count: (starts.count + 1) * w)
        var side: [UInt8] = []
        var r = 0
        try blocks { bytes, offset in
            // The records that start in this block, copied on every core, each share into a
            // buffer of its own; the buffers are then joined in order and the shares' cells moved
            // by where their buffer starts.
            var end = r
            while end < starts.count, starts[end] >= offset, starts[end] < offset + bytes.count { end += 1 }
            let first = r
            let count = end - first
            guard count > 0 else { return }
            let cores = max(1, ParallelSettings.cores)
            var shares = [[UInt8]](repeating: [], count: cores)
            var used = 1
            words.withUnsafeMutableBufferPointer { wordsBuffer in
                shares.withUnsafeMutableBufferPointer { sharesBuffer in
                    bytes.withUnsafeBufferPointer { b in
                        nonisolated(unsafe) let cells = wordsBuffer
                        nonisolated(unsafe) let out = sharesBuffer
                        nonisolated(unsafe) let b = b
                        used = forEachChunk(count: count, minimumPerChunk: 20_000) { range, k in
                            var local: [UInt8] = []
                            for rr in range {
                                let record = first + rr
                                var i = starts[record] - offset
                                var f = 0
                                while f <= last {
                                    let cell = Self.nextField(b, at: &i, delimiter: delimiter)
                                    if wanted[f] >= 0 {
                                        cells[(record + 1) * w + wanted[f]] =
                                            UInt64(local.count) << 24 | UInt64(cell.count) << 1
                                        local.append(contentsOf: UnsafeBufferPointer(rebasing: b[cell]))
                                        local.append(delimiter)
                                    }
                                    f += 1
                                }
                            }
                            out[k] = local
                        }
                    }
                }
            }
            for k in 0..<used {
                let base = UInt64(side.count) << 24
                if base != 0 {
                    for record in (first + count * k / used)..<(first + count * (k + 1) / used) {
                        for t in 0..<w { words[(record + 1) * w + t] += base }
                    }
                }
                side += shares[k]
            }
            r = end
        }
        guard r == starts.count else { return nil }
        let allLines = lines(parts.map { Array(0..<$0.outcomes.count) })
        return CSVCells(
            bytes: side, file: file, width: w, cells: words, lines: [headerLine] + allLines, blankLines: blankLines,
            fieldNumbers: fields)
    }
}
