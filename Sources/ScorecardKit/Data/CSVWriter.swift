/// Writes RFC 4180 CSV: fields that hold the delimiter, a quote, a line break or leading/trailing
/// space are quoted, inner quotes doubled; lines end with LF.
///
/// When `guardFormulas` is on, a field starting with `=`, `+`, `-`, `@`, tab or CR that is not a
/// number is prefixed with `'`, so a spreadsheet shows it instead of running it (OWASP's advice
/// on CSV injection).
public struct CSVWriter: Sendable {
    /// The field separator.
    public var delimiter: Character
    /// Neutralize spreadsheet formulas in text fields.
    public var guardFormulas: Bool

    /// Creates a writer.
    public init(delimiter: Character = ",", guardFormulas: Bool = false) {
        self.delimiter = delimiter
        self.guardFormulas = guardFormulas
    }

    /// One field as it appears in the file.
    public func field(_ value: String) -> String {
        var v = value
        if guardFormulas, let first = v.first, "=+-@\t\r".contains(first), SignalColumn.parseNumber(v) == nil {
            v = "'" + v
        }
        let needsQuotes = v.contains(delimiter) || v.contains("\"") || v.contains("\n") || v.contains("\r")
            || v.first?.isWhitespace == true || v.last?.isWhitespace == true
        return needsQuotes ? "\"" + v.replacing("\"", with: "\"\"") + "\"" : v
    }

    /// One line (with its LF).
    public func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: String(delimiter)) + "\n"
    }

    /// A whole table: header then rows.
    public func table(header: [String], rows: [[String]]) -> String {
        var out = line(header)
        for r in rows { out += line(r) }
        return out
    }
}

