/// A revised-minus-current difference with its 95% bootstrap interval.
public struct Difference: Sendable, Equatable {
    /// The difference on the test period.
    public var value: Double
    /// Lower end of the 95% interval.
    public var low: Double
    /// Upper end of the 95% interval.
    public var high: Double
}

/// A deal whose SQL status changes between the current and the revised card.
public struct DealFlip: Sendable, Equatable {
    /// The deal's id (or its line when the history has no `deal_id`).
    public var dealID: String
    /// `true` when the revised card makes it an SQL, `false` when it stops being one.
    public var becameSQL: Bool
    /// Whether the deal was won.
    public var won: Bool
}

/// One test period of a back-test.
public struct BacktestPeriod: Sendable {
    /// The period (`2025-Q3`, `2025-07`).
    public var period: String
    /// Deals in the period.
    public var deals: Int
    /// Won deals in the period.
    public var won: Int
    /// Deals the revised card was fitted on.
    public var trainingDeals: Int
    /// The training window (`2024-Q4–2025-Q2`).
    public var trainingPeriods: String
    /// PSI of the revised card's scores, test period against training window.
    public var psi: Double
    /// The current card on the period.
    public var current: CardMetrics
    /// The revised card on the period.
    public var revised: CardMetrics
    /// The current card without the rules the decisions drop, on the period (when the back-test
    /// was told which; see ``Backtest/Options/dropped``).
    public var currentWithoutDropped: CardMetrics? = nil
    /// The revised card's threshold.
    public var revisedThreshold: Double
    /// Revised − current AUC with its interval.
    public var aucDifference: Difference?
    /// Revised − current precision at the rule's recall, with its interval.
    public var precisionDifference: Difference?
    /// Deals that change SQL status.
    public var flips: [DealFlip] = []
    /// CSI per rule (rule id, index).
    public var characteristicStability: [(ruleID: String, csi: Double)] = []
    /// The revised card's score → win-rate curve fitted on the training window, checked on this
    /// period's deals (bands, calibration slope and intercept).
    public var scoreMeaning: ScoreMeaning? = nil

    init(
        period: String, deals: Int, won: Int, trainingDeals: Int, trainingPeriods: String, psi: Double,
        current: CardMetrics, revised: CardMetrics,
        revisedThreshold: Double
    ) {
        self.period = period
        self.deals = deals
        self.won = won
        self.trainingDeals = trainingDeals
        self.trainingPeriods = trainingPeriods
        self.psi = psi
        self.current = current
        self.revised = revised
        self.revisedThreshold = revisedThreshold
    }

    /// Whether the period has too few deals to compare the cards on: fewer than
    /// ``Backtest/minimumPeriodDeals`` deals, or fewer than ``Backtest/minimumPeriodOutcome`` of
    /// either outcome. Its figures are shown but never headlined.
    public var tooFew: Bool {
        deals < Backtest.minimumPeriodDeals || min(won, deals - won) < Backtest.minimumPeriodOutcome
    }

    /// Deals that become SQLs under the revised card, and how many of them were won.
    public var becameSQL: (deals: Int, won: Int) {
        (flips.filter(\.becameSQL).count, flips.filter { $0.becameSQL && $0.won }.count)
    }
    /// Deals that stop being SQLs, and how many of them were won.
    public var stoppedSQL: (deals: Int, won: Int) {
        (flips.filter { !$0.becameSQL }.count, flips.filter { !$0.becameSQL && $0.won }.count)
    }
}

/// The result of a back-test.
public struct BacktestResult: Sendable {
    /// Period length.
    public var per: Period
    /// Rolling window length, or `nil` for expanding.
    public var window: Int?
    /// The threshold rule.
    public var rule: ThresholdRule
    /// One entry per test period.
    public var periods: [BacktestPeriod]
    /// Every test deal together (probabilities from each period's calibration).
    public var pooled: (current: CardMetrics, revised: CardMetrics)?
    /// Whether the revised card was refitted per window (else a fixed `--against` card).
    public var refitted: Bool
    /// Notes for the reader.
    public var notes: [String]

    /// The latest period with enough deals to compare the cards on (see
    /// ``BacktestPeriod/tooFew``), the one a summary headlines.
    public var latestComparable: BacktestPeriod? { periods.last { !$0.tooFew } }

    /// `{"periods": [{"period", "deals", "won", "psi", "current": M, "revised": M, …}], "pooled": …}`.
    public var json: JSONValue {
        let periodValues: [JSONValue] = periods.map(\.json)
        let windowValue: JSONValue = window.map { .number(Double($0)) } ?? .string("expanding")
        var pooledValue: JSONValue = .null
        if let pooled { pooledValue = .object([("current", pooled.current.json), ("revised", pooled.revised.json)]) }
        return .object([
            ("by", .string(per.rawValue)), ("window", windowValue), ("rule", .string(rule.description)),
            ("refitted", .bool(refitted)),
            ("periods", .array(periodValues)), ("pooled", pooledValue), ("notes", .array(notes.map(JSONValue.string))),
        ])
    }
}

extension Difference {
    /// `{"value", "low", "high"}`.
    public var json: JSONValue { .object([("value", .finite(value)), ("low", .finite(low)), ("high", .finite(high))]) }
}

extension BacktestPeriod {
    /// The period as JSON (DESIGN.md's keys and more).
    public var json: JSONValue {
        let flipValues: [JSONValue] = flips.map {
            .object([("dealId", .string($0.dealID)), ("becameSQL", .bool($0.becameSQL)), ("won", .bool($0.won))])
        }
        let csi: [JSONValue] = characteristicStability.map {
            .object([
                ("id", .string($0.ruleID)), ("csi", .finite($0.csi)),
                ("band", .string(PopulationStability.band($0.csi))),
            ])
        }
        var members: [(String, JSONValue)] = [
            ("period", .string(period)), ("deals", .number(Double(deals))), ("won", .number(Double(won))),
            ("tooFew", .bool(tooFew)),
        ]
        members += [("trainingDeals", .number(Double(trainingDeals))), ("trainingPeriods", .string(trainingPeriods))]
        members += [
            ("psi", .finite(psi)), ("psiBand", .string(PopulationStability.band(psi))), ("current", current.json),
            ("revised", revised.json),
        ]
        if let currentWithoutDropped { members.append(("currentWithoutDropped", currentWithoutDropped.json)) }
        members += [
            ("aucDifference", aucDifference?.json ?? .null),
            ("precisionDifference", precisionDifference?.json ?? .null),
        ]
        members += [("becameSQL", .number(Double(becameSQL.deals))), ("becameSQLWon", .number(Double(becameSQL.won)))]
        members += [
            ("stoppedSQL", .number(Double(stoppedSQL.deals))), ("stoppedSQLWon", .number(Double(stoppedSQL.won))),
        ]
        members += [("flips", .array(flipValues)), ("characteristicStability", .array(csi))]
        return .object(members)
    }
}
