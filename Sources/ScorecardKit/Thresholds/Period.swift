/// A calendar period deals are grouped by: months or quarters.
public enum Period: String, Sendable, CaseIterable {
    case month
    case quarter

    /// The label of the period `date` falls in: `2025-07` or `2025-Q3`.
    public func label(_ date: CalendarDate) -> String {
        self == .month ? date.monthLabel : date.quarterLabel
    }

    /// A sortable index of the period (months or quarters since year 0).
    public func index(_ date: CalendarDate) -> Int {
        let (y, m, _) = date.components
        return self == .month ? y * 12 + (m - 1) : y * 4 + (m - 1) / 3
    }

    /// The first day of the period `date` falls in (the 1st of its month or of its quarter's
    /// first month).
    public func firstDay(of date: CalendarDate) -> CalendarDate {
        let (y, m, _) = date.components
        return CalendarDate(year: y, month: self == .month ? m : (m - 1) / 3 * 3 + 1, day: 1)!
    }

    /// The number of periods from the one holding `range.lowerBound` to the one holding
    /// `range.upperBound`, both included.
    public func count(spanning range: ClosedRange<CalendarDate>) -> Int {
        index(range.upperBound) - index(range.lowerBound) + 1
    }
}
