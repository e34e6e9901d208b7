import ScorecardKit

/// `scorecard backtest`: out-of-time evaluation of the current and revised cards.
enum BacktestCommand: Command {
    static let name = "backtest"
    static let abstract =
        "out-of-time test: refit on earlier periods, compare current and revised cards on each later one"
    static let usage = "DEALS.csv --scorecard CARD.json [--against REVISED.json] [--by quarter|month] [options]"
    static let discussion = """
        Splits the closed deals by closed_at. For each period, the card is refitted on the periods
        before it (or the last --window N) exactly as the review refits it, and both cards are scored
        on the period's deals: AUC, KS, Brier score, log loss, recall, precision and SQLs at each
        card's threshold (dual bars respected), precision at the selection rule's recall (equal recall
        for both cards), the difference with a bootstrap interval, the deals that would flip, and drift
        (PSI of the scores, CSI of each rule: < 0.1 stable, 0.1–0.25 watch, > 0.25 shifted). Signals
        dated after a deal's scored_at are not counted (no peeking at activity after the decision).
        """
    static let options: [OptionSpec] =
        InputOptions.specs + [
            OptionSpec("against", "FILE", "compare with this card instead of refitting per period"),
            OptionSpec("by", "quarter|month", "the periods", default: "quarter"),
            OptionSpec("window", "N", "train on the last N periods only (rolling)", default: "all earlier"),
            FlagCommand.keepLeakySpec, FlagCommand.noStructuralSpec,
        ] + PenaltyOption.specs(auto: true) + SelectionOptions.ruleSpecs + [SelectionOptions.recentWonSpec]
        + SelectionOptions.scalingSpecs + SelectionOptions.bootstrapSpecs
        + [InputOptions.formatSpec]
    static let examples = [
        "backtest datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json --by quarter"
    ]

    static func run(_ args: ArgumentList, console: Console) throws {
        let input = try InputOptions(args)
        let penalty = try PenaltyOption.parse(args, allowAuto: true)
        var selection = try SelectionOptions(args)
        let byText = args.options["by"] ?? "quarter"
        guard let by = Period(rawValue: byText) else {
            throw CLIError.usage("--by must be quarter or month; got \(quoted(byText))", command: name)
        }
        let window: Int? =
            args.options["window"] == nil ? nil : try args.integer("window", default: 1, range: 1...1_000)
        let (deals, current) = try input.load()
        try selection.resolve(with: deals)
        try deals.requireBothOutcomes()
        var against: Scorecard? = nil
        if let path = args.options["against"] { against = try Scorecard(json: FileSystem.readText(path), file: path) }
        var card = current
        var recipe = selection.refit(penalty: penalty)
        var dropped: [String] = []
        var refitting: Scorecard? = nil
        if against == nil {
            // Refit each window exactly as the review does: the half-lives the data exclude
            // replaced, and the rules the review's decisions drop left out.
            card = try CheckedHalfLives(card: current, deals: deals).card
            let decided = try FlagCommand.decisions(args, refit: recipe.spanning(deals.closedRange), per: selection.per)
                .run(deals: deals, card: card, design: DesignMatrix(card: card, deals: deals))
            recipe = decided.recipe
            dropped = decided.dropped.map(\.id)
            // Merged, gated or added rules: each window refits the card the decisions made.
            if !decided.structural.isEmpty { refitting = decided.final.card }
        }
        var options = Backtest.Options(
            per: by, window: window, against: against, refit: recipe,
            resamples: selection.resamples, seed: selection.seed)
        options.dropped = dropped
        options.refitting = refitting
        var result = try Backtest(options: options).run(deals: deals, card: card)
        if !dropped.isEmpty {
            result.notes.insert(
                "as in the review, the refitted cards leave out \(dropped.joined(separator: ", ")) (see scorecard flag)",
                at: 0)
        }
        switch input.format {
        case .json: console.out(result.json.rendered())
        case .text: console.out(text(result, card: card, deals: deals))
        }
    }

