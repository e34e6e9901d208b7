import ScorecardKit

/// `scorecard flag`: per-rule diagnostics and flags.
enum FlagCommand: Command {
    static let name = "flag"
    static let abstract = "per-rule diagnostics: false-positive-prone, over/underweighted, unstable, redundant, leaky signals"
    static let help = """
    USAGE: scorecard flag DEALS.csv --scorecard CARD.json [options]

    For every rule: how often it fires for won and lost deals, its precision and lift, assigned
    against fitted points, the SQLs it inflates, stability across periods, overlap with other
    rules, AI-score calibration and leakage; flags with the numbers behind them and a suggested
    action. Then columns the card does not use, with a suggested rule ("consider adding").

    OPTIONS:
      --scorecard FILE     the card to diagnose                              (required)
      --penalty P, --lambda X                                                (as for review)
      --map FILE, --delimiter C, --na TOKENS, --format text|json

    EXAMPLE:
      $ scorecard flag datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json

    """

    static func run(_ arguments: [String], console: Console) throws {
        let args = try ArgumentList(arguments, command: name, options: InputOptions.valued.union(PenaltyOption.valued), flags: [])
        let input = try InputOptions(args)
        let penalty = try PenaltyOption.parse(args, allowAuto: true)
        let (deals, card) = try input.load()
        let review = try QuarterlyReview(options: .init(penalty: penalty, resamples: 0)).run(deals: deals, card: card)
        let report = try SignalDiagnostics().run(deals: deals, card: card, review: review)
        switch input.format {
        case .json: console.out(report.json.rendered())
        case .text: console.out(text(report, card: card, deals: deals))
        }
    }

    static func text(_ r: SignalReport, card: Scorecard, deals: DealTable) -> String {
        typealias F = NumberFormatting
        let esc = TextEscaping.plain
        var s = "Signal diagnostics: \(esc(card.name)) on \(esc(deals.file))\n\(deals.accounting.summary); base win rate \(F.percent(r.baseRate))\n\n"
        let w = max(4, r.rules.map { esc($0.rule.id).count }.max() ?? 4)
        func pad(_ t: String, _ n: Int) -> String { t.rightAligned(n) }
        func left(_ t: String, _ n: Int) -> String { t.padding(n) }
        s += left("Rule", w) + pad("Won/lost fired", 16) + pad("Precision", 11) + pad("Lift", 6) + pad("Points", 8) + pad("Fitted", 8) + pad("SQL infl.", 11) + "  Flags\n"
        for d in r.rules {
            s += left(esc(d.rule.id), w) + pad("\(d.firedWon)/\(d.firedLost)", 16) + pad(F.percent(d.precisionWhenFired), 11) + pad(F.fixed(d.lift, 2), 6)
                + pad(F.points(d.assignedPoints), 8) + pad(d.fittedPoints.map { F.points($0.rounded()) } ?? "—", 8) + pad(F.percent(d.sqlInflation), 11)
                + "  " + (d.flags.isEmpty ? "—" : d.flags.map(\.rawValue).joined(separator: ", ")) + "\n"
        }
        let flagged = r.flagged
        if !flagged.isEmpty { s += "\nWhy, and what to do:\n" }
        for d in flagged {
            for (reason, action) in zip(d.reasons, d.actions) {
                s += ReviewText.wrap("- \(esc(reason)). Suggested: \(esc(action)).")
            }
        }
        if !r.candidates.isEmpty {
            s += "\nColumns the card does not use:\n"
            for c in r.candidates {
                let what = "\(esc(c.rule.condition)): fires for \(c.firedWon) won / \(c.firedLost) lost, lift \(F.fixed(c.lift, 2)), information value \(F.fixed(c.informationValue, 3))"
                let strong = c.informationValue >= 0.8 ? " It is very strong on its own: check that it is known before the decision and that it describes the lead, not the period." : ""
                s += ReviewText.wrap(c.leakage.map { "- leaky: \(what). \(esc($0)); do not add it." } ?? "- consider adding \(what), at about \(F.points(c.rule.points)) points.\(strong)")
            }
        }
        for n in r.notes { s += ReviewText.wrap("Note: \(esc(n))") }
        return s
    }
}
