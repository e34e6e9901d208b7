import ScorecardKit

/// `scorecard sweep`: every threshold of a card on the history, and the selected one.
enum SweepCommand: Command {
    static let name = "sweep"
    static let abstract = "score every deal with a card, sweep all thresholds, pick one (the 80% rule by default)"
    static let usage = "DEALS.csv --scorecard CARD.json [--select RULE] [options]"
    static let discussion = """
        For every distinct score: won and lost deals at or above it, recall (share of won deals at or
        above), precision (SQL-to-won rate), SQL rate and lift over the base rate. The selected
        threshold comes with a 95% bootstrap interval (the whole selection re-run on resampled deals).
        A card with minFit/minBehavior is swept with its bars held (a deal below a bar is never an SQL,
        as `score` says), and also gets the best dual bars (fit ≥ a and behavior ≥ b).
        """
    static let options: [OptionSpec] =
        InputOptions.specs + SelectionOptions.ruleSpecs + [SelectionOptions.recentWonSpec]
        + SelectionOptions.bootstrapSpecs + [
            OptionSpec("at", "60,70,80", "list only these thresholds (the selection still uses all)"),
            InputOptions.formatSpec,
        ]
    static let examples = ["sweep datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json"]

    static func run(_ args: ArgumentList, console: Console) throws {
        let input = try InputOptions(args)
        var selection = try SelectionOptions(args)
        var only: [Double]? = nil
        if let text = args.options["at"] {
            let values = text.split(separator: ",").map { Double($0.filter { $0 != " " }) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
                throw CLIError.usage(
                    "--at must be numbers separated by commas (60,70,80); got \(quoted(text))", command: name)
            }
            only = values.map { $0! }
        }
        let (deals, card) = try input.load()
        try selection.resolve(with: deals)
        let result = try CardSweep(
            deals: deals, card: card, rule: selection.rule, per: selection.per, resamples: selection.resamples,
            seed: selection.seed,
            recentWon: selection.recentWon)
        let sweep = result.sweep
        let interval = result.interval
        let dual = result.dualBars
        var listed = sweep
        if let only { listed.rows = only.sorted(by: >).map { sweep.row(at: $0) } }
        switch input.format {
        case .json:
            var json = listed.json(selecting: selection.rule, interval: interval, chosen: .some(result.selected))
            if !dual.isEmpty, case .object(var m) = json {
                m.append(("dualBars", .array(dual.map(\.json))))
                json = .object(m)
            }
            console.out(json.rendered())
        case .text:
            typealias F = NumberFormatting
            var s =
                "Threshold sweep: \(TextEscaping.plain(card.name)) on \(TextEscaping.plain(deals.file))\n\(deals.accounting.summary)\n"
            if card.qualification.hasBars {
                s += "SQL means \(card.qualification.description): every threshold below holds the bars\n"
            }
            if let sel = result.selected {
                let over = selection.recentWon.map { " among the \($0) most recently closed won deals" } ?? ""
                s +=
                    "Selected \(JSONValue.format(sel.threshold)) by \(selection.rule)\(over): \(selection.rule.explanation) (recall \(F.percent(sel.recall)) of every won deal, SQL-to-won \(F.percent(sel.precision)))\n"
            } else {
                s += "No threshold satisfies \(selection.rule)\n"
            }
            if let interval { s += TextLayout.wrap(interval.reading(deals: deals.count)) }
            for d in dual {
                s +=
                    "Dual bars: fit ≥ \(JSONValue.format(d.fit)) and behavior ≥ \(JSONValue.format(d.behavior)): recall \(F.percent(d.recall)), SQL-to-won \(F.percent(d.precision))\n"
            }
            s += "\nthreshold      won     lost   recall  precision  sql rate   lift\n"
            func pad(_ t: String, _ n: Int) -> String { t.rightAligned(n) }
            for r in listed.rows {
                s +=
                    pad(JSONValue.format(r.threshold), 9) + pad(F.count(r.won), 9) + pad(F.count(r.lost), 9)
                    + pad(F.percent(r.recall), 9)
                    + pad(F.percent(r.precision), 11) + pad(F.percent(r.sqlRate), 10) + pad(F.fixed(r.lift, 2), 7)
                    + "\n"
            }
            console.out(s)
        }
    }
}
