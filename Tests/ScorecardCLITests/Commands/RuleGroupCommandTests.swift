import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// The commands on a card with a rule for every lead source (issue 25), which used to fail as
/// collinear: every command runs, `fit` names the reference level, and the review's first lines
/// keep the threshold number.
@Suite("Commands on a card with a rule per lead source")
struct RuleGroupCommandTests {
    /// Lead sources with their won and lost deals (the issue's counts, 5% won) and current points.
    static let levels: [(value: String, points: Int, won: Int, lost: Int)] = [
        ("webinar", 20, 129, 1443), ("paid_search", -5, 58, 2389), ("referral", 35, 112, 574),
        ("cold_list", -15, 17, 1685), ("event", 15, 43, 713), ("organic", 10, 39, 798),
    ]

    /// Writes the history (row i closed on day 37·i mod 540 of 2025–26) and the card, SQL at 30.
    static func files(in dir: String) throws -> (deals: String, card: String) {
        var csv = "deal_id,outcome,closed_at,lead_source\n"
        var i = 0
        let start = CalendarDate(year: 2025, month: 1, day: 1)!
        for level in levels {
            for k in 0..<(level.won + level.lost) {
                let date = start.adding(days: 37 * i % 540)
                csv += "L\(i),\(k < level.won ? "won" : "lost"),\(date),\(level.value)\n"
                i += 1
            }
        }
        let rules = levels.map {
            "{\"id\": \"src_\($0.value)\", \"kind\": \"fit\", \"signal\": \"lead_source\", \"when\": {\"equals\": \"\($0.value)\"}, \"points\": \($0.points)}"
        }
        let card =
            "{\"schema\": \"scorecard/v1\", \"name\": \"source card\", \"threshold\": 30, \"rules\": [\(rules.joined(separator: ", "))]}"
        return (try write(csv, to: "deals.csv", in: dir), try write(card, to: "card.json", in: dir))
    }

    /// fit (text and JSON), review, flag and backtest all succeed; fit's JSON gives the reference
    /// level (paid_search, the most common) coefficient 0 with no interval, and its text says why.
    @Test func everyCommandRunsOnTheCard() throws {
        let dir = try temporaryDirectory()
        let (deals, card) = try Self.files(in: dir)
        let fitText = runTool(["fit", deals, "--scorecard", card])
        #expect(fitText.code == 0, "\(fitText.err)")
        #expect(fitText.out.contains("so they are fitted against src_paid_search,\n  the most common (2,447 deals)"))
        #expect(fitText.out.contains("src_paid_search         0 reference"))
        let fitJSON = runTool(["fit", deals, "--scorecard", card, "--format", "json"])
        #expect(fitJSON.code == 0, "\(fitJSON.err)")
        let rules = try JSONValue.parseValue(fitJSON.out, file: "fit.json")["rules"]!.array!
        let paid = rules.first { $0["id"]?.string == "src_paid_search" }!
        #expect(paid["coefficient"]?.number == 0 && paid["reference"] == .bool(true))
        #expect(paid["ciLow"] == .null && paid["ciHigh"] == .null && paid["stdError"] == .null)
        #expect(rules.filter { $0["coefficient"]?.number != nil }.count == 6)
        for command in ["flag", "backtest"] {
            let r = runTool([command, deals, "--scorecard", card, "--format", "json"])
            #expect(r.code == 0, "\(command): \(r.err)")
        }
        let review = runTool([
            "review", deals, "--scorecard", card, "--out", dir + "/out", "--bootstrap", "0",
        ])
        #expect(review.code == 0, "\(review.err)")
        let table =
            review.out.split(separator: "\n").first { $0.hasPrefix("src_paid_search") }.map(String.init)
            ?? ""
        #expect(table.contains("reference"), "\(table)")
        let revised = try Scorecard(
            json: String(contentsOfFile: dir + "/out/revised-scorecard.json", encoding: .utf8),
            file: "revised")
        #expect(revised.threshold == 30 && revised.rules.map(\.points).min() == 0)
    }
}
