import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The revised points of the bundled card against an answer computed outside the tool:
/// statsmodels' fit of the card's rules, the keep-threshold factor re-derived from PointsScaler's
/// documented rule (T / r*, then ±0.2% steps until the rounded card's 80% rule picks 80) and the
/// rounding, by scripts/reference/after_fit_reference.py (committed output b2b-after-fit.json).
@Suite("Points scaling against an independent answer")
struct ScalingReferenceTests {
    /// Every fitted coefficient to 1e-9, the factor to 1e-9 relative (it is a product of 80/r*
    /// and a step count, so an equal step count gives it to rounding), and every point exactly.
    @Test func bundledCardPointsMatchTheReference() throws {
        let ref = try Fixtures.reference("b2b-after-fit.json")["scaling"]!
        let (card, design, fit) = try PointsScalerTests.b2b()
        let r = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8))).scale(fit, card: card, design: design)
        let fitted = (ref["fitted"]?.array ?? []).compactMap(\.string)
        #expect(fitted == card.rules.indices.filter { fit.estimates[$0] != nil }.map { card.rules[$0].id })
        let coefficients = ref["coefficients"]!
        #expect(
            worstRelativeError(
                fitted.map { id in fit.coefficients[card.rules.firstIndex { $0.id == id }!] },
                fitted.map { coefficients[$0]?.number ?? .nan }) < 1e-9)
        #expect(worstRelativeError([fit.intercept.coefficient], [ref["intercept"]!.number!]) < 1e-9)
        #expect(worstRelativeError([r.factor], [ref["factor"]!.number!]) < 1e-9, "factor \(r.factor)")
        #expect(r.thresholdKept && r.card.threshold == ref["threshold"]!.number!)
        let points = ref["points"]!
        #expect(r.card.rules.count == card.rules.count)
        for rule in r.card.rules {
            #expect(
                rule.points == points[rule.id]?.number,
                "\(rule.id): \(rule.points), reference \(points[rule.id].map { "\($0)" } ?? "none")")
        }
        // The unrounded points are the factor times each coefficient (a kept rule: its points).
        for (j, rule) in card.rules.enumerated() {
            let want =
                fit.estimates[j] == nil ? rule.points : ref["factor"]!.number! * (coefficients[rule.id]?.number ?? .nan)
            #expect(r.exactPoints[j].isApproximatelyEqual(to: want, relativeTolerance: 1e-9), "\(rule.id)")
        }
    }

    /// The exact factor T / r* by hand: with the 80% rule's threshold on the log-odds scores r*,
    /// the reference's s0 is 80 / r*; no factor closer to s0 than the one taken keeps 80 (the scan
    /// goes nearest first), so the taken factor is within 0.2%·|steps| of s0.
    @Test func factorIsTheNearestThatKeepsTheThreshold() throws {
        let ref = try Fixtures.reference("b2b-after-fit.json")["scaling"]!
        let s0 = 80 / ref["rawThreshold"]!.number!
        #expect(s0.isApproximatelyEqual(to: ref["s0"]!.number!, relativeTolerance: 1e-15))
        let (card, design, fit) = try PointsScalerTests.b2b()
        let r = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8))).scale(fit, card: card, design: design)
        let steps = ref["stepsFromS0"]!.number!
        #expect(
            abs(r.factor / s0 - (1 + 0.002 * steps)) < 1e-12, "factor \(r.factor) is not s0 · (1 + 0.002 · \(steps))")
    }

    /// Rounding by hand: `points = step · round(s · β / step)` with halves away from zero (the
    /// schoolbook rule, and the reference script's). At one point per unit of log-odds (a
    /// threshold number of 0) coefficients set to ±2.5 and ±0.5 give ±3 and ±1; with a step of 5,
    /// 12.5 and −12.5 give ±15 (2.5 steps each).
    @Test func halvesRoundAwayFromZero() throws {
        let (card, design, fitted) = try PointsScalerTests.b2b()
        var fit = fitted
        let halves: [String: Double] = [
            "industry_fit": 2.5, "decision_maker": -2.5, "clear_use_case": 0.5, "unsubscribed": -0.5,
        ]
        for (id, beta) in halves { fit.estimates[card.rules.firstIndex { $0.id == id }!]!.coefficient = beta }
        let r = PointsScaler(method: .keepThreshold(0, rule: .recall(0.8))).scale(fit, card: card, design: design)
        #expect(r.factor == 1)
        let want: [String: Double] = ["industry_fit": 3, "decision_maker": -3, "clear_use_case": 1, "unsubscribed": -1]
        for (id, points) in want {
            #expect(r.card.rule(id)?.points == points, "\(id): \(r.card.rule(id)?.points ?? .nan)")
        }
        for (id, beta) in [("industry_fit", 12.5), ("decision_maker", -12.5)] {
            fit.estimates[card.rules.firstIndex { $0.id == id }!]!.coefficient = beta
        }
        let stepped = PointsScaler(method: .keepThreshold(0, rule: .recall(0.8)), step: 5).scale(
            fit, card: card, design: design)
        #expect(stepped.card.rule("industry_fit")?.points == 15 && stepped.card.rule("decision_maker")?.points == -15)
    }
}
