import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// `--recent-won N`: the 80% rule counted over the N most recently closed won deals. The expected
/// bars are worked out here from the CSV's own columns and `score`'s output: the 20 latest won
/// deals by `closed_at` (ties by the larger `deal_id`), their scores sorted, and the 80% rule's
/// bar is the 16th highest (16 = ⌈0.8 × 20⌉ of them at or above it).
@Suite("--recent-won")
struct RecentWonTests {
    static let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
    static let card = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"

    /// The ids of the `n` most recently closed won deals, from the CSV text.
    static func latestWon(_ n: Int) throws -> [String] {
        let lines = try String(contentsOfFile: deals, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = lines[0]
        let id = header.firstIndex(of: "deal_id")!
        let outcome = header.firstIndex(of: "outcome")!
        let closed = header.firstIndex(of: "closed_at")!
        let won = lines.dropFirst().filter { $0[outcome] == "won" && !$0[closed].isEmpty }.map {
            (id: String($0[id]), closed: String($0[closed]))
        }
        // ISO dates sort as text.
        return Array(won.sorted { $0.closed != $1.closed ? $0.closed > $1.closed : $0.id > $1.id }.prefix(n).map(\.id))
    }

    /// The 80% rule's bar over `ids`, from a `score --format json` document: the ⌈0.8·n⌉-th highest score.
    static func eightyPercentBar(scoresFrom json: JSONValue, ids: [String]) throws -> Double {
        var score: [String: Double] = [:]
        for lead in json.array ?? [] {
            if let id = lead["dealId"]?.string, let s = lead["score"]?.number { score[id] = s }
        }
        let scores = try ids.map { try #require(score[$0], "\($0) scored") }.sorted(by: >)
        return scores[Int((0.8 * Double(ids.count)).rounded(.up)) - 1]
    }

    @Test func reviewBarEqualsTheEightyPercentRuleOverTheTwentyLatestWonDeals() throws {
        let dir = try temporaryDirectory()
        let review = runTool([
            "review", Self.deals, "--scorecard", Self.card, "--recent-won", "20", "--bootstrap", "0", "--out", dir,
            "--format", "json",
        ])
        #expect(review.code == 0, "\(review.err)")
        let json = try JSONValue.parseValue(review.out, file: "review.json")
        let revisedPath = dir + "/revised-scorecard.json"
        let revised = try JSONValue.parseValue(String(contentsOfFile: revisedPath, encoding: .utf8), file: revisedPath)
        let scored = try JSONValue.parseValue(
            runTool(["score", Self.deals, "--scorecard", revisedPath, "--format", "json"]).out, file: "score.json")
        let ids = try Self.latestWon(20)
        let bar = try Self.eightyPercentBar(scoresFrom: scored, ids: ids)
        #expect(
            revised["threshold"]?.number == bar,
            "revised threshold \(revised["threshold"]?.number ?? .nan), by hand \(bar)")
        #expect(json["recentWon"]?["threshold"]?.number == bar)
        #expect(json["recentWon"]?["count"]?.number == 20)
        // The whole history's bar on the same scores: the ⌈0.8·W⌉-th highest over every won deal.
        let rows: [[Substring]] = try String(contentsOfFile: Self.deals, encoding: .utf8).split(separator: "\n")
            .dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let everyWon: [String] = rows.filter { $0[1] == "won" }.map { String($0[0]) }
        let wholeBar = try Self.eightyPercentBar(scoresFrom: scored, ids: everyWon)
        #expect(json["recentWon"]?["wholeHistoryThreshold"]?.number == wholeBar)
        let text = runTool([
            "review", Self.deals, "--scorecard", Self.card, "--recent-won", "20", "--bootstrap", "0", "--out",
            dir + "/t",
        ]).out
        #expect(text.contains("20 most recently closed won deals"))
    }

    @Test func sweepSelectsTheEightyPercentRuleOverTheTwentyLatestWonDeals() throws {
        let sweep = runTool([
            "sweep", Self.deals, "--scorecard", Self.card, "--recent-won", "20", "--bootstrap", "0", "--format", "json",
        ])
        #expect(sweep.code == 0, "\(sweep.err)")
        let selected = try JSONValue.parseValue(sweep.out, file: "sweep.json")["selected"]?["threshold"]?.number
        let scored = try JSONValue.parseValue(
            runTool(["score", Self.deals, "--scorecard", Self.card, "--format", "json"]).out, file: "score.json")
        #expect(selected == (try Self.eightyPercentBar(scoresFrom: scored, ids: Self.latestWon(20))))
        let backtest = runTool([
            "backtest", Self.deals, "--scorecard", Self.card, "--recent-won", "20", "--bootstrap", "0", "--format",
            "json",
        ])
        #expect(backtest.code == 0, "\(backtest.err)")
    }

    @Test func errorsNameTheCounts() throws {
        let tooMany = runTool(["sweep", Self.deals, "--scorecard", Self.card, "--recent-won", "5000"])
        #expect(tooMany.code == 1 && tooMany.err.contains("5000") && tooMany.err.contains("857 won"), "\(tooMany.err)")
        let review = runTool([
            "review", Self.deals, "--scorecard", Self.card, "--recent-won", "900", "--out", try temporaryDirectory(),
        ])
        #expect(review.code == 1 && review.err.contains("857 won"), "\(review.err)")
        let rule = runTool(["sweep", Self.deals, "--scorecard", Self.card, "--recent-won", "20", "--select", "f1"])
        #expect(rule.code == 2 && rule.err.contains("recall:R"))
        let dir = try temporaryDirectory()
        let undated = try write(
            "outcome,demo_requested\nwon,true\nlost,false\nwon,false\nlost,true\n", to: "d.csv", in: dir)
        let card = try write(
            """
            {"schema": "scorecard/v1", "name": "c", "threshold": 10, "rules": [
              {"id": "demo", "kind": "behavior", "signal": "demo_requested", "when": {"equals": true}, "points": 10}]}
            """, to: "c.json", in: dir)
        let noDates = runTool(["sweep", undated, "--scorecard", card, "--recent-won", "2"])
        #expect(noDates.code == 1 && noDates.err.contains("closed_at"), "\(noDates.err)")
    }
}
