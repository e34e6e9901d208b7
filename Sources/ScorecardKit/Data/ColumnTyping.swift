#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Types a column of a ``CSVCells`` table straight from its bytes (the fast path behind
/// ``DealTable``): the same rules as ``SignalColumn``'s documentation, without making a `String`
/// for a number or a Boolean.
enum ColumnTyping {
    /// What one cell holds.
    enum Cell {
        case missing
        case boolean(Bool)
        case number(Double)
        case text
    }

    /// Types column `f` over records `1..<recordCount` (every data row, so a bad date in an open
    /// deal is still reported), then keeps the rows in `used`.
    ///
    /// - Throws: ``DealDataError/invalidDate(_:column:value:)`` for a cell of a date column that is
    ///   not a date, ``CSVError/invalidUTF8(_:)`` for text that is not UTF-8.
    static func column(
        _ cells: CSVCells, field f: Int, name: String, used: [Int], missing: MissingTokens = MissingTokens([]),
        formats: ValueFormats = ValueFormats()
    ) throws -> SignalColumn {
        try typed(cells, field: f, name: name, used: used, missing: missing, formats: formats).column
    }

    /// Types a column (see ``column(_:field:name:used:missing:formats:)``), with a note for the
    /// reports when its form had to be recognized: CRM dates (`closed_at: dates read as
    /// M/D/YYYY …`) or numbers written with currency marks, grouped thousands or percent signs.
    ///
    /// - Throws: also ``DealDataError/ambiguousDate(_:column:value:dayFirst:monthFirst:)``,
    ///   ``DealDataError/mixedDateForms(_:column:value:form:otherForm:otherLine:otherValue:)`` and
    ///   ``DealDataError/mixedNumberForms(_:column:value:reason:)``.
    static func typed(
        _ cells: CSVCells, field f: Int, name: String, used: [Int], missing: MissingTokens = MissingTokens([]),
        formats: ValueFormats = ValueFormats()
    ) throws -> (column: SignalColumn, note: String?) {
        let rows = 1..<cells.recordCount
        // Whether a trimmed cell is one of the tokens read as missing: `missing.contains`, called
        // directly (a local function around it copied the tokens' set at every cell).
        if name.hasSuffix("_at") {
            var dates = [Int32](repeating: CalendarDate.missingSlot, count: cells.recordCount)
            // The common case: every cell ISO (or a forced form).
            var firstOther: Int? = nil
            var firstISO: Int? = nil
            for r in rows {
                let b = cells.cellBytes(r, f)
                let t = trimmed(b)
                if t.isEmpty || missing.contains(t) { continue }
                if let form = formats.dates, form != .iso {
                    guard let p = CalendarDate.numericParts(t),
                        p.separator == (form == .dayFirstDots ? UInt8(ascii: ".") : UInt8(ascii: "/")),
                        let d = form == .monthFirst
                            ? CalendarDate(year: p.year, month: p.first, day: p.second)
                            : CalendarDate(year: p.year, month: p.second, day: p.first)
                    else {
                        throw DealDataError.invalidDate(
                            cells.location(r, f), column: name, value: String(decoding: b, as: UTF8.self))
                    }
                    dates[r] = CalendarDate.slot(d)
                    continue
                }
                if let d = CalendarDate(isoBytes: t) {
                    dates[r] = CalendarDate.slot(d)
                    if firstISO == nil { firstISO = r }
                    continue
                }
                if formats.dates == .iso || CalendarDate.numericParts(t) == nil {
                    throw DealDataError.invalidDate(
                        cells.location(r, f), column: name, value: String(decoding: b, as: UTF8.self))
                }
                firstOther = r
                break
            }
            guard let firstOther else { return (.date(ColumnValues(slots: used.map { dates[$0 + 1] })), nil) }
            return try crmDates(
                cells, field: f, name: name, used: used, missing: missing, from: firstOther, firstISO: firstISO,
                dates: &dates)
        }
        var allBool = true
        var allNumber = true
        var any = false
        let hasTokens = missing.hasDigitToken
        // With a decimal comma, a cell holding `.` or `,` is read by the CRM rules, not as a plain number.
        let commaDecimal = formats.decimal == .comma
        var numbers = [Double](repeating: .nan, count: cells.recordCount)
        var bools = [UInt8](repeating: 2, count: cells.recordCount)
        cells.bytes.withUnsafeBufferPointer { base in
            cells.cells.withUnsafeBufferPointer { words in
                for r in rows {
                    let w = words[r * cells.width + f]
                    let start = Int(w >> 24)
                    let length = Int((w >> 1) & 0x7F_FFFF)
                    // The commonest cell, one digit, without the general path.
                    if length == 1, case let c = base[start], c >= 0x30, c <= 0x39, !hasTokens {
                        any = true
                        allBool = false
                        if allNumber { numbers[r] = Double(c - 0x30) }
                        continue
                    }
                    if missing.contains(trimmed(base[start..<(start + length)])) { continue }
                    var kind = w & 1 == 1 ? classify(cells.cellBytes(r, f)) : classify(base[start..<(start + length)])
                    if commaDecimal, case .number = kind,
                        base[start..<(start + length)].contains(where: { $0 == 0x2E || $0 == 0x2C })
                    {
                        kind = .text
                    }
                    switch kind {
                    case .missing: continue
                    case .boolean(let v):
                        any = true
                        allNumber = false
                        bools[r] = v ? 1 : 0
                    case .number(let x):
                        any = true
                        allBool = false
                        if allNumber { numbers[r] = x }
                    case .text:
                        any = true
                        allBool = false
                        allNumber = false
                    }
                    if !allBool && !allNumber { break }
                }
            }
        }
        if !any { return (.boolean(ColumnValues(slots: [UInt8](repeating: Bool.missingSlot, count: used.count))), nil) }
        if allBool { return (.boolean(ColumnValues(slots: used.map { bools[$0 + 1] })), nil) }
        if allNumber { return (numberColumn(numbers, used: used), nil) }
        if let crm = try crmNumbers(cells, field: f, name: name, used: used, missing: missing, decimal: formats.decimal)
        {
            return crm
        }
        // Every row is decoded, so text that is not UTF-8 is reported even in an open deal's row.
        var text = [String?](repeating: nil, count: cells.recordCount)
        // ASCII text whose ends are not the other white space (vertical tab, form feed) is
        // trimmed on its bytes (`.some(value)`); anything else (`nil`) is decoded and trimmed the
        // Unicode way.
        func readASCII<C: BidirectionalCollection<UInt8>>(_ t: C) -> String?? {
            guard !t.contains(where: { $0 >= 0x80 }), t.first.map({ $0 != 0x0B && $0 != 0x0C }) ?? true,
                t.last.map({ $0 != 0x0B && $0 != 0x0C }) ?? true
            else { return nil }
            return .some(t.isEmpty || missing.contains(t) ? nil : String(decoding: t, as: UTF8.self))
        }
        // A text column holds a handful of values, mostly: the first few distinct cells read in
        // place (up to 16, of up to 32 bytes) are kept with what they read as, and a cell with the
        // same bytes takes that answer (a byte compare instead of the checks, the missing-token
        // lookup and a new string).
        let slotBytes = 32
        var knownLength = [Int](repeating: -1, count: 16)
        var knownValue = [String?](repeating: nil, count: 16)
        var knownBytes = [UInt8](repeating: 0, count: 16 * slotBytes)
        var knownCount = 0
        try text.withUnsafeMutableBufferPointer { out in
            try knownBytes.withUnsafeMutableBufferPointer { knownBytes in
                try cells.bytes.withUnsafeBufferPointer { base in
                    try cells.cells.withUnsafeBufferPointer { words in
                        rows: for r in rows {
                            let w = words[r * cells.width + f]
                            // A cell without escaped quotes is read in place.
                            if w & 1 == 0 {
                                let start = Int(w >> 24)
                                let length = Int((w >> 1) & 0x7F_FFFF)
                                let t = trimmed(UnsafeBufferPointer(rebasing: base[start..<(start + length)]))
                                let n = t.count
                                let p = base.baseAddress! + start + t.startIndex
                                for k in 0..<knownCount
                                where knownLength[k] == n && memcmp(knownBytes.baseAddress! + k * slotBytes, p, n) == 0
                                {
                                    out[r] = knownValue[k]
                                    continue rows
                                }
                                if let value = readASCII(t) {
                                    out[r] = value
                                    if n <= slotBytes, knownCount < knownLength.count {
                                        (knownBytes.baseAddress! + knownCount * slotBytes).update(from: p, count: n)
                                        knownLength[knownCount] = n
                                        knownValue[knownCount] = value
                                        knownCount += 1
                                    }
                                    continue
                                }
                            } else if let value = readASCII(trimmed(cells.cellBytes(r, f))) {
                                out[r] = value
                                continue
                            }
                            let s = try cells.string(r, f).trimmingWhitespace()
                            out[r] = s.isEmpty || missing.contains(Array(s.utf8)) ? nil : s
                        }
                    }
                }
            }
        }
        return (.category(used.map { text[$0 + 1] }), nil)
    }

