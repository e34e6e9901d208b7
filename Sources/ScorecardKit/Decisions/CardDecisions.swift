/// The decision stage: one action per rule of the current card, taken from the diagnostics by a
/// fixed precedence, and the refit without the rules it drops.
///
/// The steps, each given only what the stages before it made:
/// 1. refit every rule (``CardRefit``) and diagnose it (``SignalDiagnostics``);
/// 2. decide which rules leave the card (``Precedence``): leaky rules (unless `keepLeaky`),
///    false-positive-prone rules that add nothing beyond the other rules (the 95% interval of
///    their fitted points reaches 0 or below), and of two rules that fire together
///    (|r| ≥ 0.8) the one with the weaker evidence (smaller |z|);
/// 3. refit the remaining rules without them (the same recipe), so every other rule's points
///    are what the data say when the dropped signals are not there, as in the CRM; diagnose that
///    refit again and repeat steps 2–3 until a round drops nothing (at most ``maximumRefits``
///    rounds; a note says so if it stops early). A kept rule's flags, interval and fitted points
///    are the final fit's, on the revised card's scale;
/// 4. on the settled card, ``StructuralSearch`` proposes merges, gates and an added rule, each
///    only when it lowers the held-out log loss; the changed card is refitted and settled again
///    (steps 2–3), and a change whose new rule that round drops is not taken;
/// 5. one decision per rule: `drop` (left out), `reweight` (points moved to the refit's), `keep`
///    (the points stay: too rare to refit, or the refit gives the same number), `merge` or
///    `gate` (with the change's evidence), and one `add` per added rule.
///
/// ## Precedence
/// A rule can carry several flags; the decision follows the first that applies, and its `why`
/// gives that flag's evidence:
/// `leaky` → drop; `wrongSign` → reweight (the sign changes); `falsePositiveProne` → drop when
/// the fitted interval reaches 0 (except on a history so small that the fit is centred on the
/// card, where every interval reaches 0), else reweight; `redundant` → drop the weaker of the pair;
/// `overweighted`/`underweighted` → reweight; `noEvidence` → keep; otherwise reweight or keep by
/// the refit. `merge`, `gate` and `add` come after the precedence, from ``StructuralSearch``; a
/// rule another rule is gated on is never dropped.
///
/// ```swift
/// let decided = try CardDecisions(refit: CardRefit()).run(deals: deals, card: current)
/// decided.decisions.map { "\($0.id): \($0.action)" }
/// decided.final.revisedCard      // the revised card: without the dropped rules, with the changes
/// ```
public struct CardDecisions: Sendable {
    /// The refit recipe (its `leaveOut` is set by the decisions).
    public var refit: CardRefit
    /// Keep leaky rules in the refit (the review then says its figures lean on them).
    public var keepLeaky: Bool
    /// The period stability is measured over. (A structural change is always judged on the
    /// latest quarter, as the review's hold-out is, whatever period `--per` sets for capacity.)
    public var per: Period
    /// Whether merges, gates and additions are searched (``StructuralSearch``).
    public var structural: Bool

    /// Creates the stage.
    public init(
        refit: CardRefit = CardRefit(), keepLeaky: Bool = false, per: Period = .quarter, structural: Bool = true
    ) {
        self.refit = refit
        self.keepLeaky = keepLeaky
        self.per = per
        self.structural = structural
    }

    /// The most deals the structural search runs on (it refits the card once for each pair of
    /// rules it tries: seconds on a quarter's history, minutes on millions of deals).
    public static let structuralSearchDeals = 200_000

    /// The flags in the order they decide a rule's action.
    public static let precedence: [SignalFlag] = [
        .leaky, .wrongSign, .falsePositiveProne, .redundant, .overweighted, .underweighted,
        .noEvidence, .unstable, .miscalibrated,
    ]

