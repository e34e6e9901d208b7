/// Turns fitted log-odds coefficients into whole points.
///
/// A card's score has no intercept: a lead scores `Σ points_j · x_j`. Points are the coefficients
/// times one factor s (points per unit of log-odds), rounded to the step:
/// ```
/// points_j = step · round(s · β_j / step)
/// ```
/// The factor comes from the ``Method``:
/// - ``Method/keepThreshold(_:rule:)`` (the default): s is chosen so that the selection rule (the
///   80% rule by default) picks the current card's threshold number on the revised card's rounded
///   scores, so a CRM automation that says "score ≥ 80 → SQL" keeps working. The exact factor is
///   `T / r*`, where r* is the rule's threshold on the unrounded log-odds scores; rounding moves the
///   scores a little, so factors within ±30% of it are tried, nearest first, until the rounded card
///   selects exactly T.
/// - ``Method/maxScore(_:rule:)``: s makes the highest score a lead can reach equal N.
/// - ``Method/pdo(_:anchor:rule:)``: s = P / ln 2, so P points double the odds (optbinning's
///   `pdo_odds`: factor = pdo/ln 2, offset = points − factor·ln(odds)). A points card has no
///   intercept, so the anchor cannot be built into the points: the card score at which the odds
///   are even is −β₀·s, and ``Result/anchorOffset`` is what to add to every lead for a score of S
///   to mean even odds.
///
/// Exhaustive groups are shifted. The rules of a ``RuleGroup`` that is exhaustive on the history
/// (``GroupCoverage``: every deal fires exactly one of them, such as a rule for every lead source)
/// may all take one constant more points without changing any ranking: every deal's score moves by
/// that constant. Each such group g is shifted so that its lowest level sits at 0 points, so no
/// group needs a negative floor: with m_g the smallest fitted coefficient of its levels (0 for the
/// reference level, so m_g ≤ 0), level j's points are `s·β_j + c_g` with `c_g = −s·m_g`, and a
/// deal scores `s·η + Σ_g c_g`, where η = Σ β_j x_j is its fitted log-odds less the intercept.
/// The selection rule's threshold moves with the scores, so on the shifted card it is
/// ```
/// T = s·r* + Σ_g c_g = s·(r* − Σ_g m_g),   hence   s = T / (r* − Σ_g m_g),
/// ```
/// with r* the rule's threshold on η: the keep-threshold factor is T over the rule's threshold
/// on the shifted log-odds β′_j = β_j − m_g, and the search above runs on β′. A card whose bar
/// r* ≤ 0 could not keep a positive T unshifted; shifted, r* − Σ m_g is positive unless rules
/// outside the groups pull it down. ``Result/shift(ofRule:)`` is c_g (in the revised card's
/// points, 0 outside exhaustive groups) and ``Result/pointsInterval(ofRule:estimate:)`` moves a
/// rule's fitted interval by it. A group that is not exhaustive cannot be shifted (its uncovered
/// deals sit at 0 points); when that leaves the bar at or below 0, a note says so and what to add.
/// Under limits that bind the points (``Limits/bindsPoints``) no group is shifted: the integer
/// search places every level within them, the reference level held at 0 (a shifted start at the
/// edge of a rule cap let it wander to the mirror-image card, which its own-slope loss cannot
/// tell apart).
///
/// Negative points are kept. Platform limits (``Limits``, or a ``Platform``'s) cap each rule's
/// points, the highest reachable total and each kind's subscore (an `each` rule counted up to its
/// cap), and set the step (HubSpot caps scores at 100 on Professional, 500 on Enterprise).
///
/// ```swift
/// let scaled = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)))
///     .scale(fit, card: current, design: design)
/// scaled.card.threshold   // 80
/// ```
public struct PointsScaler: Sendable {
    /// How the factor is chosen.
    public enum Method: Sendable, Equatable {
        /// The threshold the rule picks lands on this number.
        case keepThreshold(Double, rule: ThresholdRule)
        /// The highest reachable score is this number; the rule picks the threshold.
        case maxScore(Double, rule: ThresholdRule)
        /// This many points double the odds; `anchor` is the score meant to be even odds.
        case pdo(Double, anchor: Double?, rule: ThresholdRule)

