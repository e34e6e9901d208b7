import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

@Suite("scorecard decay")
struct DecayCommandTests {
    /// simulate --half-lives plants decay; decay --format json answers with DESIGN.md's keys, and
    /// the text form names every dated behavior rule.
    @Test func simulateThenDecay() throws {
        let dir = try temporaryDirectory()
        let sim = runTool([
            "simulate", "--seed", "4", "--deals", "2000", "--quarters", "1", "--half-lives",
            "demo_request:14, buying_questions:45", "--out", dir,
        ])
        #expect(sim.code == 0, "\(sim.err)")
        let truth = try JSONValue.parseValue(
            String(contentsOfFile: dir + "/true-weights.json", encoding: .utf8), file: "true-weights.json")
        #expect(truth["halfLives"]?["rules"]?["buying_questions"]?.number == 45)
        let card = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"
        let json = runTool(["decay", dir + "/deals.csv", "--scorecard", card, "--format", "json"])
        #expect(json.code == 0, "\(json.err)")
        let doc = try JSONValue.parseValue(json.out, file: "decay.json")
        let rules = try #require(doc["rules"]?.array)
        #expect(
            rules.compactMap { $0["id"]?.string } == [
                "pricing_page", "demo_request", "purchase_inquiry", "buying_questions",
            ])
        for r in rules {
            for key in ["id", "halfLifeDays", "ciLow", "ciHigh", "currentHalfLifeDays", "deals"] {
                #expect(r[key] != nil, "\(key)")
            }
        }
        // Rules with no date column are named in the notes.
        #expect(doc["notes"]?.array?.contains { $0.string?.contains("email_opens") == true } == true)
        let text = runTool(["decay", dir + "/deals.csv", "--scorecard", card])
        #expect(text.code == 0 && text.out.contains("demo_request") && text.out.contains("95% interval"))
    }

    @Test func badHalfLivesAreUsageErrors() throws {
        let dir = try temporaryDirectory()
        for bad in ["demo_request", "demo_request:0", "email_opens:14", "demo_request:14,demo_request:20"] {
            let r = runTool(["simulate", "--seed", "1", "--deals", "10", "--half-lives", bad, "--out", dir])
            #expect(r.code == 2, "\(bad)")
        }
        #expect(runTool(["decay", "--scorecard", "x.json"]).code == 2)
    }
}
