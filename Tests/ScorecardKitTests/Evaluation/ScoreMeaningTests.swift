import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// What a score means: bands, the probability curve, calibration slope and intercept.
@Suite("Score meaning and calibration")
struct ScoreMeaningTests {
    /// A simulated history: scores 0–100, true logit p = −3 + 0.04·score.
    static func simulated(n: Int, seed: UInt64) -> (scores: [Double], won: [Bool]) {
        var rng = SplitMix64(seed: seed)
        var scores: [Double] = []
        var won: [Bool] = []
        for _ in 0..<n {
            let s = Double(rng.nextInt(below: 101))
            scores.append(s)
            won.append(rng.nextBool(probability: logistic(-3 + 0.04 * s)))
        }
        return (scores, won)
    }

    /// Properties of the bands: observed = won/deals, every deal in exactly one band, rising
    /// disjoint ranges, at least half the minimum per band, the Wilson interval holds the observed
    /// rate.
    @Test(arguments: [20, 57, 3_000]) func bandProperties(n: Int) {
        let (scores, won) = Self.simulated(n: n, seed: UInt64(n))
        let m = ScoreMeaning(scores: scores, won: won)
        #expect(m.bands.reduce(0) { $0 + $1.deals } == Double(n))
        #expect(m.bands.reduce(0) { $0 + $1.won } == Double(won.filter { $0 }.count))
        #expect(m.bands.count <= min(10, n / 10) && m.bands.count >= min(10, n / 10) - 1)
        for (k, b) in m.bands.enumerated() {
            #expect(b.observed == b.won / b.deals)
            #expect(b.deals >= 5 && b.scoreFrom <= b.scoreTo)
            #expect(b.interval.contains(b.observed))
            #expect(b.interval == wilsonInterval(successes: b.won, trials: b.deals))
            if k > 0 { #expect(b.scoreFrom > m.bands[k - 1].scoreTo) }
            let json = b.json
            #expect(json["observed"]?.number == b.observed && json["low"]?.number == b.interval.lowerBound)
        }
        // The curve rises (true slope 0.04), so the predicted rate rises from band to band.
        #expect(m.curve.slope > 0)
        #expect(zip(m.bands, m.bands.dropFirst()).allSatisfy { $0.predicted < $1.predicted })
    }

    /// In-sample on its own maximum-likelihood fit, the recalibration slope is 1 and the
    /// calibration-in-the-large 0: the ML score equations Σ(y − p̂) = 0, Σ(y − p̂)·score = 0 are the
    /// recalibration fit's score equations at (α, β) = (0, 1), since logit p̂ is linear in score.
    @Test func inSampleSlopeOneInterceptZero() throws {
        let (scores, won) = Self.simulated(n: 3_000, seed: 3)
        let m = ScoreMeaning(scores: scores, won: won)
        #expect(m.curve.method == .maximumLikelihood)
        let check = try #require(m.check)
        #expect(abs(check.slope - 1) < 1e-8 && abs(check.slopeIntercept) < 1e-8 && abs(check.intercept) < 1e-10)
        #expect(m.on == .inSample && m.json["on"]?.string == "in-sample")
        // On fresh deals: the held-out slope by a closed form. The recalibration fit regresses the
        // outcome on ℓ = a + b·score, linear in the score, so by the invariance of maximum
        // likelihood under reparametrization its slope is b′/b and its intercept a′ − (b′/b)·a,
        // where (a′, b′) is the fresh deals' own fit on the score (to 1e-8: both fits converge to
        // 1e-13). The calibration-in-the-large α solves Σ(y − expit(α + ℓ)) = 0 (its score
        // equation, checked to 1e-9 of the deals).
        let (testScores, testWon) = Self.simulated(n: 3_000, seed: 4)
        let holdout = ScoreMeaning(curve: m.curve, scores: testScores, won: testWon, on: .holdout)
        let h = try #require(holdout.check)
        let own = try LogisticRegression(tolerance: 1e-13).fit(
            PatternTable(ruleID: "score", values: testScores, won: testWon, weights: nil))
        let ratio = own.coefficients[0] / m.curve.slope
        #expect(abs(h.slope - ratio) < 1e-8 * abs(ratio), "held-out slope \(h.slope), closed form \(ratio)")
        #expect(abs(h.slopeIntercept - (own.intercept.coefficient - ratio * m.curve.intercept)) < 1e-8)
        let residual = zip(testScores, testWon).reduce(0.0) {
            $0 + ($1.1 ? 1 : 0) - logistic(h.intercept + m.curve.logOdds($1.0))
        }
        #expect(
            abs(residual) < 1e-9 * Double(testScores.count),
            "calibration-in-the-large \(h.intercept) leaves \(residual)")
        #expect(!h.firth && holdout.json["on"]?.string == "holdout")
        // Predictions twice as extreme in log-odds: slope about ½.
        let extreme = ScoreCalibration(intercept: 2 * m.curve.intercept, slope: 2 * m.curve.slope)
        let e = try #require(ScoreMeaning(curve: extreme, scores: scores, won: won, on: .inSample).check)
        #expect(abs(e.slope - 0.5) < 1e-8)
    }