        var rule: ThresholdRule {
            switch self {
            case .keepThreshold(_, let r), .maxScore(_, let r), .pdo(_, _, let r): r
            }
        }

        /// Parses `keep-threshold`, `max:N`, `pdo:P` or `pdo:P@S`, with the threshold number of the
        /// current card and the selection rule.
        public init?(parsing text: String, threshold: Double, rule: ThresholdRule) {
            if text == "keep-threshold" {
                self = .keepThreshold(threshold, rule: rule)
                return
            }
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            switch parts[0] {
            case "max":
                guard let n = Double(parts[1]), n > 0, n.isFinite else { return nil }
                self = .maxScore(n, rule: rule)
            case "pdo":
                let pa = parts[1].split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard let p = Double(pa[0]), p > 0, p.isFinite else { return nil }
                var anchor: Double? = nil
                if pa.count == 2 {
                    guard let a = Double(pa[1]), a.isFinite else { return nil }
                    anchor = a
                }
                self = .pdo(p, anchor: anchor, rule: rule)
            default: return nil
            }
        }
    }

    /// Platform limits on the points (see ``Platform/limits`` for the ones CRMs document).
    public struct Limits: Sendable, Equatable {
        /// The largest |points| a rule may carry.
        public var ruleCap: Double?
        /// The highest total score a lead may reach (the sum of the positive points, an `each` rule
        /// counted up to its cap).
        public var maxTotal: Double?
        /// The highest score each kind of rule (fit, behavior) may reach on its own: a platform's
        /// per-group or per-category maximum.
        public var groupMax: Double?
        /// Points must be multiples of this (1: whole points); the scaler's own step is raised to a
        /// multiple of it.
        public var step: Double?
        /// The highest score the fit rules may reach on their own (`--group-cap fit:T`).
        public var fitMax: Double?
        /// The highest score the behavior rules may reach on their own (`--group-cap behavior:T`).
        public var behaviorMax: Double?
        /// Keep each rule's sign: a rule with positive points on the current card gets points ≥ 0,
        /// a negative one ≤ 0 (`--keep-signs`).
        public var keepSigns: Bool

        /// Creates limits; `nil` means none.
        public init(
            ruleCap: Double? = nil, maxTotal: Double? = nil, groupMax: Double? = nil, step: Double? = nil,
            fitMax: Double? = nil, behaviorMax: Double? = nil, keepSigns: Bool = false
        ) {
            self.ruleCap = ruleCap
            self.maxTotal = maxTotal
            self.groupMax = groupMax
            self.step = step
            self.fitMax = fitMax
            self.behaviorMax = behaviorMax
            self.keepSigns = keepSigns
        }

        /// Both sets of limits at once: the smaller of each bound, the coarser step.
        public func tightened(by other: Limits) -> Limits {
            func least(_ a: Double?, _ b: Double?) -> Double? { a.map { x in b.map { min(x, $0) } ?? x } ?? b }
            return Limits(
                ruleCap: least(ruleCap, other.ruleCap), maxTotal: least(maxTotal, other.maxTotal),
                groupMax: least(groupMax, other.groupMax),
                step: step.map { x in other.step.map { max(x, $0) } ?? x } ?? other.step,
                fitMax: least(fitMax, other.fitMax), behaviorMax: least(behaviorMax, other.behaviorMax),
                keepSigns: keepSigns || other.keepSigns)
        }

        /// The highest score one kind's rules may reach: the smaller of ``groupMax`` and the
        /// kind's own cap.
        public func kindCap(_ kind: RuleKind) -> Double? {
            let own = kind == .fit ? fitMax : behaviorMax
            return own.map { x in groupMax.map { min(x, $0) } ?? x } ?? groupMax
        }

        /// Whether any bound on the points is set (a step alone is not a bound).
        public var bindsPoints: Bool {
            ruleCap != nil || maxTotal != nil || groupMax != nil || fitMax != nil || behaviorMax != nil || keepSigns
        }

