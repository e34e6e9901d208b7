/// Proposes the structural decisions: `merge` two rules that carry one event into a merged
/// (`anyOf`) rule, `gate` a behavior rule on a fit rule (`onlyWith`), and `add` the strongest
/// candidate rule for a column the card does not use. Each is proposed only when it improves the
/// held-out log loss, and carries that gain as its evidence.
///
/// How each is found (every fit here is the card's own design, built by ``DesignMatrix`` from the
/// changed card, so a merged column is the OR of its parts and a gated column the behavior's own
/// value where the fit rule fires):
/// - **merge**: two indicator rules of the same kind, neither gated, decaying or named by a gate,
///   whose columns correlate at |r| ≥ ``mergeCorrelation``, or whose separate fit is no better than
///   their OR (the maximum-likelihood log likelihood of the card with the merged rule in their
///   place is at least that of the card with both: one parameter fewer for no loss of fit);
/// - **gate**: a behavior rule b and a fit indicator f (neither gated, f not decaying) whose
///   interaction is significant: the likelihood-ratio test of adding the column b·f to the card,
///   χ² with 1 degree of freedom, at ``interactionLevel`` divided by the number of pairs tested
///   (Bonferroni), and whose behavior is weak outside fit leads: in that fit, b's own coefficient
///   (its effect where f does not fire) is not significant at 5% or is less than half its effect
///   where f fires;
/// - **add**: the strongest non-leaky candidate of `CandidateSearch` (highest information value)
///   whose column no rule of the card reads.
///
/// Held-out log loss: the card is refitted (``CardFit`` with the recipe's penalty) on every deal
/// but those of the latest period (``per``, by `closed_at`) and the mean log loss per deal is
/// measured on the latest period, with and without the change. When the deals have no dates, or
/// the latest period or the rest lacks won or lost deals, it is measured in-sample by
/// ``folds``-fold cross-validation (rows dealt to folds in turn; a pattern table's row keeps its
/// deals together). A change is proposed only when its log loss is lower.
///
/// Each proposal is judged against the card as given (not after the others); a rule takes part
/// in at most one proposal (merges are chosen first, then gates, by the largest gain). The points
/// of a proposal's rule come from the recipe's refit (``CardRefit``) of the whole history with the
/// change made.
///
/// ```swift
/// let search = StructuralSearch(refit: CardRefit())
/// let proposals = try search.run(deals: deals, card: card, design: design)
/// proposals.first?.action            // .merge
/// proposals.first?.rule              // the anyOf rule, with fitted points
/// proposals.first?.evidence.sentence // "On 2026-Q3 (812 deals), refitted on the earlier …"
/// ```
public struct StructuralSearch: Sendable {
    /// The refit recipe (penalty, selection rule, scaling); its `leaveOut` is not used: pass the
    /// card and design without the rules to leave out.
    public var refit: CardRefit
    /// The period whose latest one is held out.
    public var per: Period
    /// Folds of the cross-validation used when the deals have no dates.
    public var folds: Int
    /// Correlation of two rules' columns at or above which they are a merge candidate (the
    /// `redundant` flag's cut-off).
    public var mergeCorrelation: Double
    /// Family-wise significance level of the interaction tests behind `gate`.
    public var interactionLevel: Double

    /// Creates the search.
    public init(
        refit: CardRefit = CardRefit(), per: Period = .quarter, folds: Int = 5, mergeCorrelation: Double = 0.8,
        interactionLevel: Double = 0.05
    ) {
        self.refit = refit
        self.per = per
        self.folds = folds
        self.mergeCorrelation = mergeCorrelation
        self.interactionLevel = interactionLevel
    }

    /// What a structural change gains on deals its fit did not see.
    public struct Evidence: Sendable, Equatable {
        /// Where the loss was measured: a period label (`2026-Q3`) or `"5-fold cross-validation"`.
        public var heldOut: String
        /// Deals the loss was measured on (the held-out period's, or all of them across the folds).
        public var deals: Double
        /// Mean log loss per held-out deal of the card as it is.
        public var logLossBefore: Double
        /// Mean log loss per held-out deal with the change.
        public var logLossAfter: Double
        /// The statistic that made the change a candidate: the merged pair's correlation, or the
        /// interaction's likelihood-ratio χ² (1 df); `nil` for `add` (ranked by information value).
        public var statistic: Double?
        /// The interaction test's p-value (`gate` only).
        public var pValue: Double?
        /// The evidence in a sentence, for the review.
        public var sentence: String

        /// `logLossBefore − logLossAfter`: positive for every proposal.
        public var gain: Double { logLossBefore - logLossAfter }

