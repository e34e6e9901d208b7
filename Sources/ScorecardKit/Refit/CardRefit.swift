/// How a card is refitted and scaled to whole points: the recipe the review uses, and the one it
/// hands the back-test so that every training window is revised exactly as the review revises the
/// whole history (without the back-test ever calling the review).
///
/// The steps: fit the card's rules (``CardFit``, with the requested or the chosen penalty); keep
/// the current points of rules that fire for fewer than ``Recipe/minimumFiring`` deals (an
/// estimate from a handful of deals means nothing); scale the fit with ``PointsScaler`` (by
/// default so that the selection rule lands on the card's threshold number).
///
/// ```swift
/// let recipe = CardRefit(penalty: nil, rule: .recall(0.8))
/// let refit = try recipe.run(card: current, design: DesignMatrix(card: current, deals: deals))
/// refit.revisedCard.threshold   // 80: the number is kept
/// ```
public struct CardRefit: Sendable {
    /// The penalty, or `nil` to choose by history size and separation.
    public var penalty: Penalty?
    /// The selection rule (the 80% rule by default).
    public var rule: ThresholdRule
    /// Points are multiples of this.
    public var step: Double
    /// How points are scaled; `nil` keeps the current card's threshold number.
    public var method: PointsScaler.Method?
    /// Platform limits on points.
    public var limits: PointsScaler.Limits
    /// The fewest deals a rule must fire for before its points are refitted.
    public var minimumFiring: Int
    /// Rules (by id) left out of the refit and of the revised card (the decisions' drops).
    public var leaveOut: Set<String>
    /// A CRM whose documented limits the points keep to (on top of `limits`); the result then
    /// says what they cost.
    public var platform: Platform?
    /// Where the fit starts (intercept first, one coefficient per rule that is not left out),
    /// e.g. the whole history's fit for a back-test's training window: fewer passes, the same
    /// answer.
    public var start: [Double]?
    /// Months or quarters the refitted history spans, for a `capacity` selection rule (SQLs per
    /// period); see ``spanning(_:)``.
    public var periods: Int?
    /// Whether a refit under limits also says what they cost (``Result/limitsCost``: two more
    /// scalings); a back-test's training windows do without.
    public var reportsLimitsCost = true
    /// The period a `capacity` rule counts SQLs per.
    public var per: Period = .quarter
    /// `--recent-won N`: the `recall:` rule counts only the N most recently closed won deals
    /// (``RecentWon``); `nil` counts every won deal.
    public var recentWon: Int?
    /// Which rows of the design a refit runs on are those N deals (set by ``resolvingRecentWon(in:)``
    /// for a whole history, or by the back-test for each training window).
    public var recentWonRows: [Bool]?

    /// This recipe with ``recentWonRows`` set for `deals` (unchanged without ``recentWon``).
    ///
    /// - Throws: ``ThresholdError`` when the history cannot give N recent won deals, or the rule
    ///   is not a `recall:` rule.
    public func resolvingRecentWon(in deals: DealTable) throws -> CardRefit {
        guard let n = recentWon else { return self }
        // Already resolved for these deals (the review resolves it before the decisions do).
        if recentWonRows?.count == deals.count { return self }
        guard case .recall = rule else { throw ThresholdError.recentWonNeedsRecallRule(rule: rule.description) }
        var recipe = self
        recipe.recentWonRows = try RecentWon(count: n, deals: deals).rows
        return recipe
    }

    /// This recipe for a history whose deals closed over `range`: ``periods`` counted in ``per``
    /// (each back-test window spans its own number of periods).
    public func spanning(_ range: ClosedRange<CalendarDate>?) -> CardRefit {
        var recipe = self
        recipe.periods = range.map { per.count(spanning: $0) }
        return recipe
    }

    /// The fewest deals a rule must fire for by default (10).
    public static let defaultMinimumFiring = 10

    /// Creates a recipe; the defaults are an automatic penalty, the 80% rule and integer points
    /// that keep the threshold number.
    public init(
        penalty: Penalty? = nil, rule: ThresholdRule = .recall(0.8), step: Double = 1,
        method: PointsScaler.Method? = nil,
        limits: PointsScaler.Limits = .init(), minimumFiring: Int = CardRefit.defaultMinimumFiring,
        leaveOut: Set<String> = [],
        platform: Platform? = nil
    ) {
        self.penalty = penalty
        self.rule = rule
        self.step = step
        self.method = method
        self.limits = limits
        self.minimumFiring = minimumFiring
        self.leaveOut = leaveOut
        self.platform = platform
    }

