/// How to pick the SQL threshold from a sweep.
///
/// | rule | picks |
/// |---|---|
/// | `recall:0.8` | the highest threshold that at least 80% of won deals reached (the 80% rule) |
/// | `precision:0.25` | the lowest threshold whose SQL-to-won rate is at least 25% |
/// | `capacity:40` (with `--per month`) | the lowest threshold giving at most 40 SQLs a period on average |
/// | `f1` | the threshold with the highest F1 = 2·precision·recall / (precision + recall) |
/// | `youden` | the threshold with the highest recall − false-positive rate (Youden's J) |
/// | `value:20000:300` | the threshold with the highest won × 20,000 − SQLs × 300 |
///
/// Ties in the maximizing rules go to the higher threshold (fewer SQLs for the same value).
public enum ThresholdRule: Sendable, Equatable, CustomStringConvertible {
    /// The highest threshold at which at least this share of won deals score at or above it.
    /// `recall(0.8)` is the 80% rule: "the score that 80% of past won deals met".
    case recall(Double)
    /// The lowest threshold whose precision (SQL-to-won rate) is at least this.
    case precision(Double)
    /// The lowest threshold that yields at most this many SQLs per period, on average over the
    /// periods the history spans (see ``ThresholdSweep/periods``).
    case capacity(Double)
    /// The threshold with the best F1 score.
    case f1
    /// The threshold with the best Youden's J (recall minus false-positive rate).
    case youden
    /// The threshold with the best expected value: won × `dealValue` − SQLs × `costPerSQL`.
    /// (`value:COLUMN:COST` on the command line takes `dealValue` from a column: see
    /// ``averageWonValue(column:in:)``.)
    case value(dealValue: Double, costPerSQL: Double)

