import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

@Suite("scorecard flag")
struct FlagCommandTests {
    static let args = [
        repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard",
        repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
    ]

    @Test func textTableNamesRulesFlagsAndActions() {
        let r = runTool(["flag"] + Self.args)
        #expect(r.code == 0, "\(r.err)")
        for heading in [
            "Rule", "Won/lost fired", "Precision", "Lift", "Points", "Fitted", "SQL infl.", "Decision", "Flags",
        ] {
            #expect(r.out.contains(heading), "missing column \(heading)")
        }
        #expect(r.out.contains("Decisions, with the evidence:"))
        #expect(r.out.contains("- email_opens (drop): dropped: false-positive-prone"))
        #expect(r.out.contains("leaky: onboarding_call_booked = true"))
        // Fired counts in the table match a count from the raw CSV: email opens > 0 among won deals.
        let text = try! String(contentsOfFile: repositoryRoot + "/datasets/b2b-saas/deals.csv", encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines.removeFirst()
        let o = header.firstIndex(of: "outcome")!
        let e = header.firstIndex(of: "email_opens")!
        let won = lines.filter { $0[o] == "won" && Int($0[e])! > 0 }.count
        let lost = lines.filter { $0[o] == "lost" && Int($0[e])! > 0 }.count
        #expect(
            r.out.split(separator: "\n").contains {
                $0.hasPrefix("email_opens") && $0.contains("\(won)/\(lost)") && $0.contains("falsePositiveProne")
            })
    }

    @Test func jsonHasTheDesignKeys() throws {
        let r = runTool(["flag"] + Self.args + ["--format", "json"])
        #expect(r.code == 0)
        let rules = try #require(JSONValue.parseValue(r.out)["rules"]?.array)
        for key in [
            "id", "flags", "reasons", "firedWon", "firedLost", "precisionWhenFired", "lift", "assignedPoints",
            "fittedPoints", "sqlInflation",
        ] {
            #expect(rules.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        let ai = try #require(rules.first { $0["id"]?.string == "ai_hot" })
        #expect(ai["flags"]!.array!.contains(.string("falsePositiveProne")))
        #expect(ai["reasons"]!.array!.count == ai["flags"]!.array!.count)
        // One decision per rule, the same the review takes.
        #expect(rules.allSatisfy { $0["decision"]?["action"]?.string != nil })
        #expect(ai["decision"]!["action"]!.string == "drop" && ai["decision"]!["newPoints"] == .null)
    }
}
