import ScorecardKit

/// `scorecard sweep`: every threshold of a card on the history, and the selected one.
enum SweepCommand: Command {
    static let name = "sweep"
    static let abstract = "score every deal with a card, sweep all thresholds, pick one (the 80% rule by default)"
    static let help = """
    USAGE: scorecard sweep DEALS.csv --scorecard CARD.json [--select recall:0.8] [options]

    For every distinct score: won and lost deals at or above it, recall (share of won deals at or
    above), precision (SQL-to-won rate), SQL rate and lift over the base rate. --select recall:0.8
    picks the highest threshold that at least 80% of won deals reached.

    OPTIONS:
      --scorecard FILE     the card to score with                          (required)
      --select RULE        recall:R                                        (default: recall:0.8)
      --map FILE, --delimiter C, --format text|json

    EXAMPLE:
      $ scorecard sweep datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json

    """

    static func run(_ arguments: [String], console: Console) throws {
        let args = try ArgumentList(arguments, command: name, options: InputOptions.valued.union(["select"]), flags: [])
        let input = try InputOptions(args)
        let rule = try PenaltyOption.thresholdRule(args)
        let (deals, card) = try input.load()
        try deals.requireBothOutcomes()
        let design = try DesignMatrix(card: card, deals: deals)
        let sweep = ThresholdSweep(scores: card.scores(design), won: design.won)
        switch input.format {
        case .json: console.out(sweep.json(selecting: rule).rendered())
        case .text:
            typealias F = NumberFormatting
            var s = "Threshold sweep: \(TextEscaping.plain(card.name)) on \(TextEscaping.plain(deals.file))\n\(deals.accounting.summary)\n"
            if let sel = sweep.select(rule) {
                s += "Selected \(JSONValue.format(sel.threshold)) by \(rule): \(rule.explanation) (recall \(F.percent(sel.recall)), SQL-to-won \(F.percent(sel.precision)))\n"
            }
            s += "\nthreshold      won     lost   recall  precision  sql rate   lift\n"
            for r in sweep.rows {
                func pad(_ t: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - t.count)) + t }
                s += pad(JSONValue.format(r.threshold), 9) + pad(F.count(r.won), 9) + pad(F.count(r.lost), 9) + pad(F.percent(r.recall), 9)
                    + pad(F.percent(r.precision), 11) + pad(F.percent(r.sqlRate), 10) + pad(F.fixed(r.lift, 2), 7) + "\n"
            }
            console.out(s)
        }
    }
}
