/// Column alignment for the commands' text tables.
extension String {
    /// The string left-aligned in `width` columns.
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    /// The string right-aligned in `width` columns.
    func rightAligned(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
    /// `other` when the string is empty.
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