        /// The step points are rounded to: `step` raised to a multiple of the platform's.
        func effectiveStep(_ step: Double) -> Double {
            guard let unit = self.step, unit > 0 else { return step }
            return unit * max(1, (step / unit).rounded())
        }
    }

    /// How much ranking the rounding to whole points cost.
    public struct RoundingCost: Sendable, Equatable {
        /// AUC of the unrounded scores (factor × log-odds).
        public var aucExact: Double
        /// AUC of the rounded card.
        public var aucRounded: Double
        /// Kendall's τ-b between unrounded and rounded scores (1: same order).
        public var kendallTau: Double
    }

    /// The most patterns (distinct rows) on which rounded points without limits are checked
    /// against a local search (above it the check would cost more than the fit).
    public static let localSearchPatterns = 50_000

    /// The scaling method.
    public var method: Method
    /// Points are multiples of this (1 for integers).
    public var step: Double
    /// Platform limits.
    public var limits: Limits
    /// Months or quarters the history spans, for a `capacity` selection rule (SQLs per period).
    public var periods: Int?
    /// The weights the selection rule counts deals with, one per row of the design, when they
    /// differ from the design's: ``RecentWon/selectionWeights(won:weights:)`` for a `recall:`
    /// rule counted over the latest won deals (`--recent-won`). `nil`: the design's weights.
    public var selectionWeights: [Double]?

    /// Creates a scaler.
    public init(method: Method, step: Double = 1, limits: Limits = Limits(), periods: Int? = nil) {
        precondition(step > 0, "step must be > 0; got \(step)")
        self.method = method
        self.step = step
        self.limits = limits
        self.periods = periods
    }

    /// The result of scaling.
    public struct Result: Sendable {
        /// The revised card (same rules, new points, threshold selected on its scores).
        public var card: Scorecard
        /// Points per unit of log-odds.
        public var factor: Double
        /// Unrounded points per rule (`factor · β`).
        public var exactPoints: [Double]
        /// Whether the selected threshold equals the requested number (keep-threshold only).
        public var thresholdKept: Bool
        /// For `pdo:P@S`: points to add to every lead so that a score of S means even odds.
        public var anchorOffset: Double?
        /// Notes for the reader (a threshold that could not be kept, a limit that bound).
        public var notes: [String]
        /// Under limits: the points rounding and cutting gave, before the integer search improved
        /// on them (`nil` when no limit binds the points).
        public var roundedPoints: [Double]? = nil
        /// Per rule, the points added to its exact points `factor · β` (``exactPoints`` holds the
        /// sum): its exhaustive group's shift c_g, 0 for a rule in no exhaustive group (see the
        /// type's documentation).
        public var shifts: [Double] = []

        /// The points every rule of rule `j`'s exhaustive group was shifted by (0 for a rule in
        /// none): a fitted coefficient β_j is worth `factor · β_j + shift(ofRule: j)` points.
        public func shift(ofRule j: Int) -> Double { j < shifts.count ? shifts[j] : 0 }

        /// The 95% interval of rule `j`'s points on the revised card's scale: `factor` times the
        /// estimate's interval, moved by ``shift(ofRule:)`` (the interval the review prints beside
        /// the rule); `nil` without an estimate (a rule left out, a group's reference level).
        public func pointsInterval(ofRule j: Int, estimate: Estimate?) -> ClosedRange<Double>? {
            estimate.map { Self.pointsInterval($0, factor: factor, shift: shift(ofRule: j)) }
        }

        /// `factor` times `estimate`'s 95% interval, moved by `shift`, in increasing order (a
        /// negative factor turns it around): the interval of a rule's points on a card's scale.
        public static func pointsInterval(_ estimate: Estimate, factor: Double, shift: Double) -> ClosedRange<Double> {
            let a = factor * estimate.ciLow + shift
            let b = factor * estimate.ciHigh + shift
            return min(a, b)...max(a, b)
        }

