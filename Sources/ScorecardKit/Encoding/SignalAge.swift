/// How old a dated signal is when a deal is judged, and how much of a rule's points remain at
/// that age: the decay every encoding of `halfLifeDays` uses.
///
/// Age is the whole days from `<signal>_at` to the deal's `scored_at` (or `closed_at` when there
/// is no `scored_at`, or `asOf` when given), at least 0; the remaining share of the points is
/// `0.5^(age / halfLifeDays)`. A deal with no date (or no reference date) keeps full points.
public enum SignalAge {
    /// The share of a rule's points left at `age` days with half-life `halfLife` days:
    /// 0.5^(max(0, age) / h); 1 when h is infinite (no decay).
    @inline(__always) public static func remaining(age: Double, halfLife: Double) -> Double {
        halfLife.isInfinite ? 1 : _pow(0.5, max(0, age) / halfLife)
    }

    /// The age in days of `signal`'s last activity for every deal (`nil` where it is undated or
    /// the deal has no reference date); `nil` when the history has no `<signal>_at` column.
    public static func ages(signal: String, deals: DealTable, asOf: CalendarDate? = nil) -> [Int?]? {
        guard case .date(let when)? = deals.columns[signal + "_at"] else { return nil }
        let scored = deals.scoredAt
        let closed = deals.closedAt
        return (0..<deals.count).map { i in
            guard let at = when[i], let ref = asOf ?? scored?[i] ?? closed?[i] else { return nil }
            return max(0, ref.daysSince(at))
        }
    }
}
