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
///    are what the data say when the dropped signals are not there, as in the CRM;
/// 4. one decision per rule: `drop` (left out), `reweight` (points moved to the refit's), or
///    `keep` (the points stay: too rare to refit, or the refit gives the same number).
///
/// ## Precedence
/// A rule can carry several flags; the decision follows the first that applies, and its `why`
/// gives that flag's evidence:
/// `leaky` → drop; `wrongSign` → reweight (the sign changes); `falsePositiveProne` → drop when
/// the fitted interval reaches 0 (except on a history so small that the fit is centred on the
/// card, where every interval reaches 0), else reweight; `redundant` → drop the weaker of the pair;
/// `overweighted`/`underweighted` → reweight; `noEvidence` → keep; otherwise reweight or keep by
/// the refit. `merge`, `gate` and `add` are actions of the format; this stage does not take them
/// yet (a merged or gated rule form is not written), so redundant pairs lose their weaker rule
/// and candidate rules are suggested, not added.
///
/// ```swift
/// let decided = try CardDecisions(refit: CardRefit()).run(deals: deals, card: current)
/// decided.decisions.map { "\($0.id): \($0.action)" }
/// decided.final.revisedCard      // the revised card, without the dropped rules
/// ```
public struct CardDecisions: Sendable {
    /// The refit recipe (its `leaveOut` is set by the decisions).
    public var refit: CardRefit
    /// Keep leaky rules in the refit (the review then says its figures lean on them).
    public var keepLeaky: Bool
    /// The period stability is measured over.
    public var per: Period

    /// Creates the stage.
    public init(refit: CardRefit = CardRefit(), keepLeaky: Bool = false, per: Period = .quarter) {
        self.refit = refit
        self.keepLeaky = keepLeaky
        self.per = per
    }

    /// The flags in the order they decide a rule's action.
    public static let precedence: [SignalFlag] = [.leaky, .wrongSign, .falsePositiveProne, .redundant, .overweighted, .underweighted,
                                                  .noEvidence, .unstable, .miscalibrated]