    static func text(_ r: BacktestResult, card: Scorecard, deals: DealTable) -> String {
        typealias F = NumberFormatting
        var s =
            "Back-test: \(TextEscaping.plain(card.name)) on \(TextEscaping.plain(deals.file)), by \(r.per.rawValue), "
        s += (r.window.map { "rolling \($0)-\(r.per.rawValue) window" } ?? "expanding window") + "\n"
        let window = r.window.map { "the \($0) \(r.per.rawValue)s" } ?? "every \(r.per.rawValue)"
        s +=
            r.refitted
            ? "Revised card: refitted on \(window) before each test \(r.per.rawValue).\n"
            : "Revised card: the --against card.\n"
        func pad(_ t: String, _ n: Int) -> String { t.rightAligned(n) }
        func pair(_ a: String, _ b: String) -> String { a + " → " + b }
        s +=
            "\n" + "Period".padding(9) + pad("Deals", 6) + pad("Won", 5) + pad("PSI", 6) + pad("AUC cur → rev", 16)
            + pad("Prec@\(r.rule) cur → rev", 27)
            + pad("SQLs cur → rev", 16) + pad("Won SQL cur → rev", 19) + "\n"
        for p in r.periods {
            s +=
                (p.period + (p.tooFew ? "*" : "")).padding(9) + pad("\(p.deals)", 6) + pad("\(p.won)", 5)
                + pad(F.fixed(p.psi, 2), 6)
                + pad(pair(F.fixed(p.current.auc, 3), F.fixed(p.revised.auc, 3)), 16)
                + pad(
                    pair(
                        F.percent(p.current.precisionAtTargetRecall ?? .nan),
                        F.percent(p.revised.precisionAtTargetRecall ?? .nan)), 27)
                + pad(pair("\(p.current.sqlCount)", "\(p.revised.sqlCount)"), 16)
                + pad(pair(F.percent(p.current.precision), F.percent(p.revised.precision)), 19) + "\n"
        }
        if r.periods.contains(where: \.tooFew) {
            s +=
                "* too few deals to compare the cards on (fewer than \(Backtest.minimumPeriodDeals), or fewer than \(Backtest.minimumPeriodOutcome) won or lost)\n"
        }
        if let pooled = r.pooled {
            let together =
                r.refitted
                ? "All test periods together (out of time)"
                : "All test periods together (the --against card as given: out of time only if it was made before these periods)"
            s +=
                "\n"
                + TextLayout.wrap(
                    "\(together): AUC \(F.fixed(pooled.current.auc, 3)) → \(F.fixed(pooled.revised.auc, 3)); "
                        + "precision at \(r.rule) \(F.percent(pooled.current.precisionAtTargetRecall ?? .nan)) → \(F.percent(pooled.revised.precisionAtTargetRecall ?? .nan)); "
                        + "Brier \(F.fixed(pooled.current.brier, 4)) → \(F.fixed(pooled.revised.brier, 4)); log loss \(F.fixed(pooled.current.logLoss, 4)) → \(F.fixed(pooled.revised.logLoss, 4))."
                )
        }
        if let last = r.periods.last, last.tooFew {
            let enough =
                r.latestComparable.map { "; the summary below is for \($0.period), the latest with enough" }
                ?? "; no period has enough, so none is summarized"
            s += TextLayout.wrap(
                "\(last.period) has \(last.deals) deals (\(last.won) won): too few to compare the cards on (at least \(Backtest.minimumPeriodDeals) deals and \(Backtest.minimumPeriodOutcome) of each outcome)\(enough)."
            )
        }
        if let last = r.latestComparable {
            if let d = last.aucDifference {
                s += TextLayout.wrap(
                    "\(last.period): AUC difference \(F.fixed(d.value, 3)) (95% interval \(F.fixed(d.low, 3)) to \(F.fixed(d.high, 3)))"
                        + (last.precisionDifference.map {
                            "; precision difference at \(r.rule) \(F.percent($0.value)) (\(F.percent($0.low)) to \(F.percent($0.high)))"
                        } ?? "") + ".")
            }
            s += TextLayout.wrap(
                "\(last.period): \(last.becameSQL.deals) deals would become SQLs (\(last.becameSQL.won) won) and \(last.stoppedSQL.deals) would stop being SQLs (\(last.stoppedSQL.won) won)."
            )
            s += TextLayout.wrap(
                "Drift in \(last.period): score PSI \(F.fixed(last.psi, 3)) (\(PopulationStability.band(last.psi))); rules "
                    + last.characteristicStability.filter { $0.csi >= 0.1 }.map {
                        "\($0.ruleID) CSI \(F.fixed($0.csi, 2)) (\(PopulationStability.band($0.csi)))"
                    }
                    .joined(separator: ", ").ifEmpty("all stable (CSI < 0.1)") + ".")
        }
        for n in r.notes { s += TextLayout.wrap("Note: \(TextEscaping.plain(n))") }
        return s
    }
}
