/// Errors in CSV text, each with the file, line and column (field number) where it was found.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file has no bytes, or only white space.
    case empty(file: String)
    /// The file has a header row and no data rows.
    case headerOnly(file: String)
    /// A quoted field is never closed; the location is its opening quote.
    case unterminatedQuote(SourceLocation)
    /// A `"` inside a field that does not start with one.
    case quoteInUnquotedField(SourceLocation, value: String)
    /// Text after a quoted field's closing quote, before the delimiter.
    case textAfterClosingQuote(SourceLocation, value: String)
    /// A row whose field count differs from the header's.
    case raggedRow(SourceLocation, fields: Int, expected: Int)
    /// Bytes that are not UTF-8.
    case invalidUTF8(SourceLocation)
    /// A NUL byte (binary data in a text file).
    case nulByte(SourceLocation)
    /// Two header cells with the same name (after trimming and renaming).
    case duplicateColumn(SourceLocation, name: String, firstColumn: Int)
    /// A header cell that is empty.
    case emptyColumnName(SourceLocation)
    /// A field longer than the reader holds (8 MiB).
    case fieldTooLong(SourceLocation, bytes: Int)

    /// The location the error points at.
    public var location: SourceLocation {
        switch self {
        case .empty(let file), .headerOnly(let file): SourceLocation(file: file, line: 1, column: 1)
        case .unterminatedQuote(let l), .quoteInUnquotedField(let l, _), .textAfterClosingQuote(let l, _),
            .raggedRow(let l, _, _), .invalidUTF8(let l), .nulByte(let l), .duplicateColumn(let l, _, _),
            .emptyColumnName(let l), .fieldTooLong(let l, _):
            l
        }
    }

    public var description: String {
        switch self {
        case .empty(let file): "\(file):1:1: the file is empty; expected a header row and at least one deal"
        case .headerOnly(let file): "\(file):1:1: the file has a header row but no data rows"
        case .unterminatedQuote(let l):
            "\(l): a quoted field is never closed (no matching '\"' before the end of the file)"
        case .quoteInUnquotedField(let l, let v):
            "\(l): a '\"' inside an unquoted field \(quoted(v)); quote the whole field and double the inner quotes"
        case .textAfterClosingQuote(let l, let v):
            "\(l): text after the closing quote of field \(quoted(v)); expected a delimiter or the end of the line"
        case .raggedRow(let l, let n, let m): "\(l): the row has \(n) field\(n == 1 ? "" : "s") but the header has \(m)"
        case .invalidUTF8(let l): "\(l): the text is not valid UTF-8 (re-export the file as UTF-8)"
        case .nulByte(let l): "\(l): a NUL byte: this looks like a binary file, not CSV text"
        case .duplicateColumn(let l, let name, let first):
            "\(l): column \(quoted(name)) appears twice (first as column \(first))"
        case .emptyColumnName(let l): "\(l): a header cell is empty; every column needs a name"
        case .fieldTooLong(let l, let n):
            "\(l): a field of \(n) bytes; fields longer than 8 MiB are not read (is this a CSV export?)"
        }
    }
}
