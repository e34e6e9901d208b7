import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Each back-test period's numbers against answers computed outside the tool by
/// scripts/reference/after_fit_reference.py (committed output b2b-after-fit.json): the bundled
/// card against `card-without-noisy-signals.json` (no refit, so both cards are fixed), by quarter,
/// point in time. AUC by scikit-learn, KS by scipy's two-sample test, Brier score and log loss of
/// a statsmodels curve fitted on the training quarters, SQL counts, PSI and CSI by numpy.
@Suite("Back-test metrics against an independent answer")
struct BacktestReferenceTests {
    static func run(lastPeriodOnly: Bool = false) throws -> BacktestResult {
        let deals = try DealTable(csv: Fixtures.dataset("b2b-saas/deals.csv"), file: "deals.csv")
        let card = try Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")
        let against = try Scorecard(
            json: Fixtures.dataset("b2b-saas/card-without-noisy-signals.json"), file: "against.json")
        return try Backtest(
            options: .init(per: .quarter, against: against, resamples: 0, lastPeriodOnly: lastPeriodOnly)
        ).run(deals: deals, card: card)
    }

    /// Every period, both cards: AUC, KS and PSI/CSI to 1e-12 (sums of counts, the same in any
    /// order up to rounding); Brier and log loss to 1e-9 relative (both sides fit the curve by
    /// Newton to 1e-13 or tighter); SQL counts exactly; recall and precision to 1e-12. Any NaN
    /// fails (worstRelativeError), as does a missing or extra period.
    @Test func everyPeriodMatchesTheReference() throws {
        let ref = try #require(Fixtures.reference("b2b-after-fit.json")["backtest"]?["periods"]?.array)
        let result = try Self.run()
        #expect(result.periods.map(\.period) == ref.map { $0["period"]?.string ?? "?" })
        for (got, want) in zip(result.periods, ref) {
            let label = got.period
            #expect(
                got.deals == Int(want["deals"]!.number!) && got.won == Int(want["won"]!.number!)
                    && got.trainingDeals == Int(want["trainingDeals"]!.number!), "\(label)")
            for (name, m) in [("current", got.current), ("revised", got.revised)] {
                let w = want[name]!
                #expect(
                    worstRelativeError(
                        [m.auc, m.ks, m.recall, m.precision],
                        ["auc", "ks", "recall", "precision"].map { w[$0]?.number ?? .nan }) < 1e-12,
                    "\(label) \(name): auc \(m.auc), ks \(m.ks), recall \(m.recall), precision \(m.precision)")
                #expect(
                    worstRelativeError(
                        [m.brier, m.logLoss], [w["brier"]?.number ?? .nan, w["logLoss"]?.number ?? .nan]) < 1e-9,
                    "\(label) \(name): brier \(m.brier), log loss \(m.logLoss)")
                #expect(m.sqlCount == Int(w["sqlCount"]!.number!), "\(label) \(name): \(m.sqlCount) SQLs")
            }
            #expect(
                worstRelativeError([got.psi], [want["psi"]?.number ?? .nan], floor: 1e-12) < 1e-12,
                "\(label) PSI \(got.psi)")
            let csi = want["csi"]!
            #expect(got.characteristicStability.map(\.ruleID) == (csi.members ?? []).map(\.0), "\(label) CSI rules")
            #expect(
                worstRelativeError(
                    got.characteristicStability.map(\.csi),
                    got.characteristicStability.map { csi[$0.ruleID]?.number ?? .nan },
                    floor: 1e-12) < 1e-12, "\(label) CSI")
        }
    }

    /// The held-out calibration the review reports (the last quarter, the curve fitted on the
    /// quarters before it): slope and calibration-in-the-large against statsmodels (Logit on the
    /// logit of the predictions; GLM with that logit as offset), to 1e-8 relative.
    @Test func holdoutCalibrationMatchesStatsmodels() throws {
        let ref = try Fixtures.reference("b2b-after-fit.json")["holdoutCalibration"]!
        let result = try Self.run(lastPeriodOnly: true)
        #expect(result.periods.map(\.period) == [ref["period"]!.string!])
        let meaning = try #require(result.periods.first?.scoreMeaning)
        #expect(meaning.on == .holdout)
        let check = try #require(meaning.check)
        #expect(
            worstRelativeError(
                [check.slope, check.slopeIntercept, check.intercept],
                [ref["slope"]!.number!, ref["slopeIntercept"]!.number!, ref["intercept"]!.number!]) < 1e-8,
            "slope \(check.slope), intercept \(check.intercept)")
        #expect(!check.firth)
    }

    /// Brier score and log loss by hand, at the edges: probabilities are kept inside
    /// [1e-15, 1 − 1e-15] before the logarithm (a won deal given probability 0 costs
    /// −ln 1e-15 ≈ 34.5, not infinity), and a confident right answer (0.999) costs −ln 0.999.
    /// Four deals: won at p = 0.999, lost at p = 0.001, won at p = 0 (clamped), lost at p = 0.5.
    @Test func brierAndLogLossByHandAtTheEdges() {
        let p: [Double: Double] = [1: 0.999, 2: 0.001, 3: 0, 4: 0.5]
        let m = CardMetrics(
            scores: [1, 2, 3, 4], won: [true, false, true, false], threshold: 2, rule: .recall(0.8),
            probability: { p[$0]! })
        let brier = (0.001 * 0.001 + 0.001 * 0.001 + (1 - 1e-15) * (1 - 1e-15) + 0.25) / 4
        let logLoss = (-log(0.999) - log(0.999) - log(1e-15) - log(0.5)) / 4
        #expect(m.brier.isApproximatelyEqual(to: brier, relativeTolerance: 1e-12), "\(m.brier)")
        #expect(m.logLoss.isApproximatelyEqual(to: logLoss, relativeTolerance: 1e-12), "\(m.logLoss)")
        // At threshold 2: deals scored 2, 3 and 4 are SQLs, one of them won (recall ½, precision ⅓).
        #expect(
            m.sqlCount == 3 && m.recall == 0.5
                && m.precision.isApproximatelyEqual(to: 1.0 / 3, relativeTolerance: 1e-15))
    }

    /// The calibration the review reports, end to end: its hold-out refits the card on the seven
    /// earlier quarters (point in time, the planted noise left out) and checks the curve on the
    /// last. The reference re-derives that card's points and both numbers outside the tool
    /// (`reviewHoldout`); slope and intercept to 1e-8 relative, as in the test above.
    @Test func reviewCalibrationMatchesTheReference() throws {
        let ref = try Fixtures.reference("b2b-after-fit.json")["reviewHoldout"]!
        let deals = try DealTable(csv: Fixtures.dataset("b2b-saas/deals.csv"), file: "deals.csv")
        let card = try Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")
        // The reference refits the card less the dropped rules: the review without its
        // structural search (tested in StructuralSearchTests and DecisionFormatTests).
        var options = QuarterlyReview.Options(resamples: 0)
        options.structural = false
        let review = try QuarterlyReview(options: options).run(deals: deals, card: card)
        #expect(review.holdout?.periods.map(\.period) == [ref["period"]!.string!])
        let meaning = try #require(review.calibration)
        #expect(meaning.on == .holdout)
        #expect(
            worstRelativeError(
                [meaning.curve.intercept, meaning.curve.slope],
                [ref["curve"]!["intercept"]!.number!, ref["curve"]!["slope"]!.number!]) < 1e-8,
            "the hold-out card's curve \(meaning.curve): its points differ from the reference's \(ref["points"]!)")
        let check = try #require(meaning.check)
        #expect(
            worstRelativeError(
                [check.slope, check.slopeIntercept, check.intercept],
                [ref["slope"]!.number!, ref["slopeIntercept"]!.number!, ref["intercept"]!.number!]) < 1e-8,
            "slope \(check.slope), intercept \(check.intercept)")
        let json = ReviewDocument(review).json()["calibration"]
        #expect(
            json?["slope"]?.number == check.slope && json?["intercept"]?.number == check.intercept
                && json?["on"]?.string == "holdout")
    }
}