        /// As JSON: `heldOut`, `deals`, `logLossBefore`, `logLossAfter`, `gain`, the statistic and
        /// its `pValue` when there are ones, and `sentence`.
        public var json: JSONValue {
            var m: [(String, JSONValue)] = [
                ("heldOut", .string(heldOut)), ("deals", .number(deals)), ("logLossBefore", .number(logLossBefore)),
                ("logLossAfter", .number(logLossAfter)), ("gain", .number(gain)),
            ]
            if let statistic { m.append(("statistic", .number(statistic))) }
            if let pValue { m.append(("pValue", .number(pValue))) }
            m.append(("sentence", .string(sentence)))
            return .object(m)
        }
    }

    /// One proposed change.
    public struct Proposal: Sendable {
        /// `merge`, `gate` or `add`.
        public var action: RuleAction
        /// The current card's rules involved: the merged pair; the gated behavior rule then the
        /// fit rule; none for `add`.
        public var ruleIDs: [String]
        /// The new or changed rule, with the refit's points: the `anyOf` rule, the behavior rule
        /// with `onlyWith`, or the added rule.
        public var rule: Rule
        /// The card's rules that ``rule`` takes the place of (both of a merge, the gated rule).
        public var replaces: [String]
        /// The held-out gain.
        public var evidence: Evidence

        /// `card` with the change made: ``rule`` where the first replaced rule stood (at the end
        /// for `add`), the other replaced rules left out.
        public func applied(to card: Scorecard) -> Scorecard {
            StructuralSearch.change(card, rule: rule, replaces: replaces)
        }

        /// As JSON, the decision vocabulary's keys: `action`, `ids`, `rule` (a card rule),
        /// `into` (a merge's new rule id) or `onlyWith` (a gate's), and `evidence`.
        public var json: JSONValue {
            var m: [(String, JSONValue)] = [
                ("action", .string(action.rawValue)), ("ids", .array(ruleIDs.map(JSONValue.string))),
                ("rule", rule.json),
            ]
            if action == .merge { m.append(("into", .string(rule.id))) }
            if action == .gate { m.append(("onlyWith", .array(rule.onlyWith.map(JSONValue.string)))) }
            m.append(("evidence", evidence.json))
            return .object(m)
        }
    }