    /// What a refit produced.
    public struct Result: Sendable {
        /// The card that was fitted: the current card less the rules left out.
        public var card: Scorecard
        /// The history encoded with ``card``'s rules.
        public var design: DesignMatrix
        /// The fit, with its penalty and why.
        public var fitted: CardFit
        /// The scaled card and what scaling cost.
        public var scaled: PointsScaler.Result
        /// Won and lost deals each rule of ``card`` fires for, in card order.
        public var fired: [RuleFiring]
        /// Rules that kept their current points because they fire too rarely.
        public var keptAsTooRare: Set<Int>
        /// With a platform: the card scaled without and within its limits, compared.
        public var limitsCost: LimitsCost?

        /// The revised card (same rules, new points).
        public var revisedCard: Scorecard { scaled.card }
    }

    /// Encodes `deals` with `card` and refits: what `scorecard fit` runs.
    ///
    /// - Throws: ``DealDataError`` (one outcome only, a rule that does not fit the data),
    ///   ``FitError``.
    public func run(deals: DealTable, card: Scorecard) throws -> Result {
        try deals.requireBothOutcomes()
        return try run(card: card, design: DesignMatrix(card: card, deals: deals))
    }

    /// Refits `card` on `design` (the history encoded with `card`'s rules).
    ///
    /// - Throws: ``FitError`` (collinear rules, or separation under an explicit `none` penalty).
    public func run(card full: Scorecard, design fullDesign: DesignMatrix) throws -> Result {
        let kept = full.ruleIndices(excluding: leaveOut)
        let (card, design) =
            kept.count == full.rules.count
            ? (full, fullDesign) : (full.keepingRules(kept), fullDesign.selectingColumns(kept))
        // The patterns serve the scaling too; they go when this returns (see CardFit.patterns).
        let patterns = PatternTable(design)
        let fitted = try CardFit(design: design, patterns: patterns, card: card, requested: penalty, start: start)
        let fired = RuleFiring.count(fitted.fit, design: design)
        let rare = Set(card.rules.indices.filter { fired[$0].deals < minimumFiring })
        var scaler = PointsScaler(
            method: method ?? .keepThreshold(card.threshold, rule: rule), step: step, limits: limits, periods: periods)
        if let rows = recentWonRows, rows.count == design.rowCount {
            scaler.selectionWeights = RecentWon.selectionWeights(rows: rows, won: design.won, weights: design.weights)
        }
        var within = scaler
        if let platform { within.limits = limits.tightened(by: platform.limits) }
        let scaled = within.scale(fitted.fit, card: card, design: design, keepCurrent: rare, patterns: patterns)
        let cost =
            within.limits.bindsPoints && reportsLimitsCost
            ? scaler.limitsCost(
                within.limits, describedAs: within.limits.described(platform: platform), platform: platform,
                fit: fitted.fit, card: card,
                design: design, keepCurrent: rare, patterns: patterns, scaledWithin: scaled.card)
            : nil
        return Result(
            card: card, design: design, fitted: fitted, scaled: scaled, fired: fired, keptAsTooRare: rare,
            limitsCost: cost)
    }
}

/// Won and lost deals (weights) one rule fires for.
public struct RuleFiring: Sendable, Equatable {
    /// Won deals it fires for.
    public var won: Int
    /// Lost deals it fires for.
    public var lost: Int
    /// All deals it fires for.
    public var deals: Int { won + lost }

    /// Creates a count.
    public init(won: Int, lost: Int) {
        self.won = won
        self.lost = lost
    }

    /// Per rule of `fit` (fitted on `design`), the won and lost deals it fires for: read off the
    /// fit (``LogisticFit/firedWon``), which counted them before fitting, when every deal's weight
    /// is a whole number; counted over `design` otherwise.
    public static func count(_ fit: LogisticFit, design: DesignMatrix) -> [RuleFiring] {
        readOff(fit, design: design) ?? count(design)
    }

    /// Per rule of `fit` (fitted on `design`), the won and lost deals it fires for as the fit
    /// counted them (``LogisticFit/firedWon``), when that is exact: the same rules, every deal's
    /// weight a whole number; `nil` otherwise.
    public static func readOff(_ fit: LogisticFit, design: DesignMatrix) -> [RuleFiring]? {
        guard fit.ruleIDs == design.ruleIDs, fit.firedWon.count == design.columnCount, design.hasWholeWeights else {
            return nil
        }
        return zip(fit.firedWon, fit.firedLost).map { RuleFiring(won: Int($0), lost: Int($1)) }
    }

    /// Per column of `design`, the won and lost deals whose value is positive.
    public static func count(_ design: DesignMatrix) -> [RuleFiring] {
        var fired = [RuleFiring](repeating: .init(won: 0, lost: 0), count: design.columnCount)
        for i in 0..<design.rowCount {
            let w = Int(design.weight(i))
            for j in 0..<design.columnCount where design[i, j] > 0 {
                if design.won[i] { fired[j].won += w } else { fired[j].lost += w }
            }
        }
        return fired
    }
}