    /// What the stage found.
    public struct Result: Sendable {
        /// The evidence beside each decision, one diagnosis per rule of the current card: a kept
        /// rule's from the final fit (the one whose points the revised card carries, on its
        /// scale), a dropped rule's from the fit it was dropped in.
        public var signals: SignalReport
        /// The refit with every rule.
        public var full: CardRefit.Result
        /// The refit without the dropped rules: the revised card.
        public var final: CardRefit.Result
        /// Rules left out, with why (in full and in a few words).
        public var dropped: [(id: String, why: String, summary: String)]
        /// Exactly one decision per rule of the current card, in card order.
        public var decisions: [RuleDecision]
        /// The recipe of the final refit (the one a back-test should use).
        public var recipe: CardRefit
        /// Leaky rules kept because `keepLeaky` was set.
        public var keptLeaky: [String]
        /// How many times the card was fitted: 1 when nothing was dropped, one more for each round
        /// of drops and re-diagnosis.
        public var refits: Int
        /// Notes for the reader (decisions that stopped before every round was clean).
        public var notes: [String]
        /// The merges, gates and additions taken (their rules are on ``final``'s card).
        public var structural: [StructuralSearch.Proposal]

        /// Whether the final refit is the first one (``full``, with ``recipe``): nothing was dropped
        /// and no structural change was taken, so what was started from the first fit (see
        /// ``CardDecisions/run(deals:card:design:progress:afterFullFit:)``) stands.
        public var finalIsTheFirstFit: Bool { dropped.isEmpty && structural.isEmpty }

        /// The decision for rule `id`.
        public func decision(_ id: String) -> RuleDecision? { decisions.first { $0.id == id } }
    }

    /// Encodes `deals` with `card` and decides: what `scorecard flag` runs.
    public func run(deals: DealTable, card: Scorecard) throws -> Result {
        try deals.requireBothOutcomes()
        return try run(deals: deals, card: card, design: DesignMatrix(card: card, deals: deals))
    }

