import Dispatch
import ScorecardKit

/// `scorecard review`: the quarterly review, printed and written to a directory.
enum ReviewCommand: Command {
    static let name = "review"
    static let abstract = "fit the card to closed deals, keep the threshold number, write the revised card and a review"
    static let usage = "DEALS.csv --scorecard CURRENT.json [--out DIR] [options]"
    static let discussion = """
        Fits the card's rules to the won and lost deals, flags signals and takes one decision per rule
        (keep, reweight, drop: leaky rules are left out of the refit), scales the refit to whole points
        so the 80% rule lands on the card's threshold number, compares the current and revised cards,
        back-tests on the last quarter, and writes DIR/revised-scorecard.json, DIR/review.md and
        DIR/review.html (nothing is written if any step fails).
        """
    static let options: [OptionSpec] =
        InputOptions.specs + [
            OptionSpec("out", "DIR", "where to write the three files", default: "scorecard-review"),
            OptionSpec("charts", "DIR", "also write the review's charts as SVG files there"),
        ] + PenaltyOption.specs(auto: true) + SelectionOptions.ruleSpecs + [SelectionOptions.recentWonSpec]
        + SelectionOptions.scalingSpecs + SelectionOptions.bootstrapSpecs
        + [FlagCommand.keepLeakySpec, FlagCommand.noStructuralSpec, InputOptions.formatSpec, InputOptions.quietSpec]
    static let examples = ["review datasets/b2b-saas/deals.csv --scorecard datasets/b2b-saas/current-scorecard.json"]

    static func run(_ args: ArgumentList, console: Console) throws {
        let input = try InputOptions(args)
        let penalty = try PenaltyOption.parse(args, allowAuto: true)
        var selection = try SelectionOptions(args)
        let out = args.options["out"] ?? "scorecard-review"

        let progress = ProgressLine(console: console, quiet: args.flags.contains("quiet"))
        defer { progress.finish() }
        progress.enter(.reading)
        let (deals, card) = try input.load()
        try selection.resolve(with: deals)
        var options = QuarterlyReview.Options(
            refit: selection.refit(penalty: penalty), resamples: selection.resamples, seed: selection.seed,
            keepLeaky: args.flags.contains("keep-leaky"))
        options.structural = !args.flags.contains("no-structural")
        options.progress = progress.reporter
        let review = try QuarterlyReview(options: options).run(deals: deals, card: card)
        progress.enter(.writing)
        let document = ReviewDocument(review)
        let paths = ["revised-scorecard.json", "review.md", "review.html"].map {
            out.hasSuffix("/") ? out + $0 : out + "/" + $0
        }
        let format = input.format
        // The three files and what is printed, rendered side by side (each text is what it is
        // rendered alone); printed once the files are written.
        let texts = renderedSideBySide([
            { review.revisedCard.json.rendered() }, { document.markdown() }, { document.html() },
            {
                switch format {
                case .json:
                    var json = document.json()
                    if case .object(var members) = json {
                        members.append(("wrote", .array(paths.map(JSONValue.string))))
                        json = .object(members)
                    }
                    return json.rendered()
                case .text:
                    return document.text(
                        wrote: "Wrote revised-scorecard.json, review.md and review.html to \(out)"
                            + (out.hasSuffix("/") ? "" : "/") + "; the evidence behind every decision: scorecard flag.")
                }
            },
        ])
        var files = Array(zip(paths, texts))
        if let charts = args.options["charts"] {
            files += ReviewCharts.all(review).map { (charts + "/" + $0.name, $0.svg) }
        }
        try FileSystem.writeAtomically(files)
        progress.finish()
        console.out(texts[3])
    }
}

/// Each of `renderers` run on the cores side by side, their texts in order.
private func renderedSideBySide(_ renderers: [@Sendable () -> String]) -> [String] {
    [String](unsafeUninitializedCapacity: renderers.count) { buffer, filled in
        nonisolated(unsafe) let out = buffer
        DispatchQueue.concurrentPerform(iterations: renderers.count) { k in
            (out.baseAddress! + k).initialize(to: renderers[k]())
        }
        filled = renderers.count
    }
}