        /// What rounding cost in ranking on `design` (the history the card was scaled on): the AUC
        /// of the unrounded points (``exactPoints``) against the rounded card's, and Kendall's τ-b
        /// between the two scores. Computed when asked, since it scores every deal twice and
        /// `scorecard fit` never shows it.
        public func roundingCost(on design: DesignMatrix) -> RoundingCost {
            let exactScores = design.scores(points: exactPoints)
            let rounded = card.scores(design)
            // The exact scores are sorted once, for their AUC and for τ.
            let exactOrder = RadixSort.ascendingOrder(exactScores)
            return RoundingCost(
                aucExact: RankingMetrics(
                    scores: exactScores, won: design.won, weights: design.weights, ascending: exactOrder
                ).auc,
                aucRounded: RankingMetrics(scores: rounded, won: design.won, weights: design.weights).auc,
                kendallTau: kendallTau(exactScores, rounded, xAscending: exactOrder))
        }
    }

    /// Scales a fit into a card.
    ///
    /// Rules left out of the fit (never firing, constant), and the rules in `keepCurrent` (those
    /// that fire too rarely for their estimate to mean anything), keep their current points *in
    /// the current card's units*: when the revised card keeps the threshold number its points
    /// are the current ones; when the card is rescaled (a platform's cap, `max:N`, `pdo:P`, a
    /// threshold that could not be kept) they move with it, by the ratio of the factor used to the
    /// factor that would keep the threshold number (`T / r*`), and within `ruleCap`.
    ///
    /// - Parameters:
    ///   - fit: the fitted coefficients.
    ///   - card: the current card (rules, caps and threshold to keep).
    ///   - design: the history encoded with `card`'s rules, to select the threshold on.
    ///   - patterns: `design`'s distinct rows with their won and lost counts (``CardFit/patterns``),
    ///     when the caller has them: the threshold search then scores each pattern once instead of
    ///     each deal, with the same result (the sweep of the patterns, counted by their whole-number
    ///     weights, has the same rows as the sweep of the deals).
    public func scale(
        _ fit: LogisticFit, card: Scorecard, design: DesignMatrix, keepCurrent: Set<Int> = [],
        patterns: PatternTable? = nil
    ) -> Result {
        let rule = method.rule
        // A reference level is fitted (at 0); other rules without an estimate keep their points.
        let excluded = fit.estimates.indices.map {
            (fit.estimates[$0] == nil && fit.exclusions[fit.ruleIDs[$0]] != .reference) || keepCurrent.contains($0)
        }
        // Each exhaustive group shifted so its lowest fitted level is at 0 (log-odds `lift[j]`),
        // unless limits bind the points.
        let groups =
            RuleGroup.groups(in: card).isEmpty
            ? []
            : patterns.flatMap { $0.ruleIDs == design.ruleIDs ? GroupCoverage.of(card, patterns: $0) : nil }
                ?? GroupCoverage.of(card, design: design)
        var lift = [Double](repeating: 0, count: fit.coefficients.count)
        for g in groups where g.isExhaustive && !limits.bindsPoints {
            let levels = g.group.rules.filter { !excluded[$0] }
            let lowest = levels.map { fit.coefficients[$0] }.min() ?? 0
            for j in levels { lift[j] = -lowest }
        }
        let beta = zip(fit.coefficients, lift).map { $0 + $1 }
        let columnMax = design.rows.columnMaxima().map { max(0, $0) }
        // The most units a rule can count for any lead: 1 for an indicator, the cap for a capped
        // `each` rule, the most seen in the history for an uncapped one.
        let reachUnits = card.rules.indices.map { j -> Double in
            switch card.rules[j].measure {
            case .when, .anyOf: 1
            case .each: card.rules[j].capUnits ?? columnMax[j]
            }
        }
        let step = limits.effectiveStep(self.step)
        var notes: [String] = []

        // The factor at which the revised card is in the current card's units (its threshold
        // number means the same bar): set by the keep-threshold search, or T / r* for the other
        // methods; `nil` when the card has no positive threshold number to anchor the units.
        var currentUnits: Double? = nil
        // Rule j's points at factor s, to the step and within the rule cap: a fitted rule's
        // s·β_j, a rule that keeps its points its current points moved by s / currentUnits.
        func pointsOfRule(_ j: Int, at s: Double) -> Double {
            let exact = excluded[j] ? card.rules[j].points * (currentUnits.map { s / $0 } ?? 1) : s * beta[j]
            let v = step * (exact / step).rounded()
            return limits.ruleCap.map { min(max(v, -$0), $0) } ?? v
        }
        func points(_ s: Double) -> [Double] { beta.indices.map { pointsOfRule($0, at: s) } }
        func maxPossible(_ pts: [Double], _ kind: RuleKind? = nil) -> Double {
            pts.indices.reduce(0) {
                $0 + (kind == nil || card.rules[$1].kind == kind ? max(0, pts[$1] * reachUnits[$1]) : 0)
            }
        }
        // How far the points overshoot the limits: the largest reach/limit ratio (≤ 1 within them).
        func overshoot(_ pts: [Double]) -> Double {
            var r = 0.0
            if let cap = limits.maxTotal { r = max(r, maxPossible(pts) / cap) }
            for kind in RuleKind.allCases {
                if let cap = limits.kindCap(kind) { r = max(r, maxPossible(pts, kind) / cap) }
            }
            return r
        }
        // The patterns stand in for the deals when they are fewer and their counts are whole
        // numbers (so the sums of the sweep are exact, in any order).
        let byPattern: PatternTable? = patterns.flatMap { t in
            2 * t.count < design.rowCount && t.ruleIDs == design.ruleIDs && design.hasWholeWeights
                && selectionWeights == nil ? t : nil
        }
        let weights = selectionWeights ?? design.weights
        let patternOutcomes = byPattern.map { t in
            [Bool](repeating: true, count: t.count) + [Bool](repeating: false, count: t.count)
        }
        let patternWeights = byPattern.map { $0.wonWeights + $0.lostWeights }
        // The threshold the rule selects on scores of the patterns when they stand in for the deals
        // (each pattern scored once, counted as won and as lost), else of the deals.
        func sweep(patternScores: (EncodedRows) -> [Double], dealScores: () -> [Double]) -> Double? {
            if let byPattern, let patternOutcomes, let patternWeights {
                let scores = patternScores(byPattern.rows)
                return ThresholdSweep.threshold(
                    for: rule, scores: scores + scores, won: patternOutcomes, weights: patternWeights, periods: periods)
            }
            return ThresholdSweep.threshold(
                for: rule, scores: dealScores(), won: design.won, weights: weights, periods: periods)
        }
        // The threshold the rule selects on the card with these points. Every answer is kept: the
        // keep-threshold search's factors often round to points it has tried (a factor and the
        // one after the next), and `finish` asks again for the points the search ended on.
        var answers: [[Double]: Double?] = [:]
        func selected(_ pts: [Double]) -> Double? {
            if let known = answers[pts] { return known }
            let t = sweep(
                patternScores: { $0.scores(points: pts).map { $0.rounded() } },
                dealScores: { card.withPoints(pts, threshold: 0).scores(design) })
            answers[pts] = t
            return t
        }
        // The threshold the rule selects on the fitted log-odds (the unrounded scores).
        func thresholdOnFittedLogOdds() -> Double? {
            sweep(patternScores: { $0.scores(points: beta) }, dealScores: { design.scores(points: beta) })
        }
        func finish(_ s: Double, _ pts: [Double], threshold: Double, kept: Bool, anchor: Double? = nil) -> Result {
            var final = pts
            var factor = s
            var scaledDownNote: (at: Int, bounds: String)? = nil
            if overshoot(final) > 1 {
                // Shrink until the highest reachable score (and each kind's) fits the platform's maximum.
                factor = s / overshoot(final)
                final = points(factor)
                while overshoot(final) > 1, factor > 1e-12 {
                    factor *= 0.99
                    final = points(factor)
                }
                let bounds = [
                    limits.maxTotal.map { JSONValue.format($0) },
                    limits.groupMax.map { "\(JSONValue.format($0)) for the fit or behavior subscore" },
                    limits.fitMax.map { "\(JSONValue.format($0)) for the fit subscore" },
                    limits.behaviorMax.map { "\(JSONValue.format($0)) for the behavior subscore" },
                ]
                .compactMap { $0 }.joined(separator: " and ")
                if overshoot(final) > 1 {
                    notes.append(
                        "the rules that keep their current points already reach more than the cap (\(bounds)), so the revised card exceeds it"
                    )
                } else {
                    // Worded once the search below has fixed the card's points per log-odds.
                    scaledDownNote = (at: notes.count, bounds: bounds)
                }
            }
            let rounded = limits.bindsPoints ? final : nil
            if limits.bindsPoints {
                // Within the limits, rounding and cutting is only a start: search the integer
                // points that explain the outcomes best (see IntegerPointsSearch). The card's
                // points per unit of log-odds are then 1 / its own slope.
                let searched = integerSearch(start: final)
                if searched.points != final {
                    notes.append(
                        "within the limits, points were searched rather than rounded and cut: the card's own log loss \(NumberFormatting.fixed(searchLoss(final), 1)) → \(NumberFormatting.fixed(searched.logLoss, 1)) (the unrounded fit: \(NumberFormatting.fixed(fit.logLikelihood.isFinite ? -fit.logLikelihood : .nan, 1)))"
                    )
                    final = searched.points
                    if searched.slope > 0 {
                        factor = 1 / searched.slope
                        // The rules kept for lack of evidence move to the searched card's units.
                        var moved = final
                        for j in beta.indices where excluded[j] { moved[j] = pointsOfRule(j, at: factor) }
                        if search().isFeasible(moved) { final = moved }
                    }
                }
            }
            if let note = scaledDownNote {
                notes.insert(
                    "the highest reachable score is capped at \(note.bounds), so points were scaled down to \(NumberFormatting.fixed(factor, 2)) per unit of log-odds",
                    at: note.at)
            }
            var t = threshold
            if final != pts || !kept { t = selected(final) ?? threshold }
            if !limits.bindsPoints, kept, t == threshold, lossTable().count <= Self.localSearchPatterns {
                // Without limits, the rounded points are checked against a search at their own
                // scale (each rule within two steps of its rounded points): the searched card is
                // the card when it explains the outcomes substantially better and the rule still
                // picks the number.
                var local = search()
                local.lower = final.map { $0 - 2 * step }
                local.upper = final.map { $0 + 2 * step }
                local.scaleStarts = false
                let found = local.search(
                    coefficients: beta.indices.map { excluded[$0] ? 0 : beta[$0] }, start: final, patterns: lossTable())
                let before = searchLoss(final)
                // Worth a change only when the likelihood ratio is at least √10, "substantial" on
                // Jeffreys' scale (Theory of Probability, 1961): a gain of ½ ln 10 in log loss.
                if found.points != final, found.logLoss <= before - 0.5 * _log(10), selected(found.points) == threshold
                {
                    let moved = beta.indices.filter { found.points[$0] != final[$0] }
                        .map {
                            "\(card.rules[$0].id) \(NumberFormatting.points(final[$0])) → \(NumberFormatting.points(found.points[$0]))"
                        }
                    notes.append(
                        "rounding was checked against a search at the same scale, which explains the outcomes better (the card's own log loss \(NumberFormatting.fixed(before, 1)) → \(NumberFormatting.fixed(found.logLoss, 1))): \(moved.joined(separator: ", "))"
                    )
                    final = found.points
                }
            }
            if limits.bindsPoints, case .keepThreshold(let target, _) = method, t != target {
                notes.append(
                    "within the limits the threshold number \(JSONValue.format(target)) cannot be kept (the highest score a lead can reach is now \(JSONValue.format(maxPossible(final)))); \(rule) picks \(JSONValue.format(t)) on the revised card"
                )
            }
            if selected(final) == nil {
                notes.append(
                    "no threshold meets \(rule) on the revised card's scores (\(rule.explanation)), so the revised threshold is \(JSONValue.format(t)); choose another --select"
                )
            }
            let moved = beta.indices.filter { excluded[$0] && final[$0] != card.rules[$0].points }
            if !moved.isEmpty {
                let list = moved.map {
                    "\(card.rules[$0].id) \(NumberFormatting.points(card.rules[$0].points)) → \(NumberFormatting.points(final[$0]))"
                }
                notes.append(
                    "points kept for lack of evidence were moved to the revised card's scale (and its limits): \(list.joined(separator: ", "))"
                )
            }
            let ratio = currentUnits.map { factor / $0 } ?? 1
            let exact = beta.indices.map { excluded[$0] ? card.rules[$0].points * ratio : factor * beta[$0] }
            let revised = card.withPoints(final, threshold: t)
            return Result(
                card: revised, factor: factor, exactPoints: exact, thresholdKept: kept && t == threshold,
                anchorOffset: anchor, notes: notes, roundedPoints: rounded, shifts: lift.map { factor * $0 })
        }

        // The integer search's view of the history: distinct patterns with their counts.
        var searchPatterns: PatternTable? = nil
        func lossTable() -> PatternTable {
            if let searchPatterns { return searchPatterns }
            let t =
                patterns.flatMap { $0.ruleIDs == design.ruleIDs ? $0 : nil }
                ?? PatternTable(design, alwaysCompress: true)
            searchPatterns = t
            return t
        }
        func search() -> IntegerPointsSearch {
            let cap = limits.ruleCap ?? .infinity
            let lower = card.rules.indices.map { j -> Double in limits.keepSigns && card.rules[j].points > 0 ? 0 : -cap
            }
            let upper = card.rules.indices.map { j -> Double in limits.keepSigns && card.rules[j].points < 0 ? 0 : cap }
            var kindMax: [RuleKind: Double] = [:]
            for kind in RuleKind.allCases { kindMax[kind] = limits.kindCap(kind) }
            var search = IntegerPointsSearch(
                lower: lower, upper: upper, kinds: card.rules.map(\.kind), reach: reachUnits, maxTotal: limits.maxTotal,
                kindMax: kindMax, step: step,
                fixed: Set(beta.indices.filter { excluded[$0] }).union(fit.referenceColumns))
            // A history that needed Firth's or the prior's penalty is judged with Firth's too.
            switch fit.penalty {
            case .firth, .prior: search.firth = true
            default: break
            }
            return search
        }
        func integerSearch(start: [Double]) -> IntegerPointsSearch.Result {
            search().search(
                coefficients: beta.indices.map { excluded[$0] ? 0 : beta[$0] }, start: start, patterns: lossTable(),
                fit: fit)
        }
        func searchLoss(_ points: [Double]) -> Double {
            ScoreLoss.ownLoss(points: points, patterns: lossTable(), firth: search().firth).loss
        }
        // T / r*: the factor that maps the rule's threshold on the fitted log-odds to the current
        // card's threshold number T (`nil` when either is not positive).
        func unitsOfCurrentCard() -> Double? {
            guard card.threshold > 0, let r = thresholdOnFittedLogOdds(), r > 0 else { return nil }
            return card.threshold / r
        }
        switch method {
        case .keepThreshold(let target, _):
            guard target > 0 else {
                // No positive factor maps a positive mark to a threshold number of 0 or less:
                // one point per unit of log-odds.
                let pts = points(1)
                let t = selected(pts) ?? target
                notes.append(
                    "the threshold number \(JSONValue.format(target)) is not positive, so no factor keeps it: points are one per unit of log-odds and the revised threshold is \(JSONValue.format(t))"
                )
                return finish(1, pts, threshold: t, kept: false)
            }
            let rawThreshold = thresholdOnFittedLogOdds() ?? 0
            guard rawThreshold > 0 else {
                // Scores at the selected mark are not positive: no positive factor maps them to the target.
                let s = target / max(design.scores(points: beta).max() ?? 1, 1e-9)
                currentUnits = s
                let pts = points(s)
                let t = selected(pts) ?? target
                if let open = groups.filter({ !$0.isExhaustive }).max(by: { $0.uncovered < $1.uncovered }) {
                    notes.append(Self.uncoveredNote(open, rule: rule, bar: rawThreshold, target: target, revised: t))
                } else {
                    notes.append(
                        "the \(rule) threshold on the fitted log-odds is not positive, so the threshold number \(JSONValue.format(target)) could not be kept; the revised threshold is \(JSONValue.format(t))"
                    )
                }
                return finish(s, pts, threshold: t, kept: false)
            }
            let s0 = target / rawThreshold
            for k in stride(from: 0, through: limits.bindsPoints ? -1 : 150, by: 1) {
                for sign in k == 0 ? [1.0] : [1.0, -1.0] {
                    let s = s0 * (1 + sign * Double(k) * 0.002)
                    currentUnits = s
                    let pts = points(s)
                    if selected(pts) == target { return finish(s, pts, threshold: target, kept: true) }
                }
            }
            currentUnits = s0
            let pts = points(s0)
            let t = selected(pts) ?? target
            if limits.bindsPoints { return finish(s0, pts, threshold: t, kept: false) }
            notes.append(
                "after rounding, no factor within ±30% of \(NumberFormatting.fixed(s0, 2)) points per log-odds made the \(rule) select exactly \(JSONValue.format(target)); the revised threshold is \(JSONValue.format(t))"
            )
            return finish(s0, pts, threshold: t, kept: false)
        case .maxScore(let n, _):
            currentUnits = unitsOfCurrentCard()
            // Reach at factor s: s · (fitted reach) + (s / currentUnits) · (kept rules' reach).
            var reach = 0.0
            for j in beta.indices {
                if !excluded[j] {
                    reach += max(0, beta[j] * columnMax[j])
                } else if let units = currentUnits {
                    reach += max(0, card.rules[j].points * reachUnits[j]) / units
                }
            }
            let s = reach > 0 ? n / reach : 1
            let pts = points(s)
            return finish(s, pts, threshold: selected(pts) ?? n, kept: false)
        case .pdo(let p, let anchor, _):
            currentUnits = unitsOfCurrentCard()
            let s = p / _log(2)
            let pts = points(s)
            // The groups' shifts add Σ c_g to every score, and so to the score of even odds.
            let even =
                -fit.intercept.coefficient * s + s
                * groups.compactMap { g in g.isExhaustive ? g.group.rules.lazy.map { lift[$0] }.max() : nil }.reduce(
                    0, +)
            let offset = anchor.map { $0 - even }
            if let offset, let anchor {
                notes.append(
                    "with \(JSONValue.format(p)) points to double the odds, a card score of \(NumberFormatting.fixed(even, 0)) means even odds; add \(NumberFormatting.fixed(offset, 0)) to every lead for \(JSONValue.format(anchor)) to mean even odds"
                )
            }
            return finish(s, pts, threshold: selected(pts) ?? 0, kept: false, anchor: offset)
        }
    }

    /// Why a positive threshold number cannot be kept when a group that is not exhaustive leaves
    /// deals at 0 points and the rule's bar on the fitted log-odds (`bar`) is at or below 0: no
    /// factor moves a bar at 0 (or below), and the group cannot be shifted.
    static func uncoveredNote(_ group: GroupCoverage, rule: ThresholdRule, bar: Double, target: Double, revised: Double)
        -> String
    {
        let n = group.uncovered
        let whereBar = bar == 0 ? "falls among them" : "falls below them"
        let nearest =
            bar == 0
            ? "nearest keepable number: \(JSONValue.format(revised))"
            : "the revised threshold is \(JSONValue.format(revised))"
        return
            "the threshold number \(JSONValue.format(target)) cannot be kept: the rules on \(group.group.signal) leave \(NumberFormatting.count(n)) deal\(n == 1 ? "" : "s") (another \(group.group.signal) or none) at 0 points and the \(rule) bar \(whereBar), so no scale puts it at \(JSONValue.format(target)); give every value of \(group.group.signal) a rule of its own (a missing one too, with \"present\": false) to keep \(JSONValue.format(target)) (\(nearest))"
    }
}