    /// Decides on `design` (the history encoded with `card`); `progress` is told when the
    /// diagnostics and the decisions begin.
    ///
    /// - Parameter afterFullFit: told the recipe and the refit with every rule as soon as that
    ///   fit is done, before the diagnostics; when ``Result/finalIsTheFirstFit``, they are the
    ///   result's ``Result/recipe`` and ``Result/final`` (a caller can start work that needs only
    ///   them, such as the held-out quarter's back-test, while the rest runs).
    /// - Throws: ``FitError``, ``DealDataError``.
    public func run(
        deals: DealTable, card: Scorecard, design: DesignMatrix, progress: ProgressReporter? = nil,
        afterFullFit: ((CardRefit, CardRefit.Result) -> Void)? = nil
    ) throws -> Result {
        var recipe = try refit.resolvingRecentWon(in: deals)
        recipe.leaveOut = []
        let full = try recipe.run(card: card, design: design)
        afterFullFit?(recipe, full)
        progress?(.diagnostics)
        let diagnostics = SignalDiagnostics(per: per)
        let first = try diagnostics.run(
            deals: deals, card: card, fit: full.fitted.fit, factor: full.scaled.factor, design: design,
            shifts: full.scaled.shifts)
        progress?(.decisions)
        // Drop, refit without the drops, and diagnose the refit again, until a round drops
        // nothing: a rule can lose its evidence once a rule it leaned on is gone (or its redundant
        // partner leaves), and every flag and interval shown beside a kept rule must be the final
        // fit's, on the revised card's scale.
        var dropped: [(id: String, why: String, summary: String)] = []
        var keptLeaky: [String] = []
        var rounds = 1
        var droppedIn: [String: RuleDiagnosis] = [:]
        var notes: [String] = []
        /// `fit`'s diagnostics, with the SQLs each rule inflates counted on the current card as the
        /// team runs it (all rules, its points and bar), whichever fit the rest comes from.
        func diagnose(_ fit: CardRefit.Result) throws -> SignalReport {
            var report = try diagnostics.run(
                deals: deals, card: fit.card, fit: fit.fitted.fit, factor: fit.scaled.factor, design: fit.design,
                shifts: fit.scaled.shifts)
            for k in report.rules.indices {
                guard let whole = first.rules.first(where: { $0.rule.id == report.rules[k].rule.id }) else { continue }
                report.rules[k].sqlCount = whole.sqlCount
                report.rules[k].inflatedLost = whole.inflatedLost
                report.rules[k].inflatedWon = whole.inflatedWon
                report.rules[k].flags = []
                report.rules[k].reasons = []
                SignalDiagnostics.flag(
                    &report.rules[k], base: first.baseRate, won: deals.wonCount, lost: deals.lostCount)
            }
            return report
        }
        /// Drops from `base` (encoded as `baseDesign`, fitted as `fit`, diagnosed as `report`)
        /// until a round drops nothing; the last refit and its diagnostics.
        func settle(_ base: Scorecard, _ baseDesign: DesignMatrix, fit: CardRefit.Result, report: SignalReport) throws
            -> (CardRefit.Result, SignalReport)
        {
            var local = recipe
            var final = fit
            var report = report
            local.leaveOut = []
            // A rule another rule is gated on stays: the gated rule's points depend on it.
            let gates = Set(base.rules.flatMap(\.onlyWith))
            while true {
                var found = Self.drops(
                    report, fit: final, penalty: refit.penalty, keepLeaky: keepLeaky, keptLeaky: &keptLeaky)
                found.removeAll { gates.contains($0.id) }
                if found.isEmpty { break }
                // Never drop every rule: a card needs one to score with.
                if base.rules.count - local.leaveOut.count - found.count <= 0 {
                    if rounds > 1 {
                        notes.append(
                            "the decisions stopped after \(rounds) refits rather than drop every rule: \(found.map(\.id).joined(separator: ", ")) stay on the card"
                        )
                    }
                    break
                }
                for d in found { droppedIn[d.id] = report.rules.first { $0.rule.id == d.id } }
                dropped += found
                local.leaveOut.formUnion(found.map(\.id))
                final = try local.run(card: base, design: baseDesign)
                report = try diagnose(final)
                rounds += 1
                if rounds > Self.maximumRefits {
                    notes.append(
                        "the decisions stopped after \(Self.maximumRefits) refits; the last refit's diagnostics may still flag a rule for dropping"
                    )
                    break
                }
            }
            return (final, report)
        }
        var (final, report) = try settle(card, design, fit: full, report: first)
        recipe.leaveOut = Set(dropped.map(\.id))

        // Merge, gate, add: proposed on the settled card, each only when it lowers the held-out
        // log loss (StructuralSearch); the changed card is refitted and settled again. A change
        // whose new rule the next round would drop is not taken.
        var proposals: [StructuralSearch.Proposal] = []
        let beforeChange = report
        let smallHistory = Self.isCentredOnTheCard(final.fitted.penalty)
        if structural, deals.weights != nil {
            notes.append(
                "merges, gates and additions were not searched: the history's rows are patterns with counts, and the search judges each change on deals held out by date"
            )
        } else if structural, !smallHistory, final.design.rowCount > Self.structuralSearchDeals {
            notes.append(
                "merges, gates and additions were not searched: with \(NumberFormatting.count(Double(final.design.rowCount))) deals the search's refit for every pair of rules would take minutes (it runs up to \(NumberFormatting.count(Double(Self.structuralSearchDeals))) deals)"
            )
        } else if structural, !smallHistory {
            let found = try StructuralSearch(refit: recipe, per: .quarter).run(
                deals: deals, card: final.card, design: final.design)
            if !found.isEmpty {
                var working = final.card
                for p in found {
                    // A merged or added rule is not on the current card: no current points.
                    var rule = p.rule
                    if p.action != .gate { rule.points = 0 }
                    working = StructuralSearch.change(working, rule: rule, replaces: p.replaces)
                }
                let workingDesign = try DesignMatrix(card: working, deals: deals)
                let (droppedBefore, leakyBefore) = (dropped, keptLeaky)
                var fresh = recipe
                fresh.leaveOut = []
                let changedFit = try fresh.run(card: working, design: workingDesign)
                rounds += 1
                let (settled, settledReport) = try settle(
                    working, workingDesign, fit: changedFit, report: try diagnose(changedFit))
                let touched = Set(found.map(\.rule.id))
                if dropped.dropFirst(droppedBefore.count).contains(where: { touched.contains($0.id) }) {
                    let gone = dropped.dropFirst(droppedBefore.count).map(\.id)
                    for id in gone { droppedIn[id] = nil }
                    dropped = droppedBefore
                    keptLeaky = leakyBefore
                    notes.append(
                        "a structural change was proposed (\(found.map { "\($0.action.rawValue) \($0.rule.id)" }.joined(separator: ", "))) but its refit dropped \(gone.joined(separator: ", ")), so the card is left without it"
                    )
                } else {
                    final = settled
                    report = settledReport
                    proposals = found
                    recipe.leaveOut = []
                }
            }
        }

        // The evidence shown: a kept rule's from the final fit, a dropped rule's from the fit it
        // was dropped in, a merged rule's from the fit before the merge; an added rule's last.
        let added = proposals.filter { $0.action == .add }
        let signals = SignalReport(
            rules: card.rules.map { rule in
                droppedIn[rule.id] ?? report.rules.first { $0.rule.id == rule.id } ?? beforeChange.rules.first {
                    $0.rule.id == rule.id
                }!
            }
                + added.compactMap { p in report.rules.first { $0.rule.id == p.rule.id } },
            candidates: first.candidates, baseRate: first.baseRate, periodLabel: first.periodLabel,
            notes: first.notes + report.notes.filter { !first.notes.contains($0) })
        typealias F = NumberFormatting

        /// Where rule `id` stands on the final card, and its revised points.
        func revised(_ id: String) -> (index: Int, points: Double) {
            let k = final.card.rules.firstIndex { $0.id == id }!
            return (k, final.revisedCard.rules[k].points)
        }
        var decisions: [RuleDecision] = []
        for (j, rule) in card.rules.enumerated() {
            let d = signals.rules[j]
            let flags = Self.ordered(d.flags)
            if let drop = dropped.first(where: { $0.id == rule.id }) {
                decisions.append(
                    RuleDecision(
                        id: rule.id, action: .drop, oldPoints: rule.points, newPoints: nil, flags: flags,
                        why: "dropped: " + drop.why,
                        summary: drop.summary))
                continue
            }
            if let p = proposals.first(where: { $0.replaces.contains(rule.id) }) {
                let newPoints = revised(p.rule.id).points
                var decision = RuleDecision(
                    id: rule.id, action: p.action, oldPoints: rule.points, newPoints: newPoints, flags: flags,
                    why: p.action == .merge
                        ? "merged into \(p.rule.id), which fires when any of \(p.ruleIDs.joined(separator: ", ")) does, at \(F.points(newPoints)) points: \(p.evidence.sentence)"
                        : "gated: its \(F.points(newPoints)) points count only when \(p.rule.onlyWith.joined(separator: " and ")) also fires: \(p.evidence.sentence)",
                    summary: p.action == .merge
                        ? "merged into \(p.rule.id) at \(F.points(newPoints))"
                        : "gated: \(F.points(rule.points)) → \(F.points(newPoints)), only with \(p.rule.onlyWith.joined(separator: ", "))"
                )
                decision.into = p.action == .merge ? p.rule.id : nil
                decision.onlyWith = p.action == .gate ? p.rule.onlyWith : nil
                decision.evidence = p.evidence
                decisions.append(decision)
                continue
            }
            let (k, newPoints) = revised(rule.id)
            let action: RuleAction = newPoints == rule.points ? .keep : .reweight
            let summary = flags.first.map { "\($0.rawValue); " } ?? ""
            decisions.append(
                RuleDecision(
                    id: rule.id, action: action, oldPoints: rule.points, newPoints: newPoints, flags: flags,
                    why: Self.why(
                        action: action, rule: rule, newPoints: newPoints, diagnosis: d, final: final, index: k,
                        keptLeaky: keptLeaky.contains(rule.id)),
                    summary: summary
                        + (action == .keep
                            ? "kept at \(F.points(newPoints))" : "\(F.points(rule.points)) → \(F.points(newPoints))")))
        }
        for (n, p) in added.enumerated() {
            let rule = final.revisedCard.rules[revised(p.rule.id).index]
            let flags = Self.ordered(signals.rules[card.rules.count + n].flags)
            var decision = RuleDecision(
                id: rule.id, action: .add, oldPoints: nil, newPoints: rule.points, flags: flags,
                why: "added (\(rule.condition)) at \(F.points(rule.points)) points: \(p.evidence.sentence)",
                summary: "added (\(rule.condition)) at \(F.points(rule.points))")
            decision.rule = rule
            decision.evidence = p.evidence
            decisions.append(decision)
        }
        return Result(
            signals: signals, full: full, final: final, dropped: dropped, decisions: decisions, recipe: recipe,
            keptLeaky: keptLeaky,
            refits: rounds, notes: notes, structural: proposals)
    }

