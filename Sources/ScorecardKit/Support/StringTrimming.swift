/// Trimming used by every stage that reads text a person typed (CSV cells, dates, card values).
extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let s = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let e = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[s...e]))
    }
}
