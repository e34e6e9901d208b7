/// The weight of a rule fitted on one period of the history.
public struct PeriodWeight: Sendable, Equatable {
    /// The period's label (`2025-Q3` or `2025-H2`).
    public var period: String
    /// Deals in the period.
    public var deals: Int
    /// The fitted coefficient, or `nil` when the rule does not vary within the period.
    public var coefficient: Double?
    /// Its standard error.
    public var stdError: Double?
}

/// Observed against implied win rates for one bucket of an AI score.
public struct CalibrationBucket: Sendable, Equatable {
    /// The bucket's score range (lower bound included, upper excluded except for the top bucket).
    public var range: ClosedRange<Double>
    /// Deals in the bucket.
    public var deals: Int
    /// Won deals in the bucket.
    public var won: Int
    /// The observed win rate.
    public var observed: Double
    /// Its 95% Wilson interval.
    public var observedInterval: ClosedRange<Double>
    /// The win rate the score implies (the bucket's midpoint read as a percentage).
    public var implied: Double
    /// The implied rate lies above the observed rate's interval.
    public var overConfident: Bool { implied > observedInterval.upperBound }
}

/// Everything the diagnostics found about one rule.
public struct RuleDiagnosis: Sendable {
    /// The rule, as on the current card.
    public var rule: Rule
    /// Won deals the rule fires for.
    public var firedWon: Int
    /// Lost deals the rule fires for.
    public var firedLost: Int
    /// Won share of the deals it fires for.
    public var precisionWhenFired: Double
    /// 95% Wilson interval of that share.
    public var precisionInterval: ClosedRange<Double>
    /// Precision when fired over the base win rate.
    public var lift: Double
    /// Positive likelihood ratio: (fired won / won) / (fired lost / lost).
    public var likelihoodRatio: Double
    /// Its 95% interval (Katz's log method, ½ added to a zero count):
    /// `exp(ln LR ± 1.96 · √(1/a − 1/W + 1/c − 1/L))` with a, c the fired won and lost counts.
    public var likelihoodRatioInterval: ClosedRange<Double> {
        SignalDiagnostics.likelihoodRatioInterval(firedWon: firedWon, won: won, firedLost: firedLost, lost: lost)
    }
    /// Won deals in the history.
    public var won: Int
    /// Lost deals in the history.
    public var lost: Int
    /// Weight of evidence of firing: ln of the likelihood ratio (with ½ added to each count).
    public var weightOfEvidence: Double
    /// Information value over the two bins fired / not fired.
    public var informationValue: Double
    /// Points on the current card.
    public var assignedPoints: Double
    /// Fitted points on the current card's scale (factor × coefficient), when fitted.
    public var fittedPoints: Double?
    /// 95% interval of the fitted points.
    public var fittedInterval: ClosedRange<Double>?
    /// SQLs under the current card (its ``Qualification``: threshold and dual bars).
    public var sqlCount: Int
    /// Lost SQLs that reach the threshold only because of this rule.
    public var inflatedLost: Int
    /// Won SQLs that would drop below the threshold without this rule (the other side of the trade).
    public var inflatedWon: Int
    /// `inflatedLost` as a share of all SQLs.
    public var sqlInflation: Double { sqlCount > 0 ? Double(inflatedLost) / Double(sqlCount) : 0 }
    /// The fitted weight per period.
    public var periods: [PeriodWeight]
    /// p-value of Cochran's Q for equal weights across periods.
    public var heterogeneityP: Double?
    /// Rules it overlaps with, and the correlation of their columns.
    public var overlaps: [(id: String, correlation: Double)]
    /// Variance inflation factor of its column.
    public var varianceInflation: Double?
    /// For AI rules: calibration of the underlying score by bucket.
    public var calibration: [CalibrationBucket]
    /// Why the signal looks recorded after the fact, if it does.
    public var leakage: String?
    /// The flags raised.
    public var flags: [SignalFlag]
    /// One plain-English reason per flag, naming the numbers behind it.
    public var reasons: [String]
}

/// A column of the history the card does not use, with a suggested rule.
public struct CandidateRule: Sendable {
    /// The suggested rule (points from a one-rule fit on the card's scale).
    public var rule: Rule
    /// Won deals it fires for.
    public var firedWon: Int
    /// Lost deals it fires for.
    public var firedLost: Int
    /// Precision when fired over the base win rate.
    public var lift: Double
    /// Information value of fired / not fired.
    public var informationValue: Double
    /// Set when the column looks recorded after the fact: then it must not be added.
    public var leakage: String?
}
