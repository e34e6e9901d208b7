import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Half-lives from the outcomes, against histories with planted (known) half-lives.
@Suite("Decay half-lives by profile likelihood")
struct DecayEstimatorTests {
    /// The simulator's intent rules; `buying_questions` carries a (wrong) current half-life.
    static let card = """
        {"schema": "scorecard/v1", "name": "decay test", "threshold": 50, "rules": [
         {"id": "industry_fit", "kind": "fit", "signal": "industry", "when": {"in": ["software", "manufacturing"]}, "points": 10},
         {"id": "decision_maker", "kind": "fit", "signal": "is_decision_maker", "when": {"equals": true}, "points": 20},
         {"id": "pricing_page", "kind": "behavior", "signal": "pricing_page_visits", "when": {"atLeast": 1}, "points": 30},
         {"id": "demo_request", "kind": "behavior", "signal": "demo_requested", "when": {"equals": true}, "points": 45},
         {"id": "purchase_inquiry", "kind": "behavior", "signal": "purchase_inquiry", "when": {"equals": true}, "points": 50},
         {"id": "buying_questions", "kind": "behavior", "signal": "replied_buying_questions", "when": {"equals": true}, "points": 15}
        ]}
        """

    static func history(seed: UInt64, deals: Int) throws -> (DealTable, Scorecard) {
        let sim = DealSimulator(
            seed: seed, deals: deals, quarters: 1, halfLives: ["demo_request": 14, "buying_questions": 45])
        return (try DealTable(csv: sim.dealsCSV(), file: "planted.csv"), try Scorecard(json: card, file: "card.json"))
    }

    /// Planted: demo_request 14 days, buying_questions 45 days; pricing_page and purchase_inquiry
    /// do not decay. Each planted half-life lies inside its 95% interval, the intervals are
    /// finite and narrower than the grid, and the non-decaying rules come out as no decay with an
    /// interval open above.
    @Test func recoversPlantedHalfLives() throws {
        let (deals, card) = try Self.history(seed: 3, deals: 6_000)
        let report = try DecayEstimator().estimate(card: card, deals: deals)
        #expect(report.rules.map(\.ruleID) == ["pricing_page", "demo_request", "purchase_inquiry", "buying_questions"])
        for (id, truth) in [("demo_request", 14.0), ("buying_questions", 45.0)] {
            let e = try #require(report[id])
            let high = try #require(e.ciHigh, "\(id) has an interval open above")
            #expect(e.halfLifeDays != nil && e.ciLow <= truth && truth <= high, "\(id): \(e.ciLow)–\(high)")
            #expect(e.ciLow > 1 && high < 730, "\(id): the interval is not informative")
            #expect(e.ciLow <= e.halfLifeDays! && e.halfLifeDays! <= high)
        }
        for id in ["pricing_page", "purchase_inquiry"] {
            let e = try #require(report[id])
            // No decay planted: the interval is open above (reaches "no decay").
            #expect(e.ciHigh == nil, "\(id) should not decay: \(e.ciLow)–\(e.ciHigh ?? .infinity)")
        }
        // The JSON keys of DESIGN.md `decay`.
        let json = report.json["rules"]!.array!
        #expect(
            json.allSatisfy { r in
                ["id", "halfLifeDays", "ciLow", "ciHigh", "currentHalfLifeDays", "deals"].allSatisfy { r[$0] != nil }
            })
        #expect(json[0]["halfLifeDays"] == .null && json[0]["ciHigh"] == .null)
    }

    /// Properties of one profile: the estimate maximizes it over the grid, the interval's ends sit
    /// where 2(ℓmax − ℓ) = χ²₁,₀.₉₅, and a profile point equals an ordinary fit of the card with
    /// that `halfLifeDays` encoded by ``DesignMatrix`` (the pattern shortcut changes nothing).
    @Test func profileProperties() throws {
        let (deals, card) = try Self.history(seed: 3, deals: 6_000)
        let estimator = DecayEstimator()
        let j = card.rules.firstIndex { $0.id == "demo_request" }!
        let e = try #require(try estimator.profile(rule: j, card: card, deals: deals, asOf: nil, current: nil))
        let h = try #require(e.halfLifeDays)
        var encoded = card
        encoded.rules[j].halfLifeDays = h
        let direct = try LogisticRegression(profileIntervals: false).fit(DesignMatrix(card: encoded, deals: deals))
        let maximum = direct.logLikelihood
        #expect(e.profile.allSatisfy { $0.logLikelihood <= maximum + 1e-9 })
        // ℓ(∞) from the plain card, without decay.
        let plain = try LogisticRegression(profileIntervals: false).fit(DesignMatrix(card: card, deals: deals))
        #expect(
            abs(e.profile.last!.logLikelihood - plain.logLikelihood) < 1e-9 && e.profile.last!.halfLifeDays.isInfinite)
        #expect(abs(e.noDecayLogLikelihoodGap - (plain.logLikelihood - maximum)) < 1e-6)
        for end in [e.ciLow, e.ciHigh!] {
            encoded.rules[j].halfLifeDays = end
            let atEnd = try LogisticRegression(profileIntervals: false).fit(DesignMatrix(card: encoded, deals: deals))
                .logLikelihood
            #expect(abs(2 * (maximum - atEnd) - 3.841458820694124) < 1e-3, "end \(end)")
        }
    }

    /// The simulator records the planted half-lives, and dates every intent signal.
    @Test func simulatorRecordsPlantedHalfLives() throws {
        let sim = DealSimulator(seed: 1, deals: 50, quarters: 1, halfLives: ["demo_request": 14])
        let truth = sim.trueWeightsJSON()
        #expect(truth["halfLives"]?["rules"]?["demo_request"]?.number == 14)
        #expect(truth["rules"]?.array?.first { $0["id"]?.string == "demo_request" }?["halfLifeDays"]?.number == 14)
        #expect(sim.columns.contains("purchase_inquiry_at") && sim.columns.contains("replied_buying_questions_at"))
        #expect(DealSimulator(seed: 1, deals: 50).trueWeightsJSON()["halfLives"] == nil)
    }

    /// CRM settings by hand. h = one mean month (30.436875 days): half a month's points go each
    /// month (50%), 1 − ⅛ over 3 months (87.5% → 88), 1 − 1/64 over 6 (98.4 → 98), 12: 100.
    /// Marketo for 45 points, h = 14: keep round(22.5) = 23 → −22 at 14 days; keep round(11.25)
    /// = 11 → −12 at 28; keep round(5.625) = 6 → −5 at 42; the last 6 at 56.
    @Test func crmTranslations() {
        let month = CRMDecay(halfLifeDays: CRMDecay.daysPerMonth)
        #expect(abs(month.monthlyRetention - 0.5) < 1e-15)
        #expect(month.hubSpot.map(\.percent) == [50, 88, 98, 100])
        #expect(month.recommendedHubSpot == .init(months: 1, percent: 50))
        let steps = CRMDecay(halfLifeDays: 14).marketoSteps(points: 45)
        #expect(steps.map(\.afterDays) == [14, 28, 42, 56] && steps.map(\.subtract) == [22, 12, 5, 6])
        // Very slow decay rounds to 0% a month: the recommendation moves to a longer period.
        let slow = CRMDecay(halfLifeDays: 5_000)
        #expect(slow.hubSpot[0].percent == 0 && slow.recommendedHubSpot.months == 3)
    }
}