    /// What the stage found.
    public struct Result: Sendable {
        /// The diagnostics of the current card (fitted with every rule).
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
    /// - Throws: ``FitError``, ``DealDataError``.
    public func run(deals: DealTable, card: Scorecard, design: DesignMatrix, progress: ProgressReporter? = nil) throws -> Result {
        var recipe = refit
        recipe.leaveOut = []
        let full = try recipe.run(card: card, design: design)
        progress?(.diagnostics)
        let signals = try SignalDiagnostics(per: per).run(deals: deals, card: card, fit: full.fitted.fit, factor: full.scaled.factor, design: design)
        progress?(.decisions)
        var dropped: [(id: String, why: String, summary: String)] = []
        typealias F = NumberFormatting
        var keptLeaky: [String] = []
        // On a history too small for maximum likelihood (the fit is centred on the card), every
        // interval reaches 0: "adds nothing" cannot be told from "too few deals to tell", so a
        // false-positive-prone rule is refitted, not dropped.
        let smallHistory: Bool = { if case .prior = full.fitted.penalty, refit.penalty == nil { return true }; return false }()
        func isDropped(_ id: String) -> Bool { dropped.contains { $0.id == id } }
        for d in signals.rules {
            if d.flags.contains(.leaky) {
                if keepLeaky { keptLeaky.append(d.rule.id) } else {
                    let leak = d.leakage ?? "recorded after the decision"
                    dropped.append((d.rule.id, "leaky: " + leak, "leaky: " + (leak.split(separator: ":").first.map(String.init) ?? leak)))
                }
            } else if d.flags.contains(.falsePositiveProne), !d.flags.contains(.wrongSign), !smallHistory, let interval = d.fittedInterval, interval.lowerBound <= 0 {
                let shown = F.pointsInterval(interval, around: d.assignedPoints)
                dropped.append((d.rule.id, "false-positive-prone and adds nothing beyond the other rules: " + (d.reasons[d.flags.firstIndex(of: .falsePositiveProne)!])
                    + "; the 95% interval of its fitted points \(shown) reaches 0",
                                "false-positive-prone, likelihood ratio \(F.fixed(d.likelihoodRatio, 2)) (\(F.fixed(d.likelihoodRatioInterval.lowerBound, 2))–\(F.fixed(d.likelihoodRatioInterval.upperBound, 2))), fitted points \(shown)"))
            }
        }
        // Of two rules that fire together, the one with the weaker evidence (smaller |z|) goes.
        for (j, d) in signals.rules.enumerated() where d.flags.contains(.redundant) && !isDropped(d.rule.id) {
            guard let partner = d.overlaps.filter({ abs($0.correlation) >= 0.8 }).max(by: { abs($0.correlation) < abs($1.correlation) }),
                  !isDropped(partner.id), let k = card.rules.firstIndex(where: { $0.id == partner.id }) else { continue }
            let zj = abs(full.fitted.fit.estimates[j]?.z ?? 0), zk = abs(full.fitted.fit.estimates[k]?.z ?? 0)
            let weaker = zj < zk || (zj == zk && j > k) ? j : k, stronger = weaker == j ? k : j
            dropped.append((card.rules[weaker].id, "fires with \(card.rules[stronger].id) (correlation \(F.fixed(partner.correlation, 2))) and has the weaker evidence (|z| \(F.fixed(min(zj, zk), 1)) against \(F.fixed(max(zj, zk), 1))): \(card.rules[stronger].id) carries the signal for both",
                            "redundant with \(card.rules[stronger].id) (correlation \(F.fixed(partner.correlation, 2))), weaker evidence"))
        }
        // Never drop every rule: a card needs one to score with.
        if dropped.count == card.rules.count { dropped.removeAll() }
        recipe.leaveOut = Set(dropped.map(\.id))
        let final = dropped.isEmpty ? full : try recipe.run(card: card, design: design)

        var decisions: [RuleDecision] = []
        for (j, rule) in card.rules.enumerated() {
            let d = signals.rules[j]
            let flags = d.flags.sorted { Self.precedence.firstIndex(of: $0)! < Self.precedence.firstIndex(of: $1)! }
            if let drop = dropped.first(where: { $0.id == rule.id }) {
                decisions.append(RuleDecision(id: rule.id, action: .drop, oldPoints: rule.points, newPoints: nil, flags: flags, why: "dropped: " + drop.why,
                                              summary: drop.summary))
                continue
            }
            let k = final.card.rules.firstIndex { $0.id == rule.id }!
            let newPoints = final.revisedCard.rules[k].points
            let action: RuleAction = newPoints == rule.points ? .keep : .reweight
            let summary = flags.first.map { "\($0.rawValue); " } ?? ""
            decisions.append(RuleDecision(id: rule.id, action: action, oldPoints: rule.points, newPoints: newPoints, flags: flags,
                                          why: Self.why(action: action, rule: rule, newPoints: newPoints, diagnosis: d, final: final, index: k,
                                                        keptLeaky: keptLeaky.contains(rule.id)),
                                          summary: summary + (action == .keep ? "kept at \(F.points(newPoints))" : "\(F.points(rule.points)) → \(F.points(newPoints))")))
        }
        return Result(signals: signals, full: full, final: final, dropped: dropped, decisions: decisions, recipe: recipe, keptLeaky: keptLeaky)
    }

    /// One sentence: the evidence of the highest-precedence flag, then what the refit gave.
    static func why(action: RuleAction, rule: Rule, newPoints: Double, diagnosis d: RuleDiagnosis, final: CardRefit.Result, index k: Int,
                    keptLeaky: Bool) -> String {
        typealias F = NumberFormatting
        var parts: [String] = []
        if keptLeaky, let leak = d.leakage { parts.append("kept although leaky (--keep-leaky): \(leak)") }
        // The evidence of the flag that decided, unless the clause below already says it (a rule
        // too rare to refit is kept for that reason).
        if let first = Self.precedence.first(where: { d.flags.contains($0) && $0 != .leaky }), let i = d.flags.firstIndex(of: first),
           !(first == .noEvidence && (final.keptAsTooRare.contains(k) || final.fitted.fit.exclusions[rule.id] != nil)) {
            parts.append(d.reasons[i])
        }
        let estimate = final.fitted.fit.estimates[k]
        if let exclusion = final.fitted.fit.exclusions[rule.id] {
            parts.append("\(exclusion == .reference ? "\(F.points(newPoints)) points" : "kept at \(F.points(rule.points))"): \(exclusion.phrase)")
        } else if final.keptAsTooRare.contains(k) {
            parts.append("kept at \(F.points(rule.points)): it fires for \(final.fired[k].deals) deals, too few to refit its points")
        } else if let e = estimate {
            let interval = F.pointsInterval(final.scaled.pointsInterval(ofRule: k, estimate: e)!, around: rule.points)
            parts.append(action == .keep
                ? "the refit gives it the same \(F.points(newPoints)) points (95% interval \(interval))"
                : "reweighted \(F.points(rule.points)) → \(F.points(newPoints)), the refit's points (95% interval \(interval))")
        }
        return parts.joined(separator: "; ")
    }
}
