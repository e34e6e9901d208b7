import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The decision stage: one action per rule, leaky rules out of the refit, flags that mean one thing.
@Suite("Decisions")
struct DecisionTests {
    /// The bundled b2b card plus a rule on `onboarding_call_booked`, which the simulator records
    /// after the deal closed (its `_at` date falls after `closed_at`).
    static func leakyCard() throws -> Scorecard {
        let text = try Fixtures.dataset("b2b-saas/current-scorecard.json").replacingOccurrences(
            of: """
                {"id": "partner_referral",
                """,
            with: """
                {"id": "onboarding_call", "kind": "behavior", "signal": "onboarding_call_booked", "when": {"equals": true}, "points": 30},
                    {"id": "partner_referral",
                """)
        let card = try Scorecard(json: text, file: "leaky-card.json")
        #expect(card.rule("onboarding_call") != nil)
        return card
    }

    /// The leaky rule is dropped, the revised card leaves it out, and every other rule's fit is
    /// the fit without it: statsmodels on columns computed from the CSV text by
    /// scripts/reference/leaky_reference.py (committed values). The drop path alone: the
    /// structural search (which adds a company-size rule on this history) is off.
    @Test func leakyRuleIsLeftOutAndTheRestEqualAFitWithoutIt() throws {
        let deals = try DealTable(csv: Fixtures.dataset("b2b-saas/deals.csv"), file: "deals.csv")
        let card = try Self.leakyCard()
        var options = QuarterlyReview.Options(resamples: 0, holdout: false)
        options.structural = false
        let review = try QuarterlyReview(options: options).run(deals: deals, card: card)
        let leak = try #require(review.decisions.first { $0.id == "onboarding_call" })
        #expect(leak.action == .drop && leak.newPoints == nil && leak.flags.first == .leaky)
        #expect(leak.why.contains("after closed_at"))
        #expect(review.revisedCard.rule("onboarding_call") == nil)
        #expect(review.leftOut?.rules.contains("onboarding_call") == true)

        // The drops the planted truth calls for (datasets/b2b-saas/true-weights.json, `planted`):
        // the leaky onboarding call, and the two signals that fire about equally for won and
        // lost deals. The reference script fits without exactly these, after checking each meets
        // its drop criterion on the CSV (it no longer takes the list from the tool's output).
        let planted: Set<String> = ["onboarding_call", "email_opens", "ai_hot"]
        let reference = try Fixtures.reference("b2b-without-leaky.json")
        #expect(Set((reference["dropped"]?.array ?? []).compactMap(\.string)) == planted)
        let dropped = Set(review.decisions.filter { $0.action == .drop }.map(\.id))
        #expect(dropped == planted)
        #expect(review.decisions.first { $0.id == "email_opens" }?.flags.first == .falsePositiveProne)
        #expect(review.decisions.first { $0.id == "ai_hot" }?.flags.contains(.falsePositiveProne) == true)
        #expect(review.penalty == .none, "the reference is maximum likelihood")
        #expect(
            review.fit.intercept.coefficient.isApproximatelyEqual(
                to: reference["intercept"]!.number!, relativeTolerance: 1e-9))
        let fitted = review.fittedCard!.rules.map(\.id)
        for rule in reference["rules"]?.array ?? [] {
            let id = rule["id"]!.string!
            let j = try #require(fitted.firstIndex(of: id), "\(id) is not in the refit")
            let got = try #require(review.fit.estimates[j])
            #expect(
                got.coefficient.isApproximatelyEqual(to: rule["coefficient"]!.number!, relativeTolerance: 1e-9),
                "\(id): \(got.coefficient)")
            #expect(
                got.stdError.isApproximatelyEqual(to: rule["stdError"]!.number!, relativeTolerance: 1e-8),
                "\(id) standard error")
        }
        // With --keep-leaky the rule stays, and the review says its figures lean on it.
        let kept = try QuarterlyReview(options: .init(resamples: 0, keepLeaky: true, holdout: false)).run(
            deals: deals, card: card)
        #expect(kept.revisedCard.rule("onboarding_call") != nil)
        #expect(kept.notes.contains { $0.contains("lean on") && $0.contains("onboarding_call") })
    }

    /// On the founder's 20 deals strong rules are "too few deals to tell", never leaky.
    @Test func founderHistoryHasNoLeakAlarm() throws {
        let deals = try DealTable(csv: Fixtures.dataset("founder/deals.csv"), file: "deals.csv")
        let card = try Scorecard(json: Fixtures.dataset("founder/current-scorecard.json"), file: "card.json")
        let decided = try CardDecisions().run(deals: deals, card: card)
        #expect(decided.signals.rules.allSatisfy { !$0.flags.contains(.leaky) })
        #expect(decided.decisions.allSatisfy { $0.action != .drop || !$0.flags.contains(.leaky) })
        #expect(decided.decisions.map(\.id) == card.rules.map(\.id))
    }

    /// A genuine intent signal the card over-pays and a no-effect signal that fires for 60% of
    /// deals: only the latter is false-positive-prone (true weights written here).
    @Test func falsePositiveProneIsAboutTheSignalNotItsPoints() throws {
        var rng = SplitMix64(seed: 42)
        var csv = "outcome,fit_signal,intent,noise\n"
        for _ in 0..<4_000 {
            let fit = rng.nextUnit() < 0.4
            let intent = rng.nextUnit() < 0.3
            let noise = rng.nextUnit() < 0.6
            // True log-odds: −1.6 + 0.8·fit + 1.5·intent + 0·noise.
            let p = 1 / (1 + exp(-(-1.6 + 0.8 * (fit ? 1 : 0) + 1.5 * (intent ? 1 : 0))))
            csv += "\(rng.nextUnit() < p ? "won" : "lost"),\(fit),\(intent),\(noise)\n"
        }
        let deals = try DealTable(csv: csv, file: "sim.csv")
        func card(intent: Int, noise: Int) throws -> Scorecard {
            try Scorecard(
                json: """
                    {"schema": "scorecard/v1", "name": "sim", "threshold": 60, "rules": [
                      {"id": "fit", "kind": "fit", "signal": "fit_signal", "when": {"equals": true}, "points": 20},
                      {"id": "intent", "kind": "behavior", "signal": "intent", "when": {"equals": true}, "points": \(intent)},
                      {"id": "noise", "kind": "behavior", "signal": "noise", "when": {"equals": true}, "points": \(noise)}]}
                    """, file: "sim.json")
        }
        // The card over-pays intent (+300) and pays the no-effect signal +40; then the reverse.
        // The flag reads the signals, not their points: the same answer both times.
        for (intent, noise) in [(300, 40), (15, 5)] {
            // Points on a known scale: the highest reachable score is 100, so intent's fitted points
            // are about 100 · 1.5 / (0.8 + 1.5) ≈ 65 and +300 is far above them.
            let decided = try CardDecisions(refit: CardRefit(method: .maxScore(100, rule: .recall(0.8)))).run(
                deals: deals, card: card(intent: intent, noise: noise))
            let flags = Dictionary(uniqueKeysWithValues: decided.signals.rules.map { ($0.rule.id, $0.flags) })
            #expect(flags["noise"]?.contains(.falsePositiveProne) == true, "intent \(intent): \(flags)")
            #expect(flags["intent"]?.contains(.falsePositiveProne) == false, "intent \(intent): \(flags)")
            // The no-effect signal adds nothing beyond the others: dropped; intent is reweighted.
            #expect(decided.decision("noise")?.action == .drop)
            #expect(decided.decision("intent")?.action == .reweight)
            #expect(decided.decisions.count == 3)
            if intent == 300 {
                #expect(
                    flags["intent"]?.contains(.overweighted) == true, "the card over-pays intent: \(flags["intent"]!)")
            }
        }
    }

    /// The likelihood ratio's interval by hand (Katz): 40/100 won and 20/100 lost fired.
    @Test func likelihoodRatioIntervalByHand() {
        let i = SignalDiagnostics.likelihoodRatioInterval(firedWon: 40, won: 100, firedLost: 20, lost: 100)
        let se = (1.0 / 40 - 1.0 / 100 + 1.0 / 20 - 1.0 / 100).squareRoot()
        #expect(i.lowerBound.isApproximatelyEqual(to: 2 * exp(-1.959963984540054 * se), relativeTolerance: 1e-12))
        #expect(i.upperBound.isApproximatelyEqual(to: 2 * exp(1.959963984540054 * se), relativeTolerance: 1e-12))
    }

    /// The information value's lower bound shrinks to the point value as the history grows, and
    /// is 0 when the firing rates' intervals cross.
    @Test func informationValueLowerBound() {
        func iv(_ t: Double, _ f: Double) -> Double { (t - f) * log(t / f) + (f - t) * log((1 - t) / (1 - f)) }
        let small = SignalDiagnostics.informationValueLowerBound(firedWon: 8, won: 10, firedLost: 1, lost: 10)
        let large = SignalDiagnostics.informationValueLowerBound(
            firedWon: 8_000, won: 10_000, firedLost: 1_000, lost: 10_000)
        #expect(small < iv(0.8, 0.1) && large < iv(0.8, 0.1) && large > iv(0.8, 0.1) * 0.9 && small < large)
        #expect(SignalDiagnostics.informationValueLowerBound(firedWon: 5, won: 10, firedLost: 4, lost: 10) == 0)
    }
}