    /// A number column from values per record: one byte a row when every value is a whole
    /// number 0…254 (flags, small counts), else eight.
    static func numberColumn(_ numbers: [Double], used: [Int]) -> SignalColumn {
        let small = numbers.allSatisfy { $0.isNaN || ($0 >= 0 && $0 <= 254 && $0.rounded() == $0) }
        if small {
            return .number(
                ColumnValues(
                    codes: used.map {
                        let x = numbers[$0 + 1]
                        return x.isNaN ? 255 : UInt8(x)
                    }))
        }
        return .number(ColumnValues(slots: used.map { numbers[$0 + 1] }))
    }

    /// A column whose cells are not all plain numbers, read as CRMs write numbers (see
    /// ``CRMNumber``): `nil` when some cell is not a number in any form (the column is text).
    ///
    /// - Throws: ``DealDataError/mixedNumberForms(_:column:value:reason:)`` for the first cell
    ///   that reads only with the other decimal separator, or with a second currency.
    static func crmNumbers(
        _ cells: CSVCells, field f: Int, name: String, used: [Int], missing: MissingTokens,
        decimal: DecimalSeparator
    ) throws -> (column: SignalColumn, note: String?)? {
        var numbers = [Double](repeating: .nan, count: cells.recordCount)
        var firstMark: (mark: String, row: Int)? = nil
        var otherCurrency: Int? = nil
        var otherDecimal: Int? = nil
        var firstSameDecimal: Int? = nil
        var seen = CRMNumber.Shape()
        var percent = false
        var currencies = false
        for r in 1..<cells.recordCount {
            let t = trimmed(cells.cellBytes(r, f))
            if t.isEmpty || missing.contains(t) { continue }
            if t.contains(where: { $0 >= 0x80 }), String(decoding: t, as: UTF8.self).trimmingWhitespace().isEmpty {
                continue
            }
            if decimal == .point, let x = number(t) {
                numbers[r] = x
                if firstSameDecimal == nil, t.contains(0x2E) { firstSameDecimal = r }
                continue
            }
            if let (x, shape) = CRMNumber.parse(t, decimal: decimal) {
                numbers[r] = x
                if let m = shape.mark {
                    if m == "%" { percent = true } else { currencies = true }
                    if let first = firstMark {
                        if first.mark != m, otherCurrency == nil { otherCurrency = r }
                    } else {
                        firstMark = (m, r)
                    }
                }
                seen.grouped = seen.grouped || shape.grouped
                seen.parentheses = seen.parentheses || shape.parentheses
                seen.decimals = seen.decimals || shape.decimals
                if firstSameDecimal == nil, shape.grouped || shape.decimals { firstSameDecimal = r }
                continue
            }
            if CRMNumber.parse(t, decimal: decimal.other) != nil {
                if otherDecimal == nil { otherDecimal = r }
                continue
            }
            return nil
        }
        func value(_ r: Int) -> String { String(decoding: cells.cellBytes(r, f), as: UTF8.self) }
        if let r = otherDecimal {
            let (mine, theirs) =
                decimal == .point ? ("a decimal point", "a decimal comma") : ("a decimal comma", "a decimal point")
            var reason = "reads as a number only with \(theirs) (1.234,50 against 1,234.50)"
            if decimal == .comma { reason = "reads as a number only with \(theirs) (1,234.50 against 1.234,50)" }
            if let s = firstSameDecimal {
                reason +=
                    ", but line \(cells.location(s, f).line) has \(quoted(value(s))), which reads with \(mine); a column must write its numbers one way"
            } else {
                reason += "; pass --decimal \(decimal.other.rawValue) if the file writes its numbers that way"
            }
            throw DealDataError.mixedNumberForms(cells.location(r, f), column: name, value: value(r), reason: reason)
        }
        if let r = otherCurrency, let first = firstMark {
            let reason =
                "is written with \(CRMNumber.describe(mark: CRMNumber.parse(trimmed(cells.cellBytes(r, f)), decimal: decimal)?.shape.mark ?? "")), but line \(cells.location(first.row, f).line) has \(quoted(value(first.row))), written with \(CRMNumber.describe(mark: first.mark)); a column must hold one currency (or percentages only)"
            throw DealDataError.mixedNumberForms(cells.location(r, f), column: name, value: value(r), reason: reason)
        }
        var forms: [String] = []
        if currencies, let m = firstMark?.mark { forms.append("currency \(m)") }
        if percent { forms.append("percentages (45% read as 45)") }
        if seen.grouped { forms.append("thousands separators") }
        if seen.parentheses { forms.append("negatives in parentheses") }
        if decimal == .comma, seen.decimals { forms.append("a decimal comma") }
        let note = forms.isEmpty ? nil : "column \(quoted(name)): numbers read with " + forms.joined(separator: ", ")
        return (numberColumn(numbers, used: used), note)
    }

