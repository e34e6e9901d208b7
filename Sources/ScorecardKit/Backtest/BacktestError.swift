/// Why a history cannot be back-tested.
public enum BacktestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The history has no `closed_at` column to split it in time.
    case missingClosedAt(SourceLocation)
    /// The closed deals fall in fewer than two periods.
    case tooFewPeriods(SourceLocation, periods: Int, per: String)

    /// What is wrong, without the location.
    public var reason: String {
        switch self {
        case .missingClosedAt:
            "back-testing needs a closed_at column (the date each deal closed, YYYY-MM-DD) to split the deals into periods"
        case .tooFewPeriods(_, let n, let per):
            "the closed deals fall in \(n) \(per)\(n == 1 ? "" : "s"); a back-test needs at least two (one to train on, one to test)"
        }
    }

    public var description: String {
        switch self {
        case .missingClosedAt(let l), .tooFewPeriods(let l, _, _): "\(l): \(reason)"
        }
    }
}