    /// Parses `recall:0.8`, `precision:0.25`, `capacity:40`, `f1`, `youden`,
    /// `value:DEAL_VALUE:COST_PER_SQL`.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let numbers = parts.dropFirst().map { Double($0) }
        guard numbers.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        let x = numbers.map { $0! }
        switch (parts[0], x.count) {
        case ("recall", 1) where x[0] > 0 && x[0] <= 1: self = .recall(x[0])
        case ("precision", 1) where x[0] > 0 && x[0] <= 1: self = .precision(x[0])
        case ("capacity", 1) where x[0] > 0: self = .capacity(x[0])
        case ("f1", 0): self = .f1
        case ("youden", 0): self = .youden
        case ("value", 2) where x[0] > 0 && x[1] >= 0: self = .value(dealValue: x[0], costPerSQL: x[1])
        default: return nil
        }
    }

    /// The average value of a won deal in a number column of the history (`--select
    /// value:Amount:2000` takes the deal value from the column `Amount`, as CRMs export it:
    /// `$38,566` is read as 38,566): the mean over won deals with a value, each weighted by the
    /// deals it stands for. `nil` when the column is not a number column or no won deal has a
    /// positive value.
    public static func averageWonValue(column: String, in deals: DealTable) -> Double? {
        guard case .number(let values)? = deals.columns[column] else { return nil }
        var sum = 0.0
        var weight = 0.0
        for i in 0..<deals.count where deals.won[i] {
            guard let v = values[i] else { continue }
            sum += v * deals.weight(i)
            weight += deals.weight(i)
        }
        guard weight > 0, sum > 0 else { return nil }
        return sum / weight
    }

    /// The accepted forms, for usage messages.
    public static let forms = "recall:R, precision:P, capacity:N, f1, youden or value:DEAL_VALUE:COST_PER_SQL"

    public var description: String {
        switch self {
        case .recall(let r): "recall:\(JSONValue.format(r))"
        case .precision(let p): "precision:\(JSONValue.format(p))"
        case .capacity(let n): "capacity:\(JSONValue.format(n))"
        case .f1: "f1"
        case .youden: "youden"
        case .value(let v, let c): "value:\(JSONValue.format((v * 100).rounded() / 100)):\(JSONValue.format(c))"
        }
    }

    /// One line saying what the rule does.
    public var explanation: String {
        func percent(_ x: Double) -> String { JSONValue.format((x * 100 * 1e9).rounded() / 1e9) + "%" }
        switch self {
        case .recall(let r): return "the highest score that at least \(percent(r)) of past won deals reached"
        case .precision(let p): return "the lowest score at which at least \(percent(p)) of SQLs were won"
        case .capacity(let n):
            return "the lowest score that would have made at most \(JSONValue.format(n)) SQLs a period on average"
        case .f1: return "the score with the best balance of recall and SQL-to-won rate (F1)"
        case .youden:
            return "the score that best separates won from lost deals (recall minus the share of lost deals called SQL)"
        case .value(let v, let c):
            return "the score that maximizes won deals × \(JSONValue.format(v)) minus SQLs × \(JSONValue.format(c))"
        }
    }

    /// The row the rule picks, or `nil` when no threshold satisfies it (or the sweep has no won or
    /// no lost deals, or, for `capacity`, no periods).
    public func select(in sweep: ThresholdSweep) -> ThresholdRow? {
        var selection = Selection(self, totalWon: sweep.totalWon, totalLost: sweep.totalLost, periods: sweep.periods)
        for row in sweep.rows {
            if selection.isDone { break }
            selection.consider(row)
        }
        return selection.row
    }

    /// The won deals (weight) a `recall(r)` threshold must reach: counted in deals, not shares,
    /// with a guard against products that are not exact in floating point (0.55 × 100 =
    /// 55.00000000000001, yet exactly 55 of 100 qualify).
    static func wonNeeded(recall r: Double, totalWon: Double) -> Double {
        (r * totalWon - 1e-9 * max(1, totalWon)).rounded(.up)
    }

    /// A rule's pick made from a sweep's rows as they come, highest threshold first: the row
    /// ``select(in:)`` returns, for a caller that makes the rows one at a time and need not keep
    /// them (a bootstrap's thousand sweeps, ``ThresholdSweep/select(_:scores:won:weights:eligible:descendingOrder:periods:)``).
    ///
    /// - `recall`: the first row with enough won deals (then ``isDone``);
    /// - `precision`, `capacity`: the last row that meets the bar;
    /// - `f1`, `youden`, `value`: the row with the largest objective, the first among ties.
    ///
    /// ```swift
    /// var pick = ThresholdRule.Selection(.recall(0.8), totalWon: 10, totalLost: 30, periods: nil)
    /// for row in sweep.rows where !pick.isDone { pick.consider(row) }
    /// pick.row   // sweep.select(.recall(0.8))
    /// ```
    struct Selection {
        private let rule: ThresholdRule
        private let totalLost: Double
        private let periods: Double
        private let needed: Double
        /// The row picked from the rows considered so far.
        private(set) var row: ThresholdRow? = nil
        /// The picked row's objective (`f1`, `youden`, `value`).
        private var topValue = -Double.infinity
        /// Whether no row after those considered can change the pick (or the rule can pick none).
        private(set) var isDone = false

        /// A selection by `rule` on a sweep with these totals and periods.
        init(_ rule: ThresholdRule, totalWon: Double, totalLost: Double, periods: Int?) {
            self.rule = rule
            self.totalLost = totalLost
            self.periods = Double(periods ?? 0)
            if case .recall(let r) = rule {
                needed = ThresholdRule.wonNeeded(recall: r, totalWon: totalWon)
            } else {
                needed = 0
            }
            switch rule {
            case _ where !(totalWon > 0): isDone = true
            case .capacity: isDone = !((periods ?? 0) > 0)
            case .youden: isDone = !(totalLost > 0)
            default: break
            }
        }

        /// Takes the next row (lower threshold than the rows before).
        @inline(__always) mutating func consider(_ r: ThresholdRow) {
            switch rule {
            case .recall:
                if r.won >= needed {
                    row = r
                    isDone = true
                }
            case .precision(let p):
                if r.precision >= p - 1e-12 { row = r }
            case .capacity(let n):
                if (r.won + r.lost) / periods <= n + 1e-9 { row = r }
            case .f1:
                keepBest(r, r.won == 0 ? 0 : 2 * r.precision * r.recall / (r.precision + r.recall))
            case .youden:
                keepBest(r, r.recall - r.lost / totalLost)
            case .value(let v, let c):
                keepBest(r, r.won * v - (r.won + r.lost) * c)
            }
        }

        /// Keeps `r` when its objective beats the best so far (ties go to the earlier, higher
        /// threshold).
        @inline(__always) private mutating func keepBest(_ r: ThresholdRow, _ value: Double) {
            if row == nil || value > topValue + 1e-12 * max(1, abs(topValue)) {
                row = r
                topValue = value
            }
        }
    }
}
