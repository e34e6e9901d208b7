/// Everything a review found, for rendering as text, Markdown, HTML or JSON.
public struct ReviewResult: Sendable {
    /// The deal history file.
    public var dealsFile: String
    /// The current card's file.
    public var cardFile: String
    /// Rows read, used and skipped.
    public var accounting: RowAccounting
    /// First and last `closed_at`.
    public var closedRange: ClosedRange<CalendarDate>?
    /// Won deals used.
    public var won: Int
    /// Lost deals used.
    public var lost: Int
    /// Patterns the fit ran on (``LogisticFit/patternCount``: distinct rows, or every row of a
    /// large history that hardly repeats).
    public var patterns: Int
    /// The penalty used.
    public var penalty: Penalty
    /// Why that penalty.
    public var penaltyReason: String
    /// The fit.
    public var fit: LogisticFit
    /// Points per unit of log-odds.
    public var factor: Double
    /// Whether the revised threshold equals the current card's number.
    public var thresholdKept: Bool
    /// The threshold rule.
    public var rule: ThresholdRule
    /// The current card.
    public var currentCard: Scorecard
    /// The revised card.
    public var revisedCard: Scorecard
    /// The current card on the history.
    public var current: CardEvaluation
    /// The current card without the rules the decisions drop (same points, same threshold), on the
    /// same deals: the fair comparison when the current card leaned on a leaky rule. `nil` when no
    /// rule is dropped.
    public var currentWithoutDropped: CardEvaluation? = nil
    /// With `--recent-won N`: the bar over the N latest won deals beside the whole history's.
    public var recentWon: RecentWonBar? = nil
    /// The revised card on the history.
    public var revised: CardEvaluation
    /// Per rule, old → new.
    public var changes: [RuleChange]
    /// Notes and warnings for the reader.
    public var notes: [String]
    /// What rounding to whole points cost in ranking.
    public var roundingCost: PointsScaler.RoundingCost
    /// The bootstrap interval of the revised card's threshold, recall and precision.
    public var thresholdInterval: ThresholdInterval?
    /// With dual bars on the card: the best (fit, behavior) pairs at the recall target.
    public var dualBars: [DualThresholdRow]
    /// Periods the history spans (for capacity rules), when it has dates.
    public var periods: Int?
    /// The period length.
    public var per: Period
    /// Per-rule diagnostics and flags, and candidate rules.
    public var signals: SignalReport?
    /// The card that was refitted: the current card less the dropped rules (current points).
    public var fittedCard: Scorecard? = nil
    /// Per rule of ``fittedCard``, the points its exhaustive group was shifted by
    /// (``PointsScaler/Result/shifts``; empty when no group was shifted).
    public var pointShifts: [Double] = []
    /// Exactly one decision per rule of the current card, in card order.
    public var decisions: [RuleDecision] = []
    /// What leaving the dropped rules out of the refit changed.
    public var leftOut: LeftOutEffect? = nil
    /// With a platform: what keeping to its limits cost (AUC, SQLs, threshold, reachable maximum).
    public var limitsCost: LimitsCost? = nil
    /// The last quarter held out: both cards on deals the refit did not see.
    public var holdout: BacktestResult?
    /// What the revised card's score means: observed win rate by score band, the fitted curve, and
    /// its calibration slope and intercept on the held-out quarter when there is one (in-sample
    /// otherwise; ``ScoreMeaning/on`` says which).
    public var calibration: ScoreMeaning? = nil
    /// The half-lives of the card's decaying rules estimated from the outcomes (only rules with
    /// `halfLifeDays`; `scorecard decay` estimates any dated behavior rule).
    public var decay: DecayReport? = nil
    /// How many deals the refit needs (Riley et al., BMJ 2020) against how many it had.
    public var sampleSize: ReviewSampleSize? = nil
    /// The revised card's commonest next step for the deals one behavior short of its bar in the
    /// latest period (`nil` without dates or without such deals).
    public var nextStep: NextStepSummary? = nil

    /// Set when the history had too few deals of the rarer outcome to revise the card on
    /// (``QuarterlyReview/minimumRarerOutcome``): the revised card is the current one.
    public var leftAlone = false

    /// Makes the revised card the current one (same points, same threshold) and every decision a
    /// `keep`, saying why: `rarer` deals of the rarer outcome (won deals when `won`) are an
    /// anecdote, not evidence. The fit stays in the result as what the deals show.
    mutating func leaveCardAlone(rarer: Int, won: Bool) {
        let outcome = won ? "won" : "lost"
        let anecdote =
            "only \(rarer) \(outcome) deal\(rarer == 1 ? "" : "s") in this history: \(rarer == 1 ? "one deal is an anecdote" : "too few to learn from"), not evidence, so the card is left as it is (a review revises a card on at least \(QuarterlyReview.minimumRarerOutcome) won and \(QuarterlyReview.minimumRarerOutcome) lost deals)"
        leftAlone = true
        var card = currentCard
        card.name = revisedCard.name
        card.metadata = revisedCard.metadata
        revisedCard = card
        revised = current
        thresholdKept = true
        changes = changes.map {
            var c = $0
            c.newPoints = c.oldPoints
            return c
        }
        decisions = currentCard.rules.map {
            RuleDecision(
                id: $0.id, action: .keep, oldPoints: $0.points, newPoints: $0.points, flags: [], why: anecdote,
                summary: "kept: \(anecdote)")
        }
        leftOut = nil
        currentWithoutDropped = nil
        limitsCost = nil
        thresholdInterval = nil
        dualBars = []
        holdout = nil
        calibration = nil
        notes.insert(anecdote.prefix(1).uppercased() + anecdote.dropFirst(), at: 0)
    }

    /// The rules whose points moved most, largest first (rules with a fitted estimate only).
    public func biggestChanges(_ k: Int = 3) -> [RuleChange] {
        Array(
            changes.filter { $0.exclusion == nil && !$0.keptAsTooRare && $0.change != 0 }.sorted {
                abs($0.change) > abs($1.change)
            }.prefix(k))
    }
}
