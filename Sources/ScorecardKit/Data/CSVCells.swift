/// A CSV file split into cells without copying them: the bytes stay in one buffer and each cell is
/// a packed (offset, length, needs-unescaping) word.
///
/// This is the fast path under ``CSVReader`` and ``DealTable``: one pass over the bytes finds the
/// cells and checks the structure (quotes, field counts), and each column is then typed straight
/// from its bytes, so no `String` is made for a number or a Boolean.
///
/// - Complexity: O(n) in the size of the input; memory is the input plus 8 bytes per cell.
struct CSVCells: @unchecked Sendable {
    /// The whole input (a leading byte-order mark is skipped by the tokenizer, not removed).
    let bytes: [UInt8]
    /// The file name used in locations.
    let file: String
    /// Fields per record (the header's count).
    let width: Int
    /// Packed cells, row-major, header first: offset << 24 | length << 1 | escaped.
    private(set) var cells: [UInt64]
    /// The line each record starts on (header first).
    private(set) var lines: [Int]
    /// Blank lines passed over.
    private(set) var blankLines: Int
    /// For a table of some fields only (see ``QuoteFreeScan``): the field each column is in the
    /// file, so locations name the file's column.
    private(set) var fieldNumbers: [Int]? = nil

    /// The longest field the packing holds (8 MiB − 1 bytes).
    static let maximumFieldLength = (1 << 23) - 1

    /// Records including the header.
    var recordCount: Int { lines.count }