    /// A date column that is not all ISO, from record `first` (its first cell in another form) on:
    /// `M/D/YYYY` or `D/M/YYYY` as the values settle it, or `D.M.YYYY`; `dates` holds the records
    /// before it (all missing, or ISO: then `first` is a mixed form).
    static func crmDates(
        _ cells: CSVCells, field f: Int, name: String, used: [Int], missing: MissingTokens, from first: Int,
        firstISO: Int?,
        dates: inout [Int32]
    ) throws -> (column: SignalColumn, note: String?) {
        func value(_ r: Int) -> String { String(decoding: cells.cellBytes(r, f), as: UTF8.self) }
        func line(_ r: Int) -> Int { cells.location(r, f).line }
        let separator = CalendarDate.numericParts(trimmed(cells.cellBytes(first, f)))!.separator
        let familyName = separator == UInt8(ascii: ".") ? DateFormat.dayFirstDots.rawValue : "M/D/YYYY or D/M/YYYY"
        if let iso = firstISO {
            throw DealDataError.mixedDateForms(
                cells.location(first, f), column: name, value: value(first), form: familyName,
                otherForm: "YYYY-MM-DD", otherLine: line(iso), otherValue: value(iso))
        }
        var pending: [(row: Int, a: Int, b: Int, year: Int)] = []
        var dayFirstRow: Int? = nil
        var monthFirstRow: Int? = nil
        for r in first..<cells.recordCount {
            let t = trimmed(cells.cellBytes(r, f))
            if t.isEmpty || missing.contains(t) { continue }
            if CalendarDate(isoBytes: t) != nil {
                throw DealDataError.mixedDateForms(
                    cells.location(r, f), column: name, value: value(r), form: "YYYY-MM-DD",
                    otherForm: familyName, otherLine: line(first), otherValue: value(first))
            }
            guard let p = CalendarDate.numericParts(t) else {
                throw DealDataError.invalidDate(cells.location(r, f), column: name, value: value(r))
            }
            if p.separator != separator {
                let form = p.separator == UInt8(ascii: ".") ? DateFormat.dayFirstDots.rawValue : "M/D/YYYY or D/M/YYYY"
                throw DealDataError.mixedDateForms(
                    cells.location(r, f), column: name, value: value(r), form: form,
                    otherForm: familyName, otherLine: line(first), otherValue: value(first))
            }
            if separator == UInt8(ascii: ".") {
                guard let d = CalendarDate(year: p.year, month: p.second, day: p.first) else {
                    throw DealDataError.invalidDate(cells.location(r, f), column: name, value: value(r))
                }
                dates[r] = CalendarDate.slot(d)
                continue
            }
            pending.append((r, p.first, p.second, p.year))
            if p.first > 12, dayFirstRow == nil { dayFirstRow = r }
            if p.second > 12, monthFirstRow == nil { monthFirstRow = r }
        }
        var note: String
        if separator == UInt8(ascii: ".") {
            note = "column \(quoted(name)): dates read as D.M.YYYY"
        } else {
            let form: DateFormat
            if let d = dayFirstRow, let m = monthFirstRow {
                let (later, earlier) = d > m ? (d, m) : (m, d)
                let (laterForm, earlierForm) =
                    d > m
                    ? ("D/M/YYYY (its first number is over 12)", "M/D/YYYY")
                    : ("M/D/YYYY (its second number is over 12)", "D/M/YYYY")
                throw DealDataError.mixedDateForms(
                    cells.location(later, f), column: name, value: value(later), form: laterForm,
                    otherForm: earlierForm, otherLine: line(earlier), otherValue: value(earlier))
            } else if let d = dayFirstRow {
                form = .dayFirst
                note =
                    "column \(quoted(name)): dates read as D/M/YYYY (line \(line(d)) has \(quoted(value(d))), which reads no other way)"
            } else if let m = monthFirstRow {
                form = .monthFirst
                note =
                    "column \(quoted(name)): dates read as M/D/YYYY (line \(line(m)) has \(quoted(value(m))), which reads no other way)"
            } else if let p = pending.first(where: { $0.a != $0.b }) {
                throw DealDataError.ambiguousDate(
                    cells.location(p.row, f), column: name, value: value(p.row),
                    dayFirst: CalendarDate(year: p.year, month: p.b, day: p.a)!,
                    monthFirst: CalendarDate(year: p.year, month: p.a, day: p.b)!)
            } else {
                form = .monthFirst
                note = "column \(quoted(name)): dates read as M/D/YYYY (every one reads the same as D/M/YYYY)"
            }
            for p in pending {
                guard
                    let d = form == .monthFirst
                        ? CalendarDate(year: p.year, month: p.a, day: p.b)
                        : CalendarDate(year: p.year, month: p.b, day: p.a)
                else {
                    throw DealDataError.invalidDate(cells.location(p.row, f), column: name, value: value(p.row))
                }
                dates[p.row] = CalendarDate.slot(d)
            }
        }
        return (.date(ColumnValues(slots: used.map { dates[$0 + 1] })), note)
    }