    /// The proposals for `card` on `deals` (`design`: the deals encoded with `card`), merges
    /// first, then gates, then the added rule; empty when no change improves the held-out log
    /// loss.
    ///
    /// - Throws: ``FitError`` or ``ScorecardError`` from the refits (a candidate whose own fit
    ///   fails is skipped, not thrown).
    /// - Complexity: one refit of `card` (for its points per log-odds); one design and one
    ///   maximum-likelihood fit per candidate pair; for each candidate that passes its test, one
    ///   fit per fold (two on dated deals), and for each that gains, one refit of the changed card.
    public func run(deals: DealTable, card: Scorecard, design: DesignMatrix) throws -> [Proposal] {
        let holdout = Holdout(deals: deals, per: per, folds: folds)
        let before = try holdout.logLoss(card: card, design: design, penalty: refit.penalty)
        var recipe = refit
        recipe.leaveOut = []
        let current = try recipe.run(card: card, design: design)
        let base = Self.maximumLikelihood(card, design)
        var taken: [Proposal] = []
        var involved = Set<String>()

        /// The change judged on held-out deals; a proposal with the refit's points when it gains.
        func judge(
            _ action: RuleAction, ids: [String], rule: Rule, replaces: [String], statistic: Double?, pValue: Double?,
            why: String
        ) throws -> Proposal? {
            var proposal = Proposal(
                action: action, ruleIDs: ids, rule: rule, replaces: replaces,
                evidence: Evidence(
                    heldOut: holdout.label, deals: holdout.deals, logLossBefore: before, logLossAfter: before,
                    statistic: statistic, pValue: pValue, sentence: ""))
            let changed = proposal.applied(to: card)
            let changedDesign = try DesignMatrix(card: changed, deals: deals)
            guard let after = try? holdout.logLoss(card: changed, design: changedDesign, penalty: refit.penalty),
                after < before
            else { return nil }
            let refitted = try recipe.run(card: changed, design: changedDesign)
            proposal.rule.points = refitted.revisedCard.rules.first { $0.id == rule.id }?.points ?? rule.points
            proposal.evidence.logLossAfter = after
            proposal.evidence.sentence = why + "; " + holdout.describe(before: before, after: after)
            return proposal
        }

        // Merge: pairs that carry one event.
        let gates = Set(card.rules.flatMap(\.onlyWith))
        let mergeable = card.rules.indices.filter {
            let r = card.rules[$0]
            return !r.measure.isEach && r.onlyWith.isEmpty && r.halfLifeDays == nil && !gates.contains(r.id)
        }
        let columns = Dictionary(uniqueKeysWithValues: mergeable.map { ($0, design.column($0)) })
        var merges: [Proposal] = []
        for (x, a) in mergeable.enumerated() {
            for b in mergeable[(x + 1)...] where card.rules[a].kind == card.rules[b].kind {
                let ra = card.rules[a]
                let rb = card.rules[b]
                let r = CandidateSearch.correlation(columns[a]!, columns[b]!, weights: design.weights)
                let merged = Rule(
                    id: "\(ra.id)_or_\(rb.id)", kind: ra.kind,
                    anyOf: ra.measure.tests(signal: ra.signal) + rb.measure.tests(signal: rb.signal),
                    points: abs(ra.points) >= abs(rb.points) ? ra.points : rb.points, source: ra.source ?? rb.source)
                guard card.rule(merged.id) == nil else { continue }
                var why: String
                if abs(r) >= mergeCorrelation {
                    why = "\(ra.id) and \(rb.id) fire together (correlation \(NumberFormatting.fixed(r, 2))): one event"
                } else {
                    // The separate fit no better than the OR: one parameter fewer, no loss of fit.
                    let changed = Self.change(card, rule: merged, replaces: [ra.id, rb.id])
                    guard let base,
                        let orFit = (try? DesignMatrix(card: changed, deals: deals)).flatMap({
                            Self.maximumLikelihood(changed, $0)
                        }),
                        orFit.logLikelihood >= base.logLikelihood
                    else { continue }
                    why =
                        "\(ra.id) or \(rb.id) explains the outcomes as well as the two apart (log likelihood \(NumberFormatting.fixed(orFit.logLikelihood, 2)) against \(NumberFormatting.fixed(base.logLikelihood, 2)) with one rule more): one event"
                }
                if let p = try judge(
                    .merge, ids: [ra.id, rb.id], rule: merged, replaces: [ra.id, rb.id], statistic: r, pValue: nil,
                    why: why)
                {
                    merges.append(p)
                }
            }
        }
        for p in merges.sorted(by: { $0.evidence.gain > $1.evidence.gain }) where involved.isDisjoint(with: p.ruleIDs) {
            taken.append(p)
            involved.formUnion(p.ruleIDs)
        }

        // Gate: a behavior that counts only for fit leads.
        let behaviors = card.rules.indices.filter {
            card.rules[$0].kind == .behavior && card.rules[$0].onlyWith.isEmpty && !involved.contains(card.rules[$0].id)
        }
        let fits = card.rules.indices.filter {
            let r = card.rules[$0]
            return r.kind == .fit && !r.measure.isEach && r.onlyWith.isEmpty && r.halfLifeDays == nil
                && !involved.contains(r.id)
        }
        var gated: [Proposal] = []
        let pairs = behaviors.count * fits.count
        if let base, pairs > 0 {
            for b in behaviors {
                for f in fits {
                    let rb = card.rules[b]
                    let rf = card.rules[f]
                    var interaction = rb
                    interaction.id = "\(rb.id)_with_\(rf.id)"
                    interaction.onlyWith = [rf.id]
                    guard card.rule(interaction.id) == nil else { continue }
                    var extended = card
                    extended.rules.append(interaction)
                    extended.source = nil
                    guard
                        let fit = (try? DesignMatrix(card: extended, deals: deals)).flatMap({
                            Self.maximumLikelihood(extended, $0)
                        }),
                        let outside = fit.estimates[b], let inside = fit.estimates[card.rules.count]
                    else { continue }
                    let lr = max(0, 2 * (fit.logLikelihood - base.logLikelihood))
                    let p = Normal.twoSidedP(lr.squareRoot())
                    let weakOutside =
                        outside.pValue > 0.05
                        || abs(outside.coefficient) < abs(outside.coefficient + inside.coefficient) / 2
                    guard p < interactionLevel / Double(pairs), weakOutside else { continue }
                    var rule = rb
                    rule.onlyWith = [rf.id]
                    let why =
                        "\(rb.id) counts for fit leads (\(rf.id)) only: the interaction's likelihood ratio χ² \(NumberFormatting.fixed(lr, 1)) (p \(Self.pText(p)), 1 df), and outside them its log-odds are \(NumberFormatting.fixed(outside.coefficient, 2)) against \(NumberFormatting.fixed(outside.coefficient + inside.coefficient, 2)) within"
                    if let proposal = try judge(
                        .gate, ids: [rb.id, rf.id], rule: rule, replaces: [rb.id], statistic: lr, pValue: p, why: why)
                    {
                        gated.append(proposal)
                    }
                }
            }
        }
        for p in gated.sorted(by: { $0.evidence.gain > $1.evidence.gain }) where !involved.contains(p.ruleIDs[0]) {
            taken.append(p)
            involved.insert(p.ruleIDs[0])
        }

        // Add: the strongest candidate for a column no rule reads.
        let read = Set(card.rules.flatMap(\.signals))
        let candidates = CandidateSearch.candidates(
            deals: deals, card: card, design: design, factor: current.scaled.factor
        ).candidates
        if let best = candidates.first(where: {
            $0.leakage == nil && !read.contains($0.rule.signal) && card.rule($0.rule.id) == nil
        }) {
            let why =
                "\(best.rule.id) (\(best.rule.condition)) is the strongest unused column: information value \(NumberFormatting.fixed(best.informationValue, 3)), lift \(NumberFormatting.fixed(best.lift, 2))"
            if let p = try judge(.add, ids: [], rule: best.rule, replaces: [], statistic: nil, pValue: nil, why: why) {
                taken.append(p)
            }
        }
        return taken
    }

