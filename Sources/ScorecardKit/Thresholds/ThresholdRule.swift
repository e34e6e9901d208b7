/// How to pick the SQL threshold from a sweep.
public enum ThresholdRule: Sendable, Equatable, CustomStringConvertible {
    /// The highest threshold at which at least this share of won deals score at or above it.
    /// `recall(0.8)` is the 80% rule: "the score that 80% of past won deals met".
    case recall(Double)

    /// Parses `recall:0.8`.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == "recall", let r = Double(parts[1]), r > 0, r <= 1 else { return nil }
        self = .recall(r)
    }

    public var description: String {
        switch self {
        case let .recall(r): "recall:\(JSONValue.format(r))"
        }
    }

    /// One line saying what the rule does.
    public var explanation: String {
        switch self {
        case let .recall(r):
            "the highest score that at least \(JSONValue.format((r * 100 * 1e9).rounded() / 1e9))% of past won deals reached"
        }
    }

    /// The row the rule picks, or `nil` when no threshold satisfies it.
    public func select(in sweep: ThresholdSweep) -> ThresholdRow? {
        switch self {
        case let .recall(r):
            // Count won deals, not shares, with a guard against products that are not exact in
            // floating point (0.55 × 100 = 55.00000000000001, yet exactly 55 of 100 qualify).
            guard sweep.totalWon > 0 else { return nil }
            let needed = (r * sweep.totalWon - 1e-9 * max(1, sweep.totalWon)).rounded(.up)
            return sweep.rows.first { $0.won >= needed }
        }
    }
}
