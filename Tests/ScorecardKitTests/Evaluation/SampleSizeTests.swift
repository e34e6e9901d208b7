import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Riley et al. (BMJ 2020;368:m441) minimum sample size for a binary outcome.
///
/// Reference numbers: pmsampsize 0.1.0 (PyPI, Python port of the R package by Ensor, Martin and
/// Riley), `pmsampsize_bin(rsquared, parameters, prevalence, shrinkage=0.9, cstatistic=None,
/// noprint=True)`, run 2026-12-02 on Python 3.11 (the wheel unpacked and imported directly) by
/// scripts/reference/pmsampsize_reference.py; the
/// `results_table` sample sizes per criterion and `max_r2a` are copied below.
@Suite("Sample size (Riley et al. 2020)")
struct SampleSizeTests {
    /// (R²cs, p, φ) → (n₁, n₂, n₃, minimum, max R²cs) from pmsampsize 0.1.0. The first row is the
    /// worked example of Riley et al. 2020 (24 parameters, prevalence 0.174, R²cs 0.288: 623, 662,
    /// 221 → 662).
    static let pmsampsize: [(r2: Double, p: Int, phi: Double, n1: Int, n2: Int, n3: Int, minimum: Int, maxR2: Double)] =
        [
            (0.288, 24, 0.174, 623, 662, 221, 662, 0.6032086677670351),
            (0.05, 10, 0.3, 1750, 272, 323, 1750, 0.7052797283253849),
            (0.1, 12, 0.25, 1019, 332, 289, 1019, 0.6752404735808355),
            (0.02, 5, 0.5, 2225, 130, 385, 2225, 0.75),
            // The conservative default, 15% of max R²cs at φ = 0.3 (0.10579195924880773).
            (0.10579195924880773, 10, 0.3, 800, 264, 323, 800, 0.7052797283253849),
        ]

    @Test(arguments: 0..<5) func matchesPmsampsize(index: Int) {
        let r = Self.pmsampsize[index]
        let s = SampleSize(parameters: r.p, prevalence: r.phi, anticipatedR2CS: r.r2)
        #expect(s.criteria == .init(shrinkage: r.n1, optimism: r.n2, intercept: r.n3))
        #expect(s.minimumDeals == r.minimum)
        #expect(s.maximumR2CS.isApproximatelyEqual(to: r.maxR2, relativeTolerance: 1e-12))
    }

    @Test func conservativeDefaultIsFifteenPercentOfMaximum() {
        #expect(
            SampleSize.conservativeR2CS(prevalence: 0.3).isApproximatelyEqual(
                to: 0.10579195924880773, relativeTolerance: 1e-12))
        // At φ = ½ the intercept-only log-likelihood per deal is ln ½, so max R²cs = 1 − ¼.
        #expect(SampleSize.maximumR2CS(prevalence: 0.5).isApproximatelyEqual(to: 0.75, relativeTolerance: 1e-15))
    }

    /// By hand: p = 5, φ = 0.5, R²cs = 0.02. (i) 5 / (−0.1 · ln(1 − 0.02/0.9)) = 5 / 0.0022472…
    /// = 2224.9 → 2225. (ii) S = 0.02 / (0.02 + 0.05·0.75) = 0.347826…; ln(1 − 0.02/S) =
    /// ln(0.9425) = −0.059219…; 5 / (0.652174 · 0.059219) = 129.46 → 130. (iii) (1.96/0.05)² · ¼ =
    /// 39.2² · ¼ = 1536.64 · ¼ = 384.16 → 385.
    @Test func handCalculation() {
        let s = SampleSize(parameters: 5, prevalence: 0.5, anticipatedR2CS: 0.02, deals: 400)
        #expect(s.optimismShrinkage.isApproximatelyEqual(to: 0.02 / (0.02 + 0.05 * 0.75), relativeTolerance: 1e-14))
        #expect(s.criteria.shrinkage == 2225 && s.criteria.optimism == 130 && s.criteria.intercept == 385)
        #expect(s.isEnough == false)
        let json = s.json
        #expect(json["minimumDeals"]?.number == 2225 && json["deals"]?.number == 400 && json["parameters"]?.number == 5)
        #expect(
            json["criteria"]?["optimism"]?.number == 130 && json["anticipatedR2CS"]?.number == 0.02
                && json["prevalence"]?.number == 0.5)
    }

    /// The apparent LR R²cs shrunk by van Houwelingen's factor: with ℓ₀ = −60, ℓ = −50, n = 100,
    /// p = 4: R²app = 1 − e^(−0.2) = 0.181269; S = 1 + 4/(100 · ln(0.818731)) = 1 − 0.2 = 0.8
    /// (ln(1 − R²app) = −0.2 exactly); adjusted = 0.8 · 0.181269 = 0.145015.
    @Test func anticipatedFromAFit() throws {
        let r2 = try #require(
            SampleSize.anticipatedR2CS(logLikelihood: -50, nullLogLikelihood: -60, deals: 100, parameters: 4))
        #expect(r2.isApproximatelyEqual(to: 0.8 * (1 - exp(-0.2)), relativeTolerance: 1e-12))
        // As many parameters as the likelihood ratio (LR = 20): S_VH = 0, no anticipated value.
        #expect(
            SampleSize.anticipatedR2CS(logLikelihood: -50, nullLogLikelihood: -60, deals: 100, parameters: 20) == nil)
        #expect(
            SampleSize.anticipatedR2CS(logLikelihood: -50, nullLogLikelihood: -60, deals: 100, parameters: 25) == nil)
    }

    /// n′ = n (z·SE/Δ)²: SE 0.5 on 100 deals, Δ 0.4 → 100 · (1.959964 · 1.25)² = 600.23 → 601,
    /// 501 more; with 80% power z = 1.959964 + 0.841621 = 2.801585 → 1226.4 → 1227.
    @Test func dealsToDistinguishAChange() {
        let edge = SampleSize.dealsToDistinguish(change: 0.4, standardError: 0.5, deals: 100)
        #expect(edge.total == 601 && edge.additional == 501)
        let powered = SampleSize.dealsToDistinguish(change: -0.4, standardError: 0.5, deals: 100, power: 0.8)
        #expect(powered.total == 1227)
        // Already distinguishable: no more deals.
        let already = SampleSize.dealsToDistinguish(change: 2, standardError: 0.5, deals: 100)
        #expect(already.total == 100 && already.additional == 0)
    }
}

extension SampleSizeTests {
    /// From a fit: p = fitted rules, φ = won/deals, R²cs from the log-likelihoods (by the formula
    /// above, recomputed here), else the 15% default.
    @Test func fromAFit() throws {
        let deals = try DealTable(csv: Fixtures.dataset("b2b-saas/deals.csv"), file: "deals.csv")
        let card = try Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")
        let fit = try LogisticRegression(profileIntervals: false).fit(DesignMatrix(card: card, deals: deals))
        let (s, source) = try #require(SampleSize.forFit(fit))
        let p = fit.keptColumns.count
        let n = fit.deals
        let lr = 2 * (fit.logLikelihood - fit.nullLogLikelihood)
        let expected = (lr - Double(p)) / lr * (1 - exp(-lr / n))
        #expect(source == .fit && s.parameters == p && s.deals == n && s.prevalence == fit.won / n)
        #expect(s.anticipatedR2CS.isApproximatelyEqual(to: expected, relativeTolerance: 1e-12))
        #expect(s.minimumDeals == max(s.criteria.shrinkage, s.criteria.optimism, s.criteria.intercept))
    }
}