    /// `card`'s maximum-likelihood fit on `design` (its encoding), each exhaustive group held at
    /// its reference level as ``CardFit`` holds it; `nil` when the fit fails.
    static func maximumLikelihood(_ card: Scorecard, _ design: DesignMatrix) -> LogisticFit? {
        var regression = LogisticRegression(penalty: .none, profileIntervals: false)
        regression.references = GroupCoverage.references(GroupCoverage.of(card, design: design))
        return try? regression.fit(design)
    }

    /// `card` with `rule` where the first of `replaces` stood (at the end when `replaces` is
    /// empty), the other replaced rules left out.
    static func change(_ card: Scorecard, rule: Rule, replaces: [String]) -> Scorecard {
        var changed = card
        changed.source = nil
        guard let first = replaces.first, let at = card.rules.firstIndex(where: { $0.id == first }) else {
            changed.rules.append(rule)
            return changed
        }
        changed.rules[at] = rule
        changed.rules.removeAll { replaces.dropFirst().contains($0.id) }
        return changed
    }

    /// A p-value for people: `< 0.0001` below that, else four decimals.
    static func pText(_ p: Double) -> String { p < 1e-4 ? "< 0.0001" : NumberFormatting.fixed(p, 4) }

    /// Where the log loss is measured: the latest period, or folds of the rows.
    struct Holdout {
        /// Training and held-out rows, one pair per fold (one pair for a period).
        let splits: [(train: [Int], test: [Int])]
        /// `2026-Q3` or `5-fold cross-validation`.
        let label: String
        /// Held-out deals (weights), in all.
        let deals: Double

        /// The latest `per` period of `closed_at` when it and the rest each hold won and lost
        /// deals; else `folds`-fold cross-validation (row i in fold i mod `folds`).
        init(deals table: DealTable, per: Period, folds: Int) {
            let n = table.count
            func bothOutcomes(_ rows: [Int]) -> Bool {
                rows.contains { table.won[$0] } && rows.contains { !table.won[$0] }
            }
            if let closed = table.closedAt, let latest = (0..<n).compactMap({ closed[$0].map(per.index) }).max() {
                let test = (0..<n).filter { closed[$0].map(per.index) == latest }
                let train = (0..<n).filter { closed[$0].map(per.index) != latest }
                if bothOutcomes(test), bothOutcomes(train), let date = test.lazy.compactMap({ closed[$0] }).first {
                    splits = [(train, test)]
                    label = per.label(date)
                    deals = test.reduce(0) { $0 + table.weight($1) }
                    return
                }
            }
            let k = max(2, min(folds, n))
            splits = (0..<k).map { fold in ((0..<n).filter { $0 % k != fold }, (0..<n).filter { $0 % k == fold }) }
            label = "\(k)-fold cross-validation"
            deals = (0..<n).reduce(0) { $0 + table.weight($1) }
        }

        /// Mean log loss per held-out deal of `card` refitted on each training part.
        func logLoss(card: Scorecard, design: DesignMatrix, penalty: Penalty?) throws -> Double {
            var total = 0.0
            for (train, test) in splits {
                let fit = try CardFit(design: design.selecting(train), card: card, requested: penalty).fit
                for i in test {
                    let eta = fit.linearPredictor(design.rows.row(i))
                    // log(1 + e^η) − y·η, computed without overflow.
                    let softplus = eta > 0 ? eta + _log1p(_exp(-eta)) : _log1p(_exp(eta))
                    total += design.weight(i) * (softplus - (design.won[i] ? eta : 0))
                }
            }
            return total / deals
        }

        /// The gain in a sentence.
        func describe(before: Double, after: Double) -> String {
            let on =
                splits.count == 1
                ? "held out on \(label) (\(JSONValue.format(deals)) deals) and refitted on the earlier deals"
                : "by \(label) over \(JSONValue.format(deals)) deals"
            return
                "\(on), the log loss per deal falls from \(NumberFormatting.fixed(before, 4)) to \(NumberFormatting.fixed(after, 4)) (gain \(NumberFormatting.fixed(before - after, 4)))"
        }
    }
}
