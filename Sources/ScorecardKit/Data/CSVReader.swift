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
        precondition(
            delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
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
        let cells = try CSVCells(bytes: bytes, file: file, delimiter: delimiter)
        let header = try cells.header()
        if cells.recordCount == 1 { throw CSVError.headerOnly(file: file) }
        let rows = try (1..<cells.recordCount).map { r in try (0..<cells.width).map { try cells.string(r, $0) } }
        return CSVTable(
            file: file, header: header, headerLine: cells.lines[0], rows: rows,
            rowLines: Array(cells.lines.dropFirst()), blankLines: cells.blankLines)
    }
}
