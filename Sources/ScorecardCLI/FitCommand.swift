import ScorecardKit

/// `scorecard fit`: logistic regression on the card's rules, with inference.
enum FitCommand: Command {
    static let name = "fit"
    static let abstract =
        "logistic regression of won/lost on the card's rules: coefficients, standard errors, intervals"
    static let usage = "DEALS.csv --scorecard CARD.json [--penalty none|l2|firth|prior] [--lambda X] [options]"
    static let discussion = """
        Fits logit P(won) = intercept + Σ coefficient × rule column by Newton–Raphson on the distinct
        rule patterns. Reports Wald standard errors, z, p and 95% intervals (profile-likelihood for
        Firth), and the points each coefficient is worth when the card keeps its threshold number (the
        same points the review gives). A rule that fires only for won (or only for lost) deals makes
        maximum likelihood infinite: under --penalty none that is an error naming the rule; --penalty
        firth gives finite estimates.
        """
    static let options: [OptionSpec] =
        InputOptions.specs + PenaltyOption.specs(auto: false) + SelectionOptions.ruleSpecs
        + SelectionOptions.scalingSpecs + [InputOptions.formatSpec, InputOptions.quietSpec]
    static let examples = [
        "fit datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json --format json"
    ]

    static func run(_ args: ArgumentList, console: Console) throws {
        let input = try InputOptions(args)
        let penalty = try PenaltyOption.parse(args, allowAuto: false) ?? Penalty.none
        var selection = try SelectionOptions(args)
        let progress = ProgressLine(console: console, quiet: args.flags.contains("quiet"))
        defer { progress.finish() }
        progress.enter(.reading)
        let (deals, card) = try input.load()
        try selection.resolve(with: deals)
        progress.enter(.fitting)
        let refit = try selection.refit(penalty: penalty).spanning(deals.closedRange).run(deals: deals, card: card)
        progress.finish()
        let fit = refit.fitted.fit
        let factor = refit.scaled.factor
        switch input.format {
        case .json:
            var json = fit.json(card: card, factor: factor, accounting: deals.accounting, shifts: refit.scaled.shifts)
            if case .object(var members) = json, let cost = refit.limitsCost {
                members.append(("limitsCost", cost.json))
                json = .object(members)
            }
            if case .object(var members) = json, !refit.fitted.notes.isEmpty {
                members.append(("notes", .array(refit.fitted.notes.map(JSONValue.string))))
                json = .object(members)
            }
            console.out(json.rendered())
        case .text:
            console.out(text(fit, card: card, factor: factor, shifts: refit.scaled.shifts, deals: deals))
            for note in refit.fitted.notes { console.out(TextLayout.wrap("Note: " + TextEscaping.plain(note))) }
            if let cost = refit.limitsCost { console.out(TextLayout.wrap(cost.sentence)) }
        }
    }

    static func text(_ fit: LogisticFit, card: Scorecard, factor: Double, shifts: [Double], deals: DealTable) -> String
    {
        typealias F = NumberFormatting
        var s = "Logistic regression: \(TextEscaping.plain(card.name)) on \(TextEscaping.plain(deals.file))\n"
        s += "\(deals.accounting.summary)\n"
        s +=
            "penalty \(fit.penalty); \(fit.converged ? "converged" : "NOT converged") in \(fit.iterations) iterations; \(fit.patternCount) \(fit.patternsAreDistinct ? "patterns" : "rows (too few repeats to compress)")\n"
        s +=
            "log-likelihood \(F.fixed(fit.logLikelihood, 3)), intercept-only \(F.fixed(fit.nullLogLikelihood, 3)), pseudo-R² \(F.fixed(fit.pseudoR2, 4))\n\n"
        let w = max(9, card.rules.map { TextEscaping.plain($0.id).count }.max() ?? 9)
        func pad(_ t: String, _ n: Int) -> String { t.rightAligned(n) }
        func left(_ t: String, _ n: Int) -> String { t.padding(n) }
        s +=
            left("", w) + pad("coef", 10) + pad("std err", 10) + pad("z", 8) + pad("P>|z|", 8) + pad("[0.025", 10)
            + pad("0.975]", 10) + pad("points", 8) + pad("now", 6) + "\n"
        func row(_ name: String, _ e: Estimate, points: String, now: String) -> String {
            left(name, w) + pad(F.fixed(e.coefficient, 4), 10) + pad(F.fixed(e.stdError, 4), 10)
                + pad(F.fixed(e.z, 2), 8)
                + pad(F.fixed(e.pValue, 3), 8) + pad(F.fixed(e.ciLow, 3), 10) + pad(F.fixed(e.ciHigh, 3), 10)
                + pad(points, 8) + pad(now, 6) + "\n"
        }
        s += row("intercept", fit.intercept, points: "", now: "")
        for (j, r) in card.rules.enumerated() {
            let shift = j < shifts.count ? shifts[j] : 0
            if let e = fit.estimates[j] {
                s += row(
                    TextEscaping.plain(r.id), e, points: F.fixed(factor * e.coefficient + shift, 1),
                    now: JSONValue.format(r.points))
            } else if fit.exclusions[r.id] == .reference {
                s +=
                    left(TextEscaping.plain(r.id), w) + pad("0", 10) + pad("reference", 10) + pad("", 46)
                    + pad(F.fixed(shift, 1), 8) + pad(JSONValue.format(r.points), 6) + "\n"
            } else {
                s +=
                    left(TextEscaping.plain(r.id), w) + "  not fitted: " + (fit.exclusions[r.id]?.phrase ?? "excluded")
                    + "\n"
            }
        }
        for warning in fit.warnings { s += "Warning: \(TextEscaping.plain(warning))\n" }
        return s
    }
}
