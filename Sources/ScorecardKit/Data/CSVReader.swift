/// A CSV file read into memory: the header and the data rows, each row with the line it starts on.
public struct CSVTable: Sendable {
    /// The file name used in locations.
    public var file: String
    /// Column names as written in the header (trimmed of surrounding white space).
    public var header: [String]
    /// The 1-based line the header row is on (after any leading blank lines).
    public var headerLine: Int
    /// Data rows; every row has `header.count` fields.
    public var rows: [[String]]
    /// The 1-based line on which each row starts (a quoted field may span lines).
    public var rowLines: [Int]
    /// Blank lines that were passed over (they hold no row).
    public var blankLines: Int
}

/// An RFC 4180 CSV reader: quoted fields, doubled quotes inside them, delimiters and line breaks
/// inside quotes, CRLF or LF line ends, an optional UTF-8 byte-order mark.
///
/// It is strict where a lenient reader would guess: a row with a different number of fields than
/// the header, a stray quote or an unclosed one is an error that names the line and column, since a
/// guessed row can silently shift every value after it.
///
/// ```swift
/// let table = try CSVReader().read("a,b\n1,\"x, y\"\n", file: "t.csv")
/// table.rows   // [["1", "x, y"]]
/// ```
public struct CSVReader: Sendable {
    /// The field separator; `,` by default, `;` for many European exports.
    public var delimiter: UInt8

    /// Creates a reader with the given delimiter (one ASCII character).
    public init(delimiter: Character = ",") {
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
                     "delimiter must be one ASCII character other than a quote or a line break")
        self.delimiter = delimiter.asciiValue!
    }

    /// Reads CSV text.
    public func read(_ text: String, file: String) throws -> CSVTable {
        try read(bytes: Array(text.utf8), file: file)
    }

    /// Reads CSV bytes.
    ///
    /// - Throws: ``CSVError`` for an empty file, a header without rows, a ragged row, an unclosed
    ///   or stray quote, invalid UTF-8, a NUL byte, or a duplicate or empty column name.
    /// - Complexity: O(n) in the size of the input.
    public func read(bytes: [UInt8], file: String) throws -> CSVTable {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { throw CSVError.empty(file: file) }
        var records: [[String]] = []
        var lines: [Int] = []
        var blank = 0
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var lineStart = i
        let n = bytes.count
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var field: [UInt8] = []
        var record: [String] = []

        func loc(_ line: Int, _ fieldIndex: Int) -> SourceLocation {
            SourceLocation(file: file, line: line, column: fieldIndex + 1)
        }
        func text(_ bytes: [UInt8], _ line: Int, _ fieldIndex: Int) throws -> String {
            guard let s = String(validating: bytes, as: UTF8.self) else { throw CSVError.invalidUTF8(loc(line, fieldIndex)) }
            return s
        }

        while i < n {
            // One record.
            let recordLine = line
            record.removeAll(keepingCapacity: true)
            // A line that is empty (or only a CR) holds no record.
            if bytes[i] == lf || (bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf) || (bytes[i] == cr && i + 1 == n) {
                i += bytes[i] == cr && i + 1 < n ? 2 : 1
                line += 1; lineStart = i
                blank += 1
                continue
            }
            var endOfRecord = false
            while !endOfRecord {
                field.removeAll(keepingCapacity: true)
                let fieldLine = line
                if i < n, bytes[i] == quote {
                    // Quoted field.
                    let openLine = line, openCol = record.count
                    i += 1
                    var closed = false
                    while i < n {
                        let c = bytes[i]
                        if c == quote {
                            if i + 1 < n, bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                            i += 1; closed = true; break
                        }
                        if c == 0 { throw CSVError.nulByte(loc(line, record.count)) }
                        if c == lf { line += 1; lineStart = i + 1 }
                        field.append(c)
                        i += 1
                    }
                    if !closed { throw CSVError.unterminatedQuote(loc(openLine, openCol)) }
                    if i < n, bytes[i] != delimiter, bytes[i] != lf, bytes[i] != cr {
                        throw CSVError.textAfterClosingQuote(loc(line, record.count), value: try text(field, fieldLine, record.count))
                    }
                } else {
                    while i < n {
                        let c = bytes[i]
                        if c == delimiter || c == lf || c == cr { break }
                        if c == quote {
                            var rest = field
                            var j = i
                            while j < n, bytes[j] != delimiter, bytes[j] != lf, bytes[j] != cr { rest.append(bytes[j]); j += 1 }
                            throw CSVError.quoteInUnquotedField(loc(line, record.count), value: String(decoding: rest, as: UTF8.self))
                        }
                        if c == 0 { throw CSVError.nulByte(loc(line, record.count)) }
                        field.append(c)
                        i += 1
                    }
                }
                record.append(try text(field, fieldLine, record.count))
                // Delimiter, line end or end of input.
                if i >= n {
                    endOfRecord = true
                } else if bytes[i] == delimiter {
                    i += 1
                    // A delimiter as the last byte ends with one empty field.
                    if i >= n { record.append(""); endOfRecord = true }
                } else {
                    if bytes[i] == cr { i += 1 }
                    if i < n, bytes[i] == lf { i += 1 }
                    line += 1; lineStart = i
                    endOfRecord = true
                }
            }
            if records.isEmpty {
                records.append(record)
                lines.append(recordLine)
            } else {
                let expected = records[0].count
                if record.count != expected {
                    throw CSVError.raggedRow(SourceLocation(file: file, line: recordLine, column: min(record.count, expected) + 1), fields: record.count, expected: expected)
                }
                records.append(record)
                lines.append(recordLine)
            }
        }
        _ = lineStart
        guard let first = records.first else { throw CSVError.empty(file: file) }
        let header = first.map { $0.trimmingWhitespace() }
        var seen: [String: Int] = [:]
        for (k, name) in header.enumerated() {
            if name.isEmpty { throw CSVError.emptyColumnName(SourceLocation(file: file, line: lines[0], column: k + 1)) }
            if let f = seen[name] { throw CSVError.duplicateColumn(SourceLocation(file: file, line: lines[0], column: k + 1), name: name, firstColumn: f + 1) }
            seen[name] = k
        }
        if records.count == 1 { throw CSVError.headerOnly(file: file) }
        return CSVTable(file: file, header: header, headerLine: lines[0], rows: Array(records.dropFirst()), rowLines: Array(lines.dropFirst()), blankLines: blank)
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let s = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let e = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[s...e]))
    }
}
