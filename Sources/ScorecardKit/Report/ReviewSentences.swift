/// Every sentence of a review that more than one renderer prints, composed once from the review's
/// values. ``ReviewDocument`` builds it, and the text, Markdown and HTML renderers print these
/// strings as they are, so the terminal and `review.md` can never word a figure two ways.
///
/// ```swift
/// let sentences = ReviewSentences(review)
/// sentences.fit   // "Fit: maximum likelihood; converged in 6 iterations on 212 distinct patterns; …"
/// ```
public struct ReviewSentences: Sendable {
    /// "Deals: FILE — 3,200 rows read, 3,200 used, …."
    public var deals: String
    /// "Closed deals: 857 won, 2,343 lost (win rate 26.8%), closed 2025-01-02 to 2026-09-30."
    public var outcomes: String
    /// What a team must know before anything else (``ReviewDocument/headline(_:)``).
    public var headline: [String]
    /// The fit: penalty and why, convergence, patterns, points per log-odds, log-likelihood.
    public var fit: String
    /// "Out of time (2026-Q3, refitted on 2025-Q1 to 2026-Q2): AUC 0.801 → 0.823; …", when the
    /// review held out a period.
    public var outOfTime: String?
    /// How well the data pin the threshold (``ThresholdInterval/reading(deals:)``).
    public var thresholdInterval: String?
    /// The bar over the most recent won deals (`--recent-won`).
    public var recentWon: String?
    /// What the platform's or the user's limits on points cost.
    public var limitsCost: String?
    /// What the revised threshold means as a win rate, with the held-out calibration when there is one.
    public var calibration: String?
    /// How many deals the refit needs against how many it had.
    public var sampleSize: String?
    /// The commonest next step for leads one behavior short of the bar.
    public var nextStep: String?

    /// Composes the sentences of `r`.
    public init(_ r: ReviewResult) {
        typealias F = NumberFormatting
        deals = "Deals: \(r.dealsFile) — \(r.accounting.summary)."
        outcomes =
            "Closed deals: \(r.won) won, \(r.lost) lost (win rate \(F.percent(Double(r.won) / Double(r.won + r.lost))))"
            + (r.closedRange.map { ", closed \($0.lowerBound) to \($0.upperBound)" } ?? "") + "."
        headline = ReviewDocument.headline(r)
        fit =
            "Fit: \(r.penaltyReason); \(r.fit.converged ? "converged" : "did not converge") in \(r.fit.iterations) iterations"
            + " on \(r.patterns) \(r.fit.patternsAreDistinct ? "distinct patterns" : "rows (too few repeats to compress)");"
            + " \(F.fixed(r.factor, 2)) points per unit of log-odds;"
            + " log-likelihood \(F.fixed(r.fit.logLikelihood, 2)) (intercept only \(F.fixed(r.fit.nullLogLikelihood, 2)))."
        outOfTime = r.holdout?.periods.last.map { h in
            var line =
                "Out of time (\(h.period), refitted on \(h.trainingPeriods)): AUC \(F.fixed(h.current.auc, 3)) → \(F.fixed(h.revised.auc, 3))"
            if let d = h.aucDifference {
                line +=
                    " (difference \(F.fixed(d.value, 3)), 95% bootstrap interval \(F.fixed(d.low, 3)) to \(F.fixed(d.high, 3)))"
            }
            if let w = h.currentWithoutDropped {
                line += "; the current card without the dropped rules \(F.fixed(w.auc, 3))"
            }
            // A rule the held-out period alone cannot apply (a capacity per month) has no precision there: left out.
            if h.current.precisionAtTargetRecall != nil || h.revised.precisionAtTargetRecall != nil {
                line +=
                    "; SQL-to-won at \(r.rule) \(F.percent(h.current.precisionAtTargetRecall ?? .nan)) → \(F.percent(h.revised.precisionAtTargetRecall ?? .nan))"
                if let p = h.precisionDifference {
                    line += " (difference \(F.percent(p.value)), \(F.percent(p.low)) to \(F.percent(p.high)))"
                }
            }
            return line + "; score drift PSI \(F.fixed(h.psi, 3)) (\(PopulationStability.band(h.psi)))."
        }
        thresholdInterval = r.thresholdInterval?.reading(deals: r.won + r.lost)
        recentWon = r.recentWon.map { $0.sentence(rule: r.rule) + "." }
        limitsCost = r.limitsCost?.sentence
        calibration = r.calibration.map { meaning in
            // In sample the slope is 1 and the intercept 0 by construction: only a held-out check says anything.
            let check = meaning.on == .holdout ? meaning.check : nil
            return meaning.reading(score: r.revisedCard.threshold)
                + (check.map {
                    " Calibration slope \(F.fixed($0.slope, 2)), intercept \(F.fixed($0.intercept, 2)) (1 and 0 are perfect)."
                } ?? "")
        }
        sampleSize = r.sampleSize?.sentence
        nextStep = r.nextStep.map {
            "Next step: \($0.sentence) (`scorecard score` gives each lead its own.)"
        }
    }
}
