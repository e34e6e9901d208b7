import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// `falsePositiveProne` tested on a generator it was not written against.
///
/// The flag's rule is a stated principle, not a cut-off fitted to ``DealSimulator``: a signal
/// firing for at least one lost deal in five whose likelihood ratio is shown to be below 2 (the
/// users' guides to diagnostic tests, JAMA 1994;271:703–707: ratios of 1–2 shift a probability
/// by a small and rarely important amount). This generator is built the other way round from
/// ``DealSimulator``: the outcome is drawn first, then each signal fires with a probability set
/// by the outcome, so every signal's true likelihood ratio is written down here, not implied by a
/// logistic model.
@Suite("falsePositiveProne on a second generator")
struct FalsePositivePrincipleTests {
    /// One signal of the generator: it fires for a share `lostShare` of lost deals and
    /// `likelihoodRatio × lostShare` of won ones.
    struct Signal {
        var id: String
        var isAI: Bool
        var likelihoodRatio: Double
        var lostShare: Double
    }

    /// A history drawn outcome-first, with the signals drawn for `seed`: two AI signals that are
    /// weakly informative but fire often (true ratio 1.0–1.5, for 30–60% of lost deals), and four
    /// genuine behaviors of true ratio 2–5 — one of them as frequent as the AI signals, so that
    /// only the ratio tells them apart.
    static func history(seed: UInt64, deals n: Int = 4_000) -> (csv: String, signals: [Signal], card: String) {
        var rng = SplitMix64(seed: seed &* 7919 &+ 17)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextUnit() }
        let baseRate = uniform(0.1, 0.35)
        var signals = [
            Signal(id: "ai_intent", isAI: true, likelihoodRatio: uniform(1.0, 1.4), lostShare: uniform(0.3, 0.6)),
            Signal(id: "ai_fit_hot", isAI: true, likelihoodRatio: uniform(1.05, 1.5), lostShare: uniform(0.3, 0.6)),
            Signal(
                id: "frequent_visits", isAI: false, likelihoodRatio: uniform(2.0, 2.8), lostShare: uniform(0.22, 0.34)),
        ]
        for k in 0..<3 {
            let ratio = uniform(2.0, 5.0)
            signals.append(
                Signal(
                    id: "genuine_\(k)", isAI: false, likelihoodRatio: ratio,
                    lostShare: uniform(0.04, min(0.3, 0.9 / ratio))))
        }
        var csv = "deal_id,outcome," + signals.map(\.id).joined(separator: ",") + "\n"
        for i in 0..<n {
            let won = rng.nextUnit() < baseRate
            csv += "d\(i),\(won ? "won" : "lost")"
            for s in signals {
                let p = won ? s.likelihoodRatio * s.lostShare : s.lostShare
                csv += rng.nextUnit() < p ? ",true" : ",false"
            }
            csv += "\n"
        }
        let rules = signals.map { s in
            """
            {"id": "\(s.id)", "kind": "behavior", "signal": "\(s.id)", "when": {"equals": true}, "points": 20\(s.isAI ? ", \"source\": \"ai\"" : "")}
            """
        }
        let card = """
            {"schema": "scorecard/v1", "name": "outcome-first", "threshold": 40, "rules": [\(rules.joined(separator: ",\n"))]}
            """
        return (csv, signals, card)
    }

    /// Across 20 seeds: every weak, frequent AI signal is flagged, and no genuine signal (true
    /// likelihood ratio 2 or more) is, whether it is rare or as frequent as the AI signals.
    @Test func flagsTheWeakFrequentSignalsAndNoneOfTheGenuineOnes() throws {
        var weakFlagged = 0
        var weakTotal = 0
        var genuineFlagged: [String] = []
        for seed in UInt64(1)...20 {
            let (csv, signals, cardJSON) = Self.history(seed: seed)
            let deals = try DealTable(csv: csv, file: "outcome-first-\(seed).csv")
            let card = try Scorecard(json: cardJSON, file: "card.json")
            let report = try SignalDiagnostics().run(deals: deals, card: card, refit: CardRefit())
            for s in signals {
                let d = try #require(report.rules.first { $0.rule.id == s.id })
                let flagged = d.flags.contains(.falsePositiveProne)
                if s.likelihoodRatio < 2 {
                    weakTotal += 1
                    if flagged { weakFlagged += 1 }
                    #expect(
                        flagged,
                        "seed \(seed): \(s.id), true ratio \(s.likelihoodRatio), estimated \(d.likelihoodRatioInterval)"
                    )
                } else if flagged {
                    genuineFlagged.append(
                        "seed \(seed) \(s.id) (true ratio \(s.likelihoodRatio), interval \(d.likelihoodRatioInterval))")
                }
            }
        }
        print(
            "falsePositiveProne on the outcome-first generator, 20 seeds: weak signals flagged \(weakFlagged) of \(weakTotal); genuine signals flagged \(genuineFlagged.count) of 80"
        )
        #expect(genuineFlagged.isEmpty, "\(genuineFlagged)")
    }

    /// The rule by hand on one table: 300 of 1,000 won and 200 of 1,000 lost fired gives a
    /// likelihood ratio of 1.5 with Katz's interval exp(ln 1.5 ± 1.96·√(1/300 − 1/1000 + 1/200 −
    /// 1/1000)) = 1.2889…–1.7456…, wholly below 2, on a signal firing for 20% of lost deals:
    /// flagged. At 420 won fired (ratio 2.1) the interval reaches above 2: not flagged.
    @Test func theRuleByHand() throws {
        let se = (1.0 / 300 - 1.0 / 1000 + 1.0 / 200 - 1.0 / 1000).squareRoot()
        let expected = exp(log(1.5) - 1.959963984540054 * se)...exp(log(1.5) + 1.959963984540054 * se)
        let interval = SignalDiagnostics.likelihoodRatioInterval(firedWon: 300, won: 1000, firedLost: 200, lost: 1000)
        #expect(
            abs(interval.lowerBound - expected.lowerBound) < 1e-9
                && abs(interval.upperBound - expected.upperBound) < 1e-9)
        func flags(firedWon: Int) throws -> [SignalFlag] {
            var csv = "outcome,signal\n"
            for i in 0..<1000 { csv += "won,\(i < firedWon)\n" }
            for i in 0..<1000 { csv += "lost,\(i < 200)\n" }
            let card = try Scorecard(
                json: """
                    {"schema": "scorecard/v1", "name": "one", "threshold": 10, "rules": [
                      {"id": "signal", "kind": "behavior", "signal": "signal", "when": {"equals": true}, "points": 20}]}
                    """, file: "card.json")
            return try SignalDiagnostics().run(
                deals: DealTable(csv: csv, file: "t.csv"), card: card, refit: CardRefit()
            ).rules[0].flags
        }
        #expect(try flags(firedWon: 300).contains(.falsePositiveProne))
        #expect(try !flags(firedWon: 420).contains(.falsePositiveProne))
    }
}
