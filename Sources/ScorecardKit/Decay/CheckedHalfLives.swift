/// A card's half-lives checked against the outcomes: each dated behavior rule's `halfLifeDays`
/// that the data exclude (outside the 95% interval of ``DecayEstimator``'s estimate) is replaced
/// by the estimate. The review fits this card, and `scorecard backtest` tests it, so both refit
/// the same card.
///
/// ```swift
/// let checked = try CheckedHalfLives(card: current, deals: deals)
/// checked.card              // the card the refit uses
/// checked.replaced.first    // (ruleID: "pricing_page", current: 30, estimate: 120, …)
/// ```
public struct CheckedHalfLives: Sendable {
    /// One half-life the data exclude, and what replaced it.
    public struct Replacement: Sendable, Equatable {
        /// The rule.
        public var ruleID: String
        /// The card's half-life, in days.
        public var current: Double
        /// The estimate that replaced it (`nil`: no decay).
        public var estimate: Double?
        /// The estimate's 95% interval, in days (`high` `nil`: unbounded).
        public var low: Double
        /// The upper end of the interval (`nil`: unbounded above).
        public var high: Double?
    }

    /// The card with the excluded half-lives replaced (the card itself when none is).
    public var card: Scorecard
    /// The estimates, when the card has decaying rules.
    public var report: DecayReport?
    /// The half-lives replaced, in card order (estimates rounded to whole days).
    public var replaced: [Replacement]

    /// Checks every behavior rule of `card` that has `halfLifeDays` against `deals`.
    ///
    /// - Throws: what ``DecayEstimator/estimate(card:deals:asOf:only:)`` throws.
    public init(card: Scorecard, deals: DealTable) throws {
        self.card = card
        replaced = []
        report = nil
        let decaying = Set(card.rules.filter { $0.halfLifeDays != nil && $0.kind == .behavior }.map(\.id))
        guard !decaying.isEmpty else { return }
        let report = try DecayEstimator().estimate(card: card, deals: deals, only: decaying)
        self.report = report
        for e in report.rules {
            guard let j = card.rules.firstIndex(where: { $0.id == e.ruleID }), let current = card.rules[j].halfLifeDays
            else { continue }
            if current < e.ciLow || (e.ciHigh.map { current > $0 } ?? false) {
                // Whole days, as a CRM's decay setting takes them (and as the review prints them).
                let days = e.halfLifeDays.map { max(1, $0.rounded()) }
                self.card.rules[j].halfLifeDays = days
                replaced.append(
                    Replacement(ruleID: e.ruleID, current: current, estimate: days, low: e.ciLow, high: e.ciHigh))
            }
        }
    }
}
