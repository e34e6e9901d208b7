import ScorecardKit

/// `scorecard decay`: the half-life of each dated behavior rule, estimated from the outcomes.
enum DecayCommand: Command {
    static let name = "decay"
    static let abstract = "estimate each dated behavior rule's half-life from the outcomes (profile likelihood)"
    static let usage = "DEALS.csv --scorecard CARD.json [options]"
    static let discussion = """
        For every behavior rule whose signal has a <signal>_at column, fits the card with that rule's
        points decayed by 0.5^(age/h), age = days from <signal>_at to scored_at (or closed_at), for
        half-lives h from 1 to 730 days and for no decay, refitting every coefficient each time. The
        estimate maximizes the likelihood; the 95% interval holds every h whose likelihood is within
        3.84/2 of the maximum. "no decay" means decay does not fit measurably better than none; an
        open upper end means very slow decay cannot be ruled out. Each estimate is also given as a
        HubSpot setting (reduce by X% every 1/3/6/12 months) and as Marketo decay steps. `scorecard
        simulate` can plant known half-lives to try it on (notebook 09).
        """
    static let options: [OptionSpec] =
        InputOptions.specs + [
            OptionSpec(
                "rounds", "N",
                "1: other rules keep the card's half-lives; 2: then re-estimate each with the others at their first estimates",
                default: "1"),
            InputOptions.formatSpec,
        ]
    static let examples = ["decay datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json"]

    static func run(_ args: ArgumentList, console: Console) throws {
        let input = try InputOptions(args)
        let rounds = try args.integer("rounds", default: 1, range: 1...2)
        let (deals, card) = try input.load()
        try deals.requireBothOutcomes()
        let report = try DecayEstimator(rounds: rounds).estimate(card: card, deals: deals)
        switch input.format {
        case .json: console.out(report.json.rendered())
        case .text: console.out(text(report, card: card, deals: deals))
        }
    }

    static func text(_ report: DecayReport, card: Scorecard, deals: DealTable) -> String {
        typealias F = NumberFormatting
        var s = "Half-lives: \(TextEscaping.plain(card.name)) on \(TextEscaping.plain(deals.file))\n"
        s += "\(deals.accounting.summary)\n\n"
        func days(_ x: Double?) -> String { x.map { F.fixed($0, $0 < 10 ? 1 : 0) } ?? "none" }
        let w = max(9, report.rules.map { TextEscaping.plain($0.ruleID).count }.max() ?? 9)
        s +=
            "rule".padding(w) + "half-life".rightAligned(11) + "95% interval".rightAligned(18) + "now".rightAligned(8)
            + "deals".rightAligned(8) + "  in a CRM\n"
        for e in report.rules {
            let interval = "\(days(e.ciLow))–\(e.ciHigh.map { days($0) } ?? "∞")"
            var crm = "no decay"
            if let h = e.halfLifeDays {
                let c = CRMDecay(halfLifeDays: h)
                crm =
                    "HubSpot: −\(c.recommendedHubSpot.percent)% every \(c.recommendedHubSpot.months) month\(c.recommendedHubSpot.months == 1 ? "" : "s")"
                    + "; Marketo: " + c.marketoSetting
            }
            s +=
                TextEscaping.plain(e.ruleID).padding(w)
                + (e.halfLifeDays.map { days($0) + " days" } ?? "no decay").rightAligned(11)
                + interval.rightAligned(18) + days(e.currentHalfLifeDays).rightAligned(8)
                + F.count(e.deals).rightAligned(8) + "  " + crm + "\n"
        }
        for note in report.notes { s += "Note: \(TextEscaping.plain(note))\n" }
        return s
    }
}