    /// By hand: 20 deals, scores 1…20; deals 1–10 won 3 times, 11–20 won 7 times. Two bands of
    /// 10 (k = ⌊20/10⌋ = 2). Wilson 95% for 3/10: [0.107791, 0.603222]; for 7/10:
    /// [0.396778, 0.892209] (p̃ = (p + z²/2n)/(1 + z²/n) ± z/(1 + z²/n)·√(p(1−p)/n + z²/4n²)).
    /// Calibration-in-the-large with every prediction ¼ and 10 of 20 won: α = logit ½ − logit ¼ = ln 3.
    @Test func handChecked() throws {
        let scores = (1...20).map(Double.init)
        let won = [
            false, true, false, false, true, false, false, true, false, false,
            true, true, false, true, true, false, true, true, false, true,
        ]
        let m = ScoreMeaning(scores: scores, won: won)
        #expect(m.bands.count == 2)
        let (a, b) = (m.bands[0], m.bands[1])
        #expect(a.scoreFrom == 1 && a.scoreTo == 10 && a.deals == 10 && a.won == 3)
        #expect(b.scoreFrom == 11 && b.scoreTo == 20 && b.deals == 10 && b.won == 7)
        #expect(
            abs(a.interval.lowerBound - 0.10779126740630099) < 1e-12
                && abs(a.interval.upperBound - 0.6032218525388546) < 1e-12)
        #expect(
            abs(b.interval.lowerBound - 0.39677814746114537) < 1e-12
                && abs(b.interval.upperBound - 0.8922087325936989) < 1e-12)
        let citl = try #require(
            CalibrationCheck.offsetIntercept(
                offset: [Double](repeating: log(1.0 / 3), count: 20), won: won, weights: nil))
        #expect(abs(citl - log(3)) < 1e-12)
        #expect(
            m.sentence(score: 15)
                == "A lead at 15 points has won about 7 in 10 times (7 of 10 deals scored 11–20); the fitted curve puts it at \(Int((100 * m.curve.probability(15)).rounded()))%."
        )
        // Ties stay together: 15 deals at one score and 5 at another give bands of 15 and 5 (the
        // cut nearest to 10); 17 and 3 merge (3 < 10/2) into one band.
        let tied = ScoreBand.bands(
            scores: [Double](repeating: 5, count: 15) + [9, 9, 9, 9, 9], won: Array(won),
            predicted: [Double](repeating: 0.5, count: 20))
        #expect(tied.map(\.deals) == [15, 5])
        let merged = ScoreBand.bands(
            scores: [Double](repeating: 5, count: 17) + [9, 9, 9], won: Array(won),
            predicted: [Double](repeating: 0.5, count: 20))
        #expect(merged.count == 1 && merged[0].deals == 20 && merged[0].scoreFrom == 5 && merged[0].scoreTo == 9)
    }

    @Test func plainFractions() {
        #expect(ScoreMeaning.plainFraction(0.33) == (1, 3))
        #expect(ScoreMeaning.plainFraction(0.62) == (3, 5))
        #expect(ScoreMeaning.plainFraction(0.05) == (1, 20))
        #expect(ScoreMeaning.plainFraction(0.5) == (1, 2))
        #expect(ScoreMeaning.plainFraction(0.9) == (9, 10))
        #expect(ScoreMeaning.plainFraction(0.7) == (7, 10))
        #expect(ScoreMeaning.plainFraction(0.013) == (1, 77))
    }

    /// Scores that separate won from lost: the curve falls back to Firth with the FLIC intercept,
    /// so the mean predicted probability equals the observed rate (FLIC's defining property).
    @Test func separatedScoresFallBackToFirth() {
        let scores: [Double] = [10, 20, 30, 40, 50, 60, 70, 80]
        let won = [false, false, false, false, true, true, true, true]
        let curve = ScoreCalibration(scores: scores, won: won)
        #expect(curve.method == .firth && curve.slope > 0 && curve.slope.isFinite)
        let mean = scores.map(curve.probability).reduce(0, +) / 8
        #expect(abs(mean - 0.5) < 1e-9)
        // One outcome only: a flat curve at the rate, and no calibration slope.
        let flat = ScoreMeaning(scores: [1, 2, 3], won: [true, true, true])
        #expect(flat.curve.method == .constant && flat.check == nil && flat.json["slope"] == .null)
    }
}