    /// The fast pass for the usual columns: flags, small counts and true/false. Every field in
    /// `fields` is typed in one pass over blocks of rows (on every core, all columns of a block
    /// while its cells are in cache), straight to one byte a row. A column that turns out to hold
    /// anything else (text, a fraction, a number over 254) is `nil` in the result and is left to
    /// ``column(_:field:name:used:missing:)``, which also makes every error message.
    static func byteColumns(_ cells: CSVCells, fields: [Int], used: [Int], missing: [MissingTokens]) -> [SignalColumn?]
    {
        let c = fields.count
        let records = cells.recordCount
        let width = cells.width
        guard c > 0, records > 1 else { return [SignalColumn?](repeating: nil, count: c) }
        let codes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: c * records)
        defer { codes.deallocate() }
        let cores = max(1, ParallelSettings.cores)
        let chunkCount = max(1, min(cores, (records - 1) / 20_000))
        // Per chunk and column: bit 0 saw a Boolean, bit 1 a number, bit 2 anything else.
        let seen = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkCount * c)
        seen.initialize(repeating: 0)
        defer { seen.deallocate() }
        nonisolated(unsafe) let out = codes
        nonisolated(unsafe) let kinds = seen
        cells.bytes.withUnsafeBufferPointer { base in
            cells.cells.withUnsafeBufferPointer { words in
                nonisolated(unsafe) let b = base
                nonisolated(unsafe) let w = words
                forEachChunk(count: records - 1, minimumPerChunk: 20_000) { range, k in
                    let kind = kinds.baseAddress! + k * c
                    var blockStart = range.lowerBound + 1
                    while blockStart < range.upperBound + 1 {
                        let blockEnd = min(blockStart + 1024, range.upperBound + 1)
                        for col in 0..<c where kind[col] & 4 == 0 {
                            let f = fields[col]
                            let column = out.baseAddress! + col * records
                            let tokens = missing[col]
                            for r in blockStart..<blockEnd {
                                let word = w[r * width + f]
                                let start = Int(word >> 24)
                                let length = Int((word >> 1) & 0x7F_FFFF)
                                if length == 1, !tokens.hasDigitToken, case let d = b[start], d >= 0x30, d <= 0x39 {
                                    column[r] = d - 0x30
                                    kind[col] |= 2
                                    continue
                                }
                                if word & 1 == 1 {
                                    kind[col] |= 4
                                    break
                                }
                                let (code, seen) = byteCode(b[start..<(start + length)]) { tokens.contains($0) }
                                kind[col] |= seen
                                if seen == 4 { break }
                                column[r] = code
                            }
                        }
                        blockStart = blockEnd
                    }
                }
            }
        }
        return (0..<c).map { col in
            var k: UInt8 = 0
            for chunk in 0..<chunkCount { k |= seen[chunk * c + col] }
            let column = UnsafeBufferPointer(rebasing: codes[(col * records)..<((col + 1) * records)])
            switch k {
            case 0: return .boolean(ColumnValues(slots: [UInt8](repeating: Bool.missingSlot, count: used.count)))
            case 1:
                return .boolean(
                    ColumnValues(slots: used.map { column[$0 + 1] == 255 ? Bool.missingSlot : column[$0 + 1] }))
            case 2: return .number(ColumnValues(codes: used.map { column[$0 + 1] }))
            default: return nil  // mixed or other values: the general path decides
            }
        }
    }

    /// A cell as a one-byte code, as the fast passes store flags, small counts and true/false:
    /// `(255, 0)` for missing, `(0 or 1, 1)` for a Boolean word, `(n, 2)` for a whole number
    /// 0…254, and `(0, 4)` for anything else (the column then needs the general typing).
    @inline(__always) static func byteCode<C: BidirectionalCollection>(_ raw: C, isMissing: (C.SubSequence) -> Bool)
        -> (code: UInt8, kind: UInt8)
    where C.Element == UInt8, C.Index == Int, C.SubSequence.Index == Int {
        let t = trimmed(raw)
        if t.contains(where: { $0 >= 0x80 }) { return (0, 4) }
        if t.isEmpty || isMissing(t) { return (255, 0) }
        if t.count <= 5, let v = boolWord(t) { return (v ? 1 : 0, 1) }
        if let x = number(t), x >= 0, x <= 254, x.rounded() == x { return (UInt8(x), 2) }
        return (0, 4)
    }

    /// The FNV-1a hash of ASCII bytes, or `nil` when a byte is not ASCII (how the readers check
    /// deal ids for repeats without making strings: ASCII strings are equal exactly when their
    /// bytes are).
    @inline(__always) static func asciiHash(_ t: some Collection<UInt8>) -> UInt64? {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in t {
            if c >= 0x80 { return nil }
            h = (h ^ UInt64(c)) &* 0x100_0000_01B3
        }
        return h
    }

    /// ASCII spaces, tabs and line breaks trimmed from both ends.
    @inline(__always) static func trimmed<C: BidirectionalCollection>(_ b: C) -> C.SubSequence
    where C.Element == UInt8, C.Index == Int {
        var s = b.startIndex
        var e = b.endIndex
        while s < e, b[s] == 0x20 || b[s] == 0x09 || b[s] == 0x0A || b[s] == 0x0D { s += 1 }
        while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 || b[e - 1] == 0x0A || b[e - 1] == 0x0D { e -= 1 }
        return b[s..<e]
    }

    /// What a cell holds: empty, a Boolean word, a plain number, or text.
    @inline(__always) static func classify<C: BidirectionalCollection>(_ raw: C) -> Cell
    where C.Element == UInt8, C.Index == Int, C.SubSequence.Index == Int {
        let t = trimmed(raw)
        if t.isEmpty { return .missing }
        if t.count <= 5, let b = boolWord(t) { return .boolean(b) }
        return classifyText(t)
    }

    @inline(__always) static func classifyText<C: BidirectionalCollection>(_ t: C) -> Cell
    where C.Element == UInt8, C.Index == Int {
        if let x = number(t) { return .number(x) }
        if t.contains(where: { $0 >= 0x80 }) {
            // Non-ASCII white space (a no-break space) is trimmed the Unicode way.
            let s = String(decoding: t, as: UTF8.self).trimmingWhitespace()
            if s.isEmpty { return .missing }
            if let b = SignalColumn.parseBool(s) { return .boolean(b) }
            if let x = SignalColumn.parseNumber(s) { return .number(x) }
        }
        return .text
    }

    /// `true`/`false`/`yes`/`no` in any case.
    @inline(__always) static func boolWord<C: Collection>(_ t: C) -> Bool? where C.Element == UInt8 {
        var lower: UInt64 = 0
        for c in t { lower = lower << 8 | UInt64(c | (c >= 0x41 && c <= 0x5A ? 0x20 : 0)) }
        switch lower {
        case 0x74_72_75_65: return true  // "true"
        case 0x79_65_73: return true  // "yes"
        case 0x66_61_6C_73_65: return false  // "false"
        case 0x6E_6F: return false  // "no"
        default: return nil
        }
    }

    /// Powers of ten that are exact in a `Double`.
    static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }

    /// A plain decimal number, with the same accepted set as ``SignalColumn/parseNumber(_:)``.
    /// Up to 15 significant digits and no exponent take the exact fast path (an integer mantissa
    /// divided by an exact power of ten is correctly rounded); anything else goes through
    /// `Double(String)`.
    @inline(__always) static func number<C: BidirectionalCollection>(_ t: C) -> Double?
    where C.Element == UInt8, C.Index == Int {
        var k = t.startIndex
        var negative = false
        if t[k] == UInt8(ascii: "-") || t[k] == UInt8(ascii: "+") {
            negative = t[k] == UInt8(ascii: "-")
            k += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var sawDot = false
        var simple = true
        while k < t.endIndex {
            let c = t[k]
            if c >= 0x30 && c <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(c - 0x30)
                digits += 1
                if sawDot { fraction += 1 }
            } else if c == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                simple = false
                break
            }
            k += 1
        }
        if simple, digits > 0, digits <= 15 {
            let x = Double(mantissa) / exactPowersOfTen[fraction]
            return negative ? -x : x
        }
        // Exponents, long mantissas and anything odd: the general rules.
        for c in t where !((c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D) {
            return nil
        }
        return SignalColumn.parseNumber(String(decoding: t, as: UTF8.self))
    }
}

extension Outcome {
    /// Parses an outcome from bytes; the common spellings without making a `String`.
    init?<C: BidirectionalCollection>(bytes raw: C)
    where C.Element == UInt8, C.Index == Int, C.SubSequence.Index == Int {
        let t = ColumnTyping.trimmed(raw)
        if t.count <= 4 {
            var lower: UInt64 = 0
            for c in t { lower = lower << 8 | UInt64(c | (c >= 0x41 && c <= 0x5A ? 0x20 : 0)) }
            switch lower {
            case 0x77_6F_6E:
                self = .won
                return  // "won"
            case 0x6C_6F_73_74:
                self = .lost
                return  // "lost"
            default: break
            }
        }
        guard let o = Outcome(parsing: String(decoding: t, as: UTF8.self)) else { return nil }
        self = o
    }
}
