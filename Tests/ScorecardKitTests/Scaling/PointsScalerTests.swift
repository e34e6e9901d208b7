import ScorecardTestSupport
import Testing

@testable import ScorecardKit

@Suite("Points scaling")
struct PointsScalerTests {
    static func b2b() throws -> (Scorecard, DesignMatrix, LogisticFit) {
        let deals = try DealTable(csv: Fixtures.dataset("b2b-saas/deals.csv"), file: "deals.csv")
        let card = try Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")
        let design = try DesignMatrix(card: card, deals: deals)
        return (card, design, try LogisticRegression().fit(design))
    }

    /// keep-threshold: the 80% rule on the revised card's rounded scores picks the card's number,
    /// checked here by counting won deals at or above it directly.
    @Test func keepThresholdLandsOnTheCardsNumber() throws {
        let (card, design, fit) = try Self.b2b()
        let r = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8))).scale(fit, card: card, design: design)
        #expect(r.thresholdKept && r.card.threshold == 80)
        let scores = r.card.scores(design)
        let won = zip(scores, design.won).filter { $0.1 }.map { $0.0 }
        let atOrAbove = won.filter { $0 >= 80 }.count
        #expect(Double(atOrAbove) >= 0.8 * Double(won.count))
        // 80 is the highest such threshold: the next distinct won score above 80 keeps fewer than 80%.
        let next = won.filter { $0 > 80 }.min()!
        #expect(Double(won.filter { $0 >= next }.count) < 0.8 * Double(won.count))
        #expect(r.card.rules.allSatisfy { $0.points == $0.points.rounded() })
    }

    /// A threshold number of 0 (a card whose points are all still 0) cannot be kept by any factor:
    /// one point per unit of log-odds, each fitted rule's points its rounded coefficient, the threshold
    /// whatever the 80% rule picks on those points (counted here), and a note that says so.
    @Test func aThresholdOfZeroScalesOnePointPerLogOdds() throws {
        let (card, design, fit) = try Self.b2b()
        let r = PointsScaler(method: .keepThreshold(0, rule: .recall(0.8))).scale(fit, card: card, design: design)
        #expect(r.factor == 1 && !r.thresholdKept)
        for j in card.rules.indices {
            // A rule the fit left out keeps its points.
            #expect(
                r.card.rules[j].points
                    == (fit.estimates[j] == nil ? card.rules[j].points : fit.coefficients[j].rounded()),
                "\(card.rules[j].id)")
        }
        let won = zip(r.card.scores(design), design.won).filter { $0.1 }.map { $0.0 }.sorted(by: >)
        #expect(r.card.threshold == won[Int((0.8 * Double(won.count)).rounded(.up)) - 1])
        #expect(
            r.notes == [
                "the threshold number 0 is not positive, so no factor keeps it: points are one per unit of log-odds and the revised threshold is \(JSONValue.format(r.card.threshold))"
            ])
    }

    /// Handed the history's patterns, the threshold search scores each pattern once: the card,
    /// factor, threshold and notes are the very ones scoring every deal gives, for each method;
    /// and the firing counts the fit read off its patterns equal the counts over the deals.
    @Test func scalingOnPatternsEqualsScalingOnDeals() throws {
        let (card, design, fit) = try Self.b2b()
        let patterns = PatternTable(design)
        #expect(2 * patterns.count < design.rowCount)
        #expect(RuleFiring.count(fit, design: design) == RuleFiring.count(design))
        for method in [
            PointsScaler.Method.keepThreshold(80, rule: .recall(0.8)), .keepThreshold(55, rule: .precision(0.3)),
            .maxScore(100, rule: .recall(0.8)), .pdo(20, anchor: 50, rule: .recall(0.7)),
        ] {
            let scaler = PointsScaler(method: method)
            let deals = scaler.scale(fit, card: card, design: design, keepCurrent: [1])
            let byPattern = scaler.scale(fit, card: card, design: design, keepCurrent: [1], patterns: patterns)
            #expect(
                byPattern.card == deals.card && byPattern.factor == deals.factor
                    && byPattern.thresholdKept == deals.thresholdKept)
            #expect(
                byPattern.notes == deals.notes && byPattern.roundingCost(on: design) == deals.roundingCost(on: design))
        }
    }

    /// max:N: the factor makes the highest reachable unrounded score exactly N, counting the rules
    /// that keep their points for lack of evidence (moved to the new scale: a never-firing
    /// indicator can still fire for a new lead, so it counts once).
    @Test func maxScoreMakesTheTopScoreN() throws {
        let (card, design, fit) = try Self.b2b()
        let r = PointsScaler(method: .maxScore(100, rule: .recall(0.8))).scale(fit, card: card, design: design)
        var reach = 0.0
        for j in 0..<design.columnCount {
            if fit.estimates[j] != nil {
                let top = (0..<design.rowCount).map { design[$0, j] }.max()!
                reach += max(0, r.factor * fit.coefficients[j] * top)
            } else {
                reach += max(0, r.exactPoints[j] * (card.rules[j].capUnits ?? 1))
            }
        }
        #expect(reach.isApproximatelyEqual(to: 100, relativeTolerance: 1e-12))
        // partner_referral (+20 at 80, never fired) moved with the scale: below the new threshold.
        let referral = try #require(card.rules.firstIndex { $0.id == "partner_referral" })
        #expect(r.card.rules[referral].points < r.card.threshold)
    }

    /// pdo:P@S: P points double the odds (factor P/ln 2), and the anchor offset puts even odds at S.
    @Test func pdoFollowsTheCreditScoringConvention() throws {
        let (card, design, fit) = try Self.b2b()
        let r = PointsScaler(method: .pdo(20, anchor: 600, rule: .recall(0.8))).scale(fit, card: card, design: design)
        #expect(r.factor.isApproximatelyEqual(to: 20 / 0.693_147_180_559_945_3, relativeTolerance: 1e-15))
        // A lead with card score c has log-odds β0 + c/factor; with the offset its score is
        // c + offset, and at c + offset = 600 the log-odds must be 0.
        let offset = try #require(r.anchorOffset)
        let c = 600 - offset
        #expect((fit.intercept.coefficient + c / r.factor).isApproximatelyEqual(to: 0, absoluteTolerance: 1e-12))
    }

    @Test func stepAndLimitsBindThePoints() throws {
        let (card, design, fit) = try Self.b2b()
        let stepped = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)), step: 5).scale(
            fit, card: card, design: design)
        let fitted = stepped.card.rules.indices.filter { fit.estimates[$0] != nil }
        #expect(fitted.allSatisfy { stepped.card.rules[$0].points.truncatingRemainder(dividingBy: 5) == 0 })
        let capped = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)), limits: .init(ruleCap: 40)).scale(
            fit, card: card, design: design)
        #expect(fitted.allSatisfy { abs(capped.card.rules[$0].points) <= 40 })
        let total = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)), limits: .init(maxTotal: 100)).scale(
            fit, card: card, design: design)
        #expect(total.card.scores(design).max()! <= 100)
        #expect(total.notes.contains { $0.contains("capped at 100") })
    }

    /// The rounding cost is the AUC of factor × log-odds against the AUC of the rounded card.
    @Test func roundingCostComparesExactAndRoundedScores() throws {
        let (card, design, fit) = try Self.b2b()
        let r = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8))).scale(fit, card: card, design: design)
        let exact = design.scores(
            points: fit.coefficients.indices.map {
                fit.estimates[$0] == nil ? card.rules[$0].points : r.factor * fit.coefficients[$0]
            })
        let cost = r.roundingCost(on: design)
        #expect(cost.aucExact == RankingMetrics(scores: exact, won: design.won).auc)
        #expect(cost.aucRounded == RankingMetrics(scores: r.card.scores(design), won: design.won).auc)
        #expect(cost.kendallTau > 0.95 && cost.kendallTau <= 1)
    }

    @Test func methodParsing() {
        #expect(
            PointsScaler.Method(parsing: "keep-threshold", threshold: 80, rule: .recall(0.8))
                == .keepThreshold(80, rule: .recall(0.8)))
        #expect(PointsScaler.Method(parsing: "max:100", threshold: 80, rule: .f1) == .maxScore(100, rule: .f1))
        #expect(
            PointsScaler.Method(parsing: "pdo:20@600", threshold: 80, rule: .f1) == .pdo(20, anchor: 600, rule: .f1))
        #expect(PointsScaler.Method(parsing: "pdo:20", threshold: 80, rule: .f1) == .pdo(20, anchor: nil, rule: .f1))
        for bad in ["max:0", "max:x", "pdo:-1", "pdo:20@x", "keep", "max"] {
            #expect(PointsScaler.Method(parsing: bad, threshold: 80, rule: .f1) == nil, "\(bad)")
        }
    }
}
