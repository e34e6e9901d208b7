import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

@Suite("scorecard sweep")
struct SweepCommandTests {
    /// The current b2b card's score for each closed deal, computed here straight from the CSV text
    /// with the card's rules written out by hand (independent of the encoder).
    static func handScores() throws -> (scores: [Double], won: [Bool]) {
        let text = try String(contentsOfFile: repositoryRoot + "/datasets/b2b-saas/deals.csv", encoding: .utf8)
        var lines = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines.removeFirst()
        func col(_ name: String) -> Int { header.firstIndex(of: name)! }
        var scores: [Double] = []
        var won: [Bool] = []
        for f in lines where f[col("outcome")] == "won" || f[col("outcome")] == "lost" {
            var s = 0.0
            if ["software", "manufacturing"].contains(f[col("industry")]) { s += 10 }
            if f[col("is_decision_maker")] == "true" { s += 20 }
            if f[col("use_case")] == "clear" { s += 15 }
            if Int(f[col("pricing_page_visits")])! >= 1 { s += 30 }
            if f[col("demo_requested")] == "true" { s += 45 }
            if f[col("purchase_inquiry")] == "true" { s += 50 }
            if f[col("replied_buying_questions")] == "true" { s += 15 }
            s += min(3 * Double(f[col("email_opens")])!, 15)
            if f[col("unsubscribed")] == "true" { s -= 5 }
            if f[col("job_level")] == "intern" { s -= 10 }
            if Double(f[col("ai_score")])! >= 70 { s += 25 }
            if f[col("partner_referral")] == "true" { s += 20 }
            scores.append(s)
            won.append(f[col("outcome")] == "won")
        }
        return (scores, won)
    }

    @Test func jsonListsEveryDistinctScoreAndTheEightyPercentRule() throws {
        let r = runTool([
            "sweep", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
            "--format", "json", "--bootstrap", "200",
        ])
        #expect(r.code == 0, "\(r.err)")
        let json = try JSONValue.parseValue(r.out)
        let (scores, won) = try Self.handScores()
        let thresholds = json["thresholds"]!.array!
        #expect(thresholds.count == Set(scores).count)
        #expect(thresholds.map { $0["threshold"]!.number! } == Set(scores).sorted(by: >))
        // The 80% rule: the ⌊0.2·n⌋-th smallest won score (0-based).
        let wonScores = zip(scores, won).filter { $0.1 }.map { $0.0 }.sorted()
        let expected = wonScores[wonScores.count / 5]
        let selected = json["selected"]!
        #expect(selected["threshold"]!.number == expected)
        #expect(selected["rule"]!.string == "recall:0.8")
        let interval = selected["interval"]!
        #expect(interval["thresholdLow"]!.number! <= expected && expected <= interval["thresholdHigh"]!.number!)
        // Each row: won and lost at or above, recall = won / all won.
        let totalWon = Double(won.filter { $0 }.count)
        for row in thresholds.prefix(20) {
            let t = row["threshold"]!.number!
            let w = Double(zip(scores, won).filter { $0.0 >= t && $0.1 }.count)
            let l = Double(zip(scores, won).filter { $0.0 >= t && !$0.1 }.count)
            #expect(row["won"]!.number == w && row["lost"]!.number == l)
            #expect(abs(row["recall"]!.number! - w / totalWon) < 1e-12)
        }
    }

    @Test func capacityNeedsDatesAndCountsPerPeriod() throws {
        let r = runTool([
            "sweep", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
            "--format", "json", "--select", "capacity:100", "--per", "quarter", "--bootstrap", "0",
        ])
        #expect(r.code == 0, "\(r.err)")
        let selected = try JSONValue.parseValue(r.out)["selected"]!
        // 8 quarters: at most 800 SQLs in all.
        #expect(selected["won"]!.number! + selected["lost"]!.number! <= 800)
    }
}
