/// Layout for terminal text: prose wrapped at a width, table cells padded to a column.
///
/// ```swift
/// TextLayout.wrap("A long sentence …", width: 40)   // lines of at most 40 columns, then "\n"
/// "AUC".padding(8) + "0.812".rightAligned(6)
/// ```
public enum TextLayout {
    /// Wraps prose at `width` columns on spaces, continuing lines with a two-space indent.
    public static func wrap(_ text: String, width: Int = 100) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = "  " + word
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The string left-aligned in `width` columns.
    public func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    /// The string right-aligned in `width` columns.
    public func rightAligned(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
    /// `other` when the string is empty.
    public func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
