import Testing

@testable import ScorecardKit

/// A merged rule reads every part's signal, so every part's date column is checked for leakage:
/// a second part recorded after the deal closed makes the merged rule leaky, as it would make the
/// part leaky on its own.
@Suite("Leakage of a merged rule")
struct MergedRuleLeakageTests {
    /// 80 deals, half won, closed on 2026-03-31. `demo` fires for every fourth deal, dated before
    /// the close; `trial` fires for every third, dated `trialDay` (after the close, or before).
    static func history(trialDay: String) -> String {
        var csv = "deal_id,outcome,closed_at,fit,demo,demo_at,trial,trial_at\n"
        for i in 0..<80 {
            let won = i % 2 == 0
            let demo = i % 4 == 0
            let trial = i % 3 == 0
            csv +=
                "D\(i),\(won ? "won" : "lost"),2026-03-31,\(i % 5 == 0),\(demo),\(demo ? "2026-02-01" : ""),\(trial),\(trial ? trialDay : "")\n"
        }
        return csv
    }

    static let card = """
        {"schema": "scorecard/v1", "name": "Merged", "threshold": 30, "rules": [
          {"id": "fit_rule", "kind": "fit", "signal": "fit", "when": {"equals": true}, "points": 10},
          {"id": "hand_raise", "kind": "behavior", "anyOf": [{"signal": "demo", "when": {"equals": true}},
            {"signal": "trial", "when": {"equals": true}}], "points": 30}
        ]}
        """

    func leakage(trialDay: String) throws -> String? {
        let deals = try DealTable(csv: Self.history(trialDay: trialDay), file: "d.csv")
        let card = try Scorecard(json: Self.card, file: "c.json")
        let report = try SignalDiagnostics().run(deals: deals, card: card, refit: CardRefit())
        return try #require(report.rules.first { $0.rule.id == "hand_raise" }).leakage
    }

    @Test func aSecondPartDatedAfterTheCloseMakesTheMergedRuleLeaky() throws {
        // trial fires for 27 deals (i = 0, 3, …, 78), every one dated after the close: 27 of 27.
        let leak = try #require(try leakage(trialDay: "2026-04-15"))
        #expect(leak.hasPrefix("trial_at falls after closed_at for 27 of the 27 dated deals"), "\(leak)")
    }

    @Test func partsDatedBeforeTheCloseAreNotLeaky() throws {
        #expect(try leakage(trialDay: "2026-03-01") == nil)
    }
}
