import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Platform limits as scaling constraints, and what they cost; every number checked here is
/// recomputed in the test from the rules and the raw CSV, not through the scorer.
@Suite("Platform limits")
struct PlatformTests {
    /// The highest score a card can reach, by hand: positive points, an `each` rule times its cap
    /// in units (cap in points / points, which stays fixed when points are refitted).
    static func reach(_ card: Scorecard, kind: RuleKind? = nil) -> Double {
        card.rules.filter { kind == nil || $0.kind == kind }.reduce(0) { total, rule in
            guard rule.points > 0 else { return total }
            if case .each(_, let cap) = rule.measure { return total + rule.points * (cap! / rule.points) }
            return total + rule.points
        }
    }

    /// Each closed deal's score on `card`, evaluated from the CSV cells by this test's own reading
    /// of the rules (strings trimmed and compared without case, empty cells missing), with its outcome.
    static func handScores(_ card: Scorecard, csv: String) throws -> [(score: Double, won: Bool)] {
        let table = try CSVReader().read(csv, file: "deals.csv")
        let col = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })
        func matches(_ cell: String, _ v: ConditionValue) -> Bool {
            switch v {
            case .string(let s): cell.trimmingCharacters(in: .whitespaces).lowercased() == s.lowercased()
            case .number(let x): Double(cell) == x
            case .bool(let b): cell.lowercased() == (b ? "true" : "false")
            }
        }
        var out: [(Double, Bool)] = []
        for row in table.rows {
            let outcome = row[col["outcome"]!]
            guard outcome == "won" || outcome == "lost" else { continue }
            var score = 0.0
            for rule in card.rules {
                let cell = row[col[rule.signal]!].trimmingCharacters(in: .whitespaces)
                switch rule.measure {
                case .when(let c):
                    let fires: Bool
                    if cell.isEmpty {
                        if case .present(false) = c { fires = true } else { fires = false }
                    } else {
                        switch c {
                        case .equals(let v): fires = matches(cell, v)
                        case .oneOf(let vs): fires = vs.contains { matches(cell, $0) }
                        case .atLeast(let x): fires = Double(cell)! >= x
                        case .atMost(let x): fires = Double(cell)! <= x
                        case .between(let a, let b): fires = Double(cell)! >= a && Double(cell)! <= b
                        case .present(let p): fires = p
                        }
                    }
                    if fires { score += rule.points }
                case .each(let each, let cap):
                    guard let v = Double(cell) else { continue }
                    var units = v / each
                    if let cap { units = min(units, cap / abs(rule.points)) }
                    score += rule.points * units
                case .anyOf:
                    Issue.record("this hand scorer reads only the bundled cards, which have no merged rules")
                }
            }
            out.append((score.rounded(), outcome == "won"))
        }
        return out
    }

    /// AUC by counting pairs: won above lost 1, tie ½.
    static func pairAUC(_ s: [(score: Double, won: Bool)]) -> Double {
        let won = s.filter(\.won).map(\.score)
        let lost = s.filter { !$0.won }.map(\.score)
        var wins = 0.0
        for w in won { for l in lost { wins += w > l ? 1 : w == l ? 0.5 : 0 } }
        return wins / Double(won.count * lost.count)
    }

    @Test func documentedLimits() {
        #expect(Platform.hubspotPro.limits == .init(maxTotal: 100, groupMax: 100, step: 1))
        #expect(Platform.hubspotEnterprise.limits == .init(maxTotal: 500, groupMax: 500, step: 1))
        #expect(
            Platform.salesforceAccountEngagement.limits == .init(step: 1) && Platform.marketo.limits == .init(step: 1))
        #expect(Platform(rawValue: "hubspot-pro") == .hubspotPro && Platform(rawValue: "pardot") == nil)
        // The tighter of each bound, the coarser step.
        let both = PointsScaler.Limits(ruleCap: 40, maxTotal: 300, step: 5).tightened(by: Platform.hubspotPro.limits)
        #expect(both == .init(ruleCap: 40, maxTotal: 100, groupMax: 100, step: 5))
        #expect(
            PointsScaler.Limits(step: 1).effectiveStep(0.5) == 1 && PointsScaler.Limits(step: 1).effectiveStep(2.4) == 2
        )
    }

    /// The property: on b2b-saas (whose unconstrained revised card reaches far more than 100
    /// points), scaling within HubSpot Professional's limits keeps the card's reachable maximum, and
    /// each subscore's, within 100, in whole points.
    @Test func hubspotProKeepsTheReachWithinTheLimit() throws {
        let (card, design, fit) = try PointsScalerTests.b2b()
        let free = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8))).scale(fit, card: card, design: design)
        #expect(Self.reach(free.card) > 100)
        let limited = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)), limits: Platform.hubspotPro.limits)
            .scale(fit, card: card, design: design)
        #expect(Self.reach(limited.card) <= 100)
        #expect(Self.reach(limited.card, kind: .fit) <= 100 && Self.reach(limited.card, kind: .behavior) <= 100)
        #expect(limited.card.rules.allSatisfy { $0.points == $0.points.rounded() })
        #expect(limited.card.reachableMaximum() == Self.reach(limited.card))
        #expect(limited.notes.contains { $0.contains("capped at 100") })
    }

    /// The cost's SQL counts equal a count of the hand-computed scores at each card's threshold,
    /// its AUCs a count of won/lost pairs, and its maxima the hand reach.
    @Test func costNumbersMatchAHandCount() throws {
        let (card, design, fit) = try PointsScalerTests.b2b()
        let scaler = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)))
        let cost = scaler.limitsCost(
            Platform.hubspotPro.limits, describedAs: "hubspot-pro's limits", platform: .hubspotPro, fit: fit,
            card: card, design: design)
        let before = scaler.scale(fit, card: card, design: design).card
        let after = PointsScaler(method: .keepThreshold(80, rule: .recall(0.8)), limits: Platform.hubspotPro.limits)
            .scale(fit, card: card, design: design).card
        let csv = try Fixtures.dataset("b2b-saas/deals.csv")
        for (c, sqls, auc, threshold, top) in [
            (before, cost.sqlsBefore, cost.aucBefore, cost.thresholdBefore, cost.maxBefore),
            (after, cost.sqlsAfter, cost.aucAfter, cost.thresholdAfter, cost.maxAfter),
        ] {
            let hand = try Self.handScores(c, csv: csv)
            #expect(hand.count == 857 + 2161)
            #expect(threshold == c.threshold)
            #expect(sqls == Double(hand.filter { $0.score >= c.threshold }.count))
            #expect(auc.isApproximatelyEqual(to: Self.pairAUC(hand), relativeTolerance: 1e-12))
            #expect(top == Self.reach(c))
        }
        #expect(cost.maxAfter! <= 100 && cost.maxBefore! > 100)
    }
}
