/// The revised card's bar when the `recall:` rule counts only the N most recently closed won
/// deals (`--recent-won N`), beside the bar the same rule gives over every won deal.
///
/// ```swift
/// var options = QuarterlyReview.Options()
/// options.refit.recentWon = 20
/// let review = try QuarterlyReview(options: options).run(deals: deals, card: current)
/// review.recentWon?.sentence(rule: .recall(0.8))
/// ```
public struct RecentWonBar: Sendable, Equatable {
    /// N.
    public var count: Int
    /// When the N deals closed (earliest to latest).
    public var closed: ClosedRange<CalendarDate>?
    /// The threshold the rule picks over the N deals, on the revised card's scores.
    public var threshold: Double?
    /// The threshold the same rule picks over every won deal, on the same scores.
    public var wholeHistoryThreshold: Double?

    /// Creates the comparison.
    public init(count: Int, closed: ClosedRange<CalendarDate>?, threshold: Double?, wholeHistoryThreshold: Double?) {
        self.count = count
        self.closed = closed
        self.threshold = threshold
        self.wholeHistoryThreshold = wholeHistoryThreshold
    }

    /// `{"count", "closedFrom", "closedTo", "threshold", "wholeHistoryThreshold"}`.
    public var json: JSONValue {
        .object([
            ("count", .number(Double(count))), ("closedFrom", .optional(closed.map { $0.lowerBound.description })),
            ("closedTo", .optional(closed.map { $0.upperBound.description })), ("threshold", .optional(threshold)),
            ("wholeHistoryThreshold", .optional(wholeHistoryThreshold)),
        ])
    }
}