    /// Whether the fit is the prior centred on the card (a history too small for maximum
    /// likelihood, where every interval reaches 0 and no change can be judged).
    static func isCentredOnTheCard(_ penalty: Penalty) -> Bool {
        if case .prior = penalty { return true }
        return false
    }

    /// `flags` in the order they decide a rule's action (``precedence``).
    static func ordered(_ flags: [SignalFlag]) -> [SignalFlag] {
        flags.sorted { precedence.firstIndex(of: $0)! < precedence.firstIndex(of: $1)! }
    }

    /// The most refits the decisions make before they stop (each round drops at least one rule,
    /// so a card of k rules needs at most k).
    public static let maximumRefits = 10

    /// The rules one round of diagnostics drops: leaky rules (unless `keepLeaky`, which records
    /// them in `keptLeaky`), false-positive-prone rules whose fitted interval reaches 0, and the
    /// weaker of each redundant pair.
    static func drops(
        _ signals: SignalReport, fit refit: CardRefit.Result, penalty requested: Penalty?, keepLeaky: Bool,
        keptLeaky: inout [String]
    ) -> [(id: String, why: String, summary: String)] {
        typealias F = NumberFormatting
        let card = refit.card
        let fit = refit.fitted.fit
        var dropped: [(id: String, why: String, summary: String)] = []
        // On a history too small for maximum likelihood (the fit is centred on the card), every
        // interval reaches 0: "adds nothing" cannot be told from "too few deals to tell", so a
        // false-positive-prone rule is refitted, not dropped.
        let smallHistory = requested == nil && isCentredOnTheCard(refit.fitted.penalty)
        func isDropped(_ id: String) -> Bool { dropped.contains { $0.id == id } }
        for d in signals.rules {
            if d.flags.contains(.leaky) {
                if keepLeaky {
                    if !keptLeaky.contains(d.rule.id) { keptLeaky.append(d.rule.id) }
                } else {
                    let leak = d.leakage ?? "recorded after the decision"
                    dropped.append(
                        (
                            d.rule.id, "leaky: " + leak,
                            "leaky: " + (leak.split(separator: ":").first.map(String.init) ?? leak)
                        ))
                }
            } else if d.flags.contains(.falsePositiveProne), !d.flags.contains(.wrongSign), !smallHistory,
                let interval = d.fittedInterval, interval.lowerBound <= 0
            {
                let shown = F.pointsInterval(interval, around: d.assignedPoints)
                dropped.append(
                    (
                        d.rule.id,
                        "false-positive-prone and adds nothing beyond the other rules: "
                            + (d.reasons[d.flags.firstIndex(of: .falsePositiveProne)!])
                            + "; the 95% interval of its fitted points \(shown) reaches 0",
                        "false-positive-prone, likelihood ratio \(F.fixed(d.likelihoodRatio, 2)) (\(F.fixed(d.likelihoodRatioInterval.lowerBound, 2))–\(F.fixed(d.likelihoodRatioInterval.upperBound, 2))), points \(shown)"
                    ))
            }
        }
        // Of two rules that fire together, the one with the weaker evidence (smaller |z|) goes.
        for (j, d) in signals.rules.enumerated() where d.flags.contains(.redundant) && !isDropped(d.rule.id) {
            guard
                let partner = d.overlaps.filter({ abs($0.correlation) >= 0.8 }).max(by: {
                    abs($0.correlation) < abs($1.correlation)
                }),
                !isDropped(partner.id), let k = card.rules.firstIndex(where: { $0.id == partner.id })
            else { continue }
            let zj = abs(fit.estimates[j]?.z ?? 0)
            let zk = abs(fit.estimates[k]?.z ?? 0)
            let weaker = zj < zk || (zj == zk && j > k) ? j : k
            let stronger = weaker == j ? k : j
            dropped.append(
                (
                    card.rules[weaker].id,
                    "fires with \(card.rules[stronger].id) (correlation \(F.fixed(partner.correlation, 2))) and has the weaker evidence (|z| \(F.fixed(min(zj, zk), 1)) against \(F.fixed(max(zj, zk), 1))): \(card.rules[stronger].id) carries the signal for both",
                    "redundant with \(card.rules[stronger].id) (correlation \(F.fixed(partner.correlation, 2))), weaker evidence"
                ))
        }
        return dropped
    }

