import ScorecardKit

/// `scorecard flag`: per-rule diagnostics and flags.
enum FlagCommand: Command {
    static let name = "flag"
    static let abstract =
        "per-rule diagnostics: false-positive-prone, over/underweighted, unstable, redundant, leaky signals"
    static let usage = "DEALS.csv --scorecard CARD.json [options]"
    static let discussion = """
        For every rule: how often it fires for won and lost deals, its precision, lift and likelihood
        ratio, assigned against fitted points (the fit and scale the review uses), the SQLs it
        inflates, stability across periods, overlap with other rules, AI-score calibration and
        leakage; the flags with the numbers behind them; and one decision per rule (keep, reweight or
        drop), the same the review takes, by a fixed precedence (leaky, wrongSign, falsePositiveProne,
        redundant, over/underweighted, noEvidence). Then columns the card does not use, with a
        suggested rule ("consider adding").
        """
    static let options: [OptionSpec] =
        InputOptions.specs + PenaltyOption.specs(auto: true) + SelectionOptions.ruleSpecs
        + SelectionOptions.scalingSpecs + [keepLeakySpec, noStructuralSpec, InputOptions.formatSpec]

    /// `--keep-leaky` (also on `review`).
    /// The decision stage as `--keep-leaky` and `--no-structural` set it (`flag` and `backtest`).
    static func decisions(_ args: ArgumentList, refit: CardRefit, per: Period) -> CardDecisions {
        CardDecisions(
            refit: refit, keepLeaky: args.flags.contains("keep-leaky"), per: per,
            structural: !args.flags.contains("no-structural"))
    }

    /// `--no-structural` (also on `review` and `backtest`).
    static let noStructuralSpec = OptionSpec(
        "no-structural", nil,
        "only reweight and drop: take no merge, gate or added rule (by default each is taken when it lowers the log loss on the latest quarter, held out)"
    )
    static let keepLeakySpec = OptionSpec(
        "keep-leaky", nil,
        "keep leaky rules in the refit and the revised card (by default they are dropped: a signal recorded after the decision cannot score a new lead)"
    )
    static let examples = ["flag datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json"]

    static func run(_ args: ArgumentList, console: Console) throws {
        let input = try InputOptions(args)
        let penalty = try PenaltyOption.parse(args, allowAuto: true)
        var selection = try SelectionOptions(args)
        let (deals, card) = try input.load()
        try selection.resolve(with: deals)
        let decided = try decisions(
            args, refit: selection.refit(penalty: penalty).spanning(deals.closedRange), per: selection.per
        )
        .run(deals: deals, card: card)
        switch input.format {
        case .json: console.out(decided.json.rendered())
        case .text: console.out(text(decided, card: card, deals: deals))
        }
    }

    static func text(_ decided: CardDecisions.Result, card: Scorecard, deals: DealTable) -> String {
        let r = decided.signals
        typealias F = NumberFormatting
        let esc = TextEscaping.plain
        var s =
            "Signal diagnostics: \(esc(card.name)) on \(esc(deals.file))\n\(deals.accounting.summary); base win rate \(F.percent(r.baseRate))\n\n"
        let w = max(4, r.rules.map { esc($0.rule.id).count }.max() ?? 4)
        func pad(_ t: String, _ n: Int) -> String { t.rightAligned(n) }
        func left(_ t: String, _ n: Int) -> String { t.padding(n) }
        s +=
            left("Rule", w) + pad("Won/lost fired", 16) + pad("Precision", 11) + pad("Lift", 6) + pad("Points", 8)
            + pad("Fitted", 8) + pad("SQL infl.", 11) + "  Decision  Flags\n"
        for (d, decision) in zip(r.rules, decided.decisions) {
            s +=
                left(esc(d.rule.id), w) + pad("\(d.firedWon)/\(d.firedLost)", 16)
                + pad(F.percent(d.precisionWhenFired), 11) + pad(F.fixed(d.lift, 2), 6)
                + pad(F.points(d.assignedPoints), 8) + pad(d.fittedPoints.map { F.points($0.rounded()) } ?? "—", 8)
                + pad(F.percent(d.sqlInflation), 11)
                + "  " + decision.action.rawValue.padding(8) + "  "
                + (d.flags.isEmpty ? "—" : d.flags.map(\.rawValue).joined(separator: ", ")) + "\n"
        }
        let explained = decided.decisions.filter { $0.action != .keep || !$0.flags.isEmpty }
        if !explained.isEmpty { s += "\nDecisions, with the evidence:\n" }
        for d in explained {
            s += TextLayout.wrap("- \(esc(d.id)) (\(d.action.rawValue)): \(esc(d.why)).")
        }
        if !r.candidates.isEmpty {
            s += "\nColumns the card does not use:\n"
            for c in r.candidates {
                let what =
                    "\(esc(c.rule.condition)): fires for \(c.firedWon) won / \(c.firedLost) lost, lift \(F.fixed(c.lift, 2)), information value \(F.fixed(c.informationValue, 3))"
                let strong =
                    c.informationValue >= 0.8
                    ? " It is very strong on its own: check that it is known before the decision and that it describes the lead, not the period."
                    : ""
                s += TextLayout.wrap(
                    c.leakage.map { "- leaky: \(what). \(esc($0)); do not add it." }
                        ?? "- consider adding \(what), at about \(F.points(c.rule.points)) points.\(strong)")
            }
        }
        for n in r.notes + decided.notes { s += TextLayout.wrap("Note: \(esc(n))") }
        return s
    }
}