    /// Tokenizes `bytes`.
    ///
    /// - Throws: ``CSVError`` for an empty file, a header without rows, a ragged row, an unclosed
    ///   or stray quote, a NUL byte or a field over 8 MiB.
    init(bytes: [UInt8], file: String, delimiter: UInt8) throws {
        self.bytes = bytes
        self.file = file
        var cells: [UInt64] = []
        var lines: [Int] = []
        var blank = 0
        var width = -1
        try bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            if b[i...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                throw CSVError.empty(file: file)
            }
            let quote = UInt8(ascii: "\"")
            let cr = UInt8(ascii: "\r")
            let lf = UInt8(ascii: "\n")
            var line = 1
            var fieldIndex = 0
            var specialBytes = [UInt8](repeating: 0, count: 256)
            for c in [delimiter, quote, cr, lf, 0] { specialBytes[Int(c)] = 1 }
            let special = specialBytes
            func loc(_ line: Int, _ field: Int) -> SourceLocation {
                SourceLocation(file: file, line: line, column: field + 1)
            }
            func pack(_ start: Int, _ length: Int, _ escaped: Bool, _ line: Int) throws -> UInt64 {
                guard length <= Self.maximumFieldLength else {
                    throw CSVError.fieldTooLong(loc(line, fieldIndex), bytes: length)
                }
                return UInt64(start) << 24 | UInt64(length) << 1 | (escaped ? 1 : 0)
            }
            while i < n {
                let recordLine = line
                // A line that is empty (or only a CR) holds no record.
                if b[i] == lf || (b[i] == cr && (i + 1 == n || b[i + 1] == lf)) {
                    i += b[i] == cr && i + 1 < n ? 2 : 1
                    line += 1
                    blank += 1
                    continue
                }
                fieldIndex = 0
                let recordStart = cells.count
                while true {
                    if i < n, b[i] == quote {
                        let openLine = line
                        i += 1
                        let start = i
                        var escaped = false
                        var closed = false
                        while i < n {
                            let c = b[i]
                            if c == quote {
                                if i + 1 < n, b[i + 1] == quote {
                                    escaped = true
                                    i += 2
                                    continue
                                }
                                closed = true
                                break
                            }
                            if c == 0 { throw CSVError.nulByte(loc(line, fieldIndex)) }
                            if c == lf { line += 1 }
                            i += 1
                        }
                        if !closed { throw CSVError.unterminatedQuote(loc(openLine, fieldIndex)) }
                        cells.append(try pack(start, i - start, escaped, openLine))
                        i += 1
                        if i < n, b[i] != delimiter, b[i] != lf, b[i] != cr {
                            let text = Self.unescape(ArraySlice(b[start..<(i - 1)]))
                            throw CSVError.textAfterClosingQuote(
                                loc(line, fieldIndex), value: String(decoding: text, as: UTF8.self))
                        }
                    } else {
                        let start = i
                        while i < n {
                            // Skip ordinary bytes with one table look-up each.
                            while i < n, special[Int(b[i])] == 0 { i += 1 }
                            if i >= n { break }
                            let c = b[i]
                            if c == delimiter || c == lf || c == cr { break }
                            if c == quote {
                                var j = i
                                while j < n, b[j] != delimiter, b[j] != lf, b[j] != cr { j += 1 }
                                throw CSVError.quoteInUnquotedField(
                                    loc(line, fieldIndex), value: String(decoding: b[start..<j], as: UTF8.self))
                            }
                            if c == 0 { throw CSVError.nulByte(loc(line, fieldIndex)) }
                            i += 1
                        }
                        cells.append(try pack(start, i - start, false, line))
                    }
                    fieldIndex += 1
                    if i >= n { break }
                    if b[i] == delimiter {
                        i += 1
                        // A delimiter as the last byte ends with one empty field.
                        if i >= n {
                            cells.append(0)
                            fieldIndex += 1
                            break
                        }
                        continue
                    }
                    if b[i] == cr { i += 1 }
                    if i < n, b[i] == lf { i += 1 }
                    line += 1
                    break
                }
                let count = cells.count - recordStart
                if width < 0 {
                    width = count
                    // Reserve for every line at the header's width, so the cell list is not copied
                    // as it grows (a large file would otherwise move hundreds of megabytes).
                    var newlines = 0
                    for k in i..<n where b[k] == lf { newlines += 1 }
                    cells.reserveCapacity((newlines + 2) * count)
                } else if count != width {
                    throw CSVError.raggedRow(
                        SourceLocation(file: file, line: recordLine, column: min(count, width) + 1), fields: count,
                        expected: width)
                }
                lines.append(recordLine)
            }
        }
        guard width > 0 else { throw CSVError.empty(file: file) }
        self.width = width
        self.cells = cells
        self.lines = lines
        self.blankLines = blank
    }

    /// A table of cells found elsewhere (see ``QuoteFreeScan/cells(bytes:file:headerLine:fields:delimiter:)``).
    init(bytes: [UInt8], file: String, width: Int, cells: [UInt64], lines: [Int], blankLines: Int, fieldNumbers: [Int])
    {
        self.bytes = bytes
        self.file = file
        self.width = width
        self.cells = cells
        self.lines = lines
        self.blankLines = blankLines
        self.fieldNumbers = fieldNumbers
    }

    /// The raw bytes of cell (record r, field f), quotes removed but doubled quotes not yet undone.
    @inline(__always) func raw(_ r: Int, _ f: Int) -> (start: Int, length: Int, escaped: Bool) {
        let c = cells[r * width + f]
        return (Int(c >> 24), Int((c >> 1) & 0x7F_FFFF), c & 1 == 1)
    }

    /// The cell's bytes with doubled quotes undone.
    func cellBytes(_ r: Int, _ f: Int) -> ArraySlice<UInt8> {
        let (s, l, e) = raw(r, f)
        return e ? Self.unescape(bytes[s..<(s + l)])[...] : bytes[s..<(s + l)]
    }

    /// The cell as text.
    ///
    /// - Throws: ``CSVError/invalidUTF8(_:)`` naming the cell.
    func string(_ r: Int, _ f: Int) throws -> String {
        guard let s = String(validating: cellBytes(r, f), as: UTF8.self) else {
            throw CSVError.invalidUTF8(location(r, f))
        }
        return s
    }

    /// The cell as text without surrounding white space (ASCII trimmed on the bytes; text with
    /// other bytes trimmed the Unicode way).
    func trimmedString(_ r: Int, _ f: Int) throws -> String {
        let t = ColumnTyping.trimmed(cellBytes(r, f))
        guard let s = String(validating: t, as: UTF8.self) else { throw CSVError.invalidUTF8(location(r, f)) }
        return t.contains(where: { $0 >= 0x80 }) ? s.trimmingWhitespace() : s
    }

    /// The location of cell (r, f): the line the field starts on (a quoted field before it may
    /// span lines) and its field number.
    func location(_ r: Int, _ f: Int) -> SourceLocation {
        let (s, _, _) = raw(r, f)
        let rowStart = f == 0 ? s : Int(cells[r * width] >> 24)
        var line = lines[r]
        if f > 0 { for k in rowStart..<s where bytes[k] == UInt8(ascii: "\n") { line += 1 } }
        return SourceLocation(file: file, line: line, column: (fieldNumbers?[f] ?? f) + 1)
    }

    /// The header names (see ``header()``), without the empty cells at the header's end whose
    /// column is empty in every record too (what a trailing delimiter on every line makes), and
    /// how many were dropped.
    ///
    /// - Throws: ``CSVError/emptyColumnName(_:)`` for an empty header cell over a column that
    ///   holds data (or in the middle of the header), and the errors of ``header()``.
    func headerDroppingEmptyTrailingColumns() throws -> (names: [String], dropped: Int) {
        var kept = width
        while kept > 1, ColumnTyping.trimmed(cellBytes(0, kept - 1)).isEmpty { kept -= 1 }
        for f in kept..<width {
            for r in 1..<recordCount where !ColumnTyping.trimmed(cellBytes(r, f)).isEmpty {
                throw CSVError.emptyColumnName(SourceLocation(file: file, line: lines[0], column: f + 1))
            }
        }
        return (try header(count: kept), width - kept)
    }

    /// The header names, trimmed and checked: no empty name, no name twice.
    ///
    /// - Throws: ``CSVError/emptyColumnName(_:)``, ``CSVError/duplicateColumn(_:name:firstColumn:)``
    ///   or ``CSVError/invalidUTF8(_:)``.
    func header() throws -> [String] { try header(count: width) }

    /// The first `count` header names, checked as ``header()`` checks them.
    private func header(count: Int) throws -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        for f in 0..<count {
            let name = try string(0, f).trimmingWhitespace()
            let at = SourceLocation(file: file, line: lines[0], column: f + 1)
            if name.isEmpty { throw CSVError.emptyColumnName(at) }
            if let first = seen[name] { throw CSVError.duplicateColumn(at, name: name, firstColumn: first + 1) }
            seen[name] = f
            names.append(name)
        }
        return names
    }

    static func unescape(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var k = s.startIndex
        while k < s.endIndex {
            out.append(s[k])
            k += s[k] == UInt8(ascii: "\"") && k + 1 < s.endIndex && s[k + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return out
    }
}