    /// One sentence: the evidence of the highest-precedence flag, then what the refit gave.
    static func why(
        action: RuleAction, rule: Rule, newPoints: Double, diagnosis d: RuleDiagnosis, final: CardRefit.Result,
        index k: Int,
        keptLeaky: Bool
    ) -> String {
        typealias F = NumberFormatting
        var parts: [String] = []
        if keptLeaky, let leak = d.leakage { parts.append("kept although leaky (--keep-leaky): \(leak)") }
        // The evidence of the flag that decided, unless the clause below already says it (a rule
        // too rare to refit is kept for that reason).
        if let first = Self.precedence.first(where: { d.flags.contains($0) && $0 != .leaky }),
            let i = d.flags.firstIndex(of: first),
            !(first == .noEvidence && (final.keptAsTooRare.contains(k) || final.fitted.fit.exclusions[rule.id] != nil))
        {
            parts.append(d.reasons[i])
        }
        let estimate = final.fitted.fit.estimates[k]
        if let exclusion = final.fitted.fit.exclusions[rule.id] {
            parts.append(
                "\(exclusion == .reference ? "\(F.points(newPoints)) points" : "kept at \(F.points(rule.points))"): \(exclusion.phrase)"
            )
        } else if final.keptAsTooRare.contains(k) {
            parts.append(
                "kept at \(F.points(rule.points)): it fires for \(final.fired[k].deals) deals, too few to refit its points"
            )
        } else if let e = estimate {
            let interval = F.pointsInterval(final.scaled.pointsInterval(ofRule: k, estimate: e)!, around: rule.points)
            // The flag's evidence may already print the same interval: once is enough.
            let shown = parts.contains { $0.contains(interval) } ? "" : " (95% interval \(interval))"
            parts.append(
                action == .keep
                    ? "the refit gives it the same \(F.points(newPoints)) points\(shown)"
                    : "reweighted \(F.points(rule.points)) → \(F.points(newPoints)), the refit's points\(shown)")
        }
        return parts.joined(separator: "; ")
    }
}