extension DecayEstimatorTests {
    /// A 40-deal history where `referral` fires only for won deals: maximum likelihood does not
    /// exist, so the profile is of Firth's penalized likelihood, and its no-decay end equals the
    /// Firth fit of the undecayed card. With so few deals, the interval is wide.
    @Test func separatedSmallHistoryUsesFirth() throws {
        var rng = SplitMix64(seed: 12)
        var csv = "deal_id,outcome,scored_at,referral,demo,demo_at\n"
        var demos = 0.0
        let scored = CalendarDate(year: 2026, month: 6, day: 1)!
        for k in 0..<40 {
            let demo = rng.nextBool(probability: 0.5)
            let age = rng.nextInt(below: 120)
            let won = rng.nextBool(probability: logistic(-0.8 + (demo ? 1.5 * pow(0.5, Double(age) / 30) : 0)))
            let referral = won && rng.nextBool(probability: 0.3)
            if demo { demos += 1 }
            csv +=
                "d\(k),\(won ? "won" : "lost"),\(scored),\(referral),\(demo),\(demo ? scored.adding(days: -age).description : "")\n"
        }
        let deals = try DealTable(csv: csv, file: "small.csv")
        let card = try Scorecard(
            json: """
                {"schema": "scorecard/v1", "name": "small", "threshold": 10, "rules": [
                 {"id": "referral", "kind": "fit", "signal": "referral", "when": {"equals": true}, "points": 10},
                 {"id": "demo", "kind": "behavior", "signal": "demo", "when": {"equals": true}, "points": 20, "halfLifeDays": 60}]}
                """, file: "card.json")
        let report = try DecayEstimator().estimate(card: card, deals: deals)
        let e = try #require(report["demo"])
        #expect(e.penalty == "firth" && e.currentHalfLifeDays == 60)
        var plain = card
        plain.rules[1].halfLifeDays = nil
        let firth = try LogisticRegression(penalty: .firth, profileIntervals: false).fit(
            DesignMatrix(card: plain, deals: deals))
        #expect(abs(e.profile.last!.logLikelihood - firth.penalizedLogLikelihood) < 1e-9)
        // Each profile point is the Firth fit of the card with that half-life (checked at the
        // first finite grid point, the middle one and the most likely one), and the most likely
        // half-life is where the profile is highest.
        let finite = e.profile.filter { $0.halfLifeDays.isFinite }
        let best = try #require(e.profile.max { $0.logLikelihood < $1.logLikelihood })
        #expect(
            best.halfLifeDays == (e.mostLikelyDays ?? .infinity),
            "profile peaks at \(best.halfLifeDays), most likely \(e.mostLikelyDays ?? .infinity)")
        for point in [finite.first!, finite[finite.count / 2]] + (best.halfLifeDays.isFinite ? [best] : []) {
            var decayed = card
            decayed.rules[1].halfLifeDays = point.halfLifeDays
            let direct = try LogisticRegression(penalty: .firth, profileIntervals: false).fit(
                DesignMatrix(card: decayed, deals: deals))
            #expect(abs(point.logLikelihood - direct.penalizedLogLikelihood) < 1e-8, "h = \(point.halfLifeDays)")
        }
        #expect(e.ciLow <= (e.mostLikelyDays ?? .infinity) && e.deals == demos)
        // The planted 30 days lies inside the interval, and 40 deals cannot pin it down: the
        // interval is open above or spans more than a factor of 4 (asked whether or not the
        // estimate says "decays").
        #expect(e.ciLow <= 30 && 30 <= (e.ciHigh ?? .infinity), "\(e.ciLow)–\(e.ciHigh ?? .infinity)")
        #expect(
            e.ciHigh.map { $0 / e.ciLow > 4 } ?? true,
            "40 deals cannot pin a half-life down: \(e.ciLow)–\(e.ciHigh ?? .infinity)")
    }
}
