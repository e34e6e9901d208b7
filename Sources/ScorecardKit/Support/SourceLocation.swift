/// Where in an input file something is: the file's name, a 1-based line and a 1-based column.
///
/// Every error about input names one, rendered the way compilers do (`deals.csv:12:4`), so an
/// editor or a terminal can jump to it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line; 0 when the problem is the file as a whole.
    public var line: Int
    /// 1-based column (a field number for CSV, a character for JSON); 0 for a whole line.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out a zero line or column.
    public var description: String {
        if line == 0 { return file }
        if column == 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }
}

/// Renders a value from the input for an error message: quoted, with control characters shown as
/// escapes (never sent to the terminal) and long values shortened.
///
/// ```swift
/// quoted("ab\u{1B}[2J")   // "\"ab\\u{1B}[2J\""
/// ```
public func quoted(_ value: String, limit: Int = 60) -> String {
    var out = "\""
    var count = 0
    for scalar in value.unicodeScalars {
        if count == limit {
            out += "…"
            break
        }
        count += 1
        if let e = shortEscape(scalar) { out += e } else { appendShowingControls(scalar, to: &out) }
    }
    return out + "\""
}

/// The two-character escape of a quote, backslash, newline, return or tab (the same in JSON and in
/// messages), or `nil` for any other scalar.
func shortEscape(_ scalar: Unicode.Scalar) -> String? {
    switch scalar {
    case "\"": "\\\""
    case "\\": "\\\\"
    case "\n": "\\n"
    case "\r": "\\r"
    case "\t": "\\t"
    default: nil
    }
}

/// Appends `scalar`, or `\u{…}` when it is a control or format character (an ANSI escape, a bidi
/// override), so that text from the input is shown and never acted on by a terminal.
func appendShowingControls(_ scalar: Unicode.Scalar, to out: inout String) {
    if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    } else {
        out.unicodeScalars.append(scalar)
    }
}
