import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// `current.withoutDropped`: the current card less the rules the decisions drop, on the same deals,
/// so a card that leaned on a leaky or useless rule is compared fairly. Checked against `score`
/// run on a card the test writes itself (the current card's JSON with those rules taken out), the
/// outcomes read from the CSV text, and the AUC counted pair by pair.
@Suite("The current card without the dropped rules")
struct WithoutDroppedTests {
    @Test func withoutDroppedIsTheCurrentCardLessTheDrops() throws {
        let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
        let cardPath = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"
        let dir = try temporaryDirectory()
        let review = runTool([
            "review", deals, "--scorecard", cardPath, "--bootstrap", "0", "--out", dir + "/out", "--format", "json",
        ])
        #expect(review.code == 0, "\(review.err)")
        let json = try JSONValue.parseValue(review.out, file: "stdout")
        let dropped = (json["decisions"]?.array ?? []).filter { $0["action"]?.string == "drop" }.compactMap {
            $0["id"]?.string
        }
        #expect(!dropped.isEmpty, "the bundled history must drop a rule for this test to mean anything")
        let without = try #require(json["current"]?["withoutDropped"])
        #expect((without["dropped"]?.array ?? []).compactMap(\.string) == dropped)

        // The current card's JSON with the dropped rules removed, scored by `score`.
        guard
            case .object(var members) = try JSONValue.parseValue(
                String(contentsOfFile: cardPath, encoding: .utf8), file: cardPath),
            let k = members.firstIndex(where: { $0.0 == "rules" }), case .array(let rules) = members[k].1
        else {
            Issue.record("card")
            return
        }
        members[k].1 = .array(rules.filter { !dropped.contains($0["id"]?.string ?? "") })
        let reduced = try write(JSONValue.object(members).rendered(), to: "reduced.json", in: dir)
        let scored =
            try JSONValue.parseValue(
                runTool(["score", deals, "--scorecard", reduced, "--format", "json"]).out, file: "stdout"
            ).array ?? []
        // Outcomes from the CSV text (closed deals only, as the review uses them).
        let lines = try String(contentsOfFile: deals, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let outcome = lines[0].firstIndex(of: "outcome")!
        let idColumn = lines[0].firstIndex(of: "deal_id")!
        var won: [String: Bool] = [:]
        for row in lines.dropFirst() where row[outcome] == "won" || row[outcome] == "lost" {
            won[String(row[idColumn])] = row[outcome] == "won"
        }
        var wonScores: [Double] = []
        var lostScores: [Double] = []
        var sqlWon = 0
        var sqlLost = 0
        for lead in scored {
            guard let id = lead["dealId"]?.string, let w = won[id], let score = lead["score"]?.number else { continue }
            if w { wonScores.append(score) } else { lostScores.append(score) }
            if lead["isSQL"]?.bool == true { if w { sqlWon += 1 } else { sqlLost += 1 } }
        }
        #expect(without["threshold"]?.number == json["current"]?["threshold"]?.number)
        #expect(without["atThreshold"]?["won"]?.number == Double(sqlWon))
        #expect(without["atThreshold"]?["lost"]?.number == Double(sqlLost))
        // AUC: the share of (won, lost) pairs the won deal outscores, ties counting a half.
        var wins = 0.0
        for a in wonScores { for b in lostScores { wins += a > b ? 1 : (a == b ? 0.5 : 0) } }
        let auc = wins / Double(wonScores.count * lostScores.count)
        #expect(
            abs((without["auc"]?.number ?? .nan) - auc) < 1e-12,
            "AUC \(without["auc"]?.number ?? .nan) against \(auc) counted by hand")

        // The same figures in the printed review and in review.md, as a column of their own.
        let text = runTool(["review", deals, "--scorecard", cardPath, "--bootstrap", "0", "--out", dir + "/text"]).out
        let markdown = try String(contentsOfFile: dir + "/out/review.md", encoding: .utf8)
        let html = try String(contentsOfFile: dir + "/out/review.html", encoding: .utf8)
        let aucText = NumberFormatting.fixed(auc, 3)
        #expect(text.contains("Without dropped") && text.contains(aucText))
        #expect(markdown.contains("Current card without the dropped rules") && markdown.contains("| \(aucText) |"))
        #expect(html.contains("Current card without the dropped rules"))

        // The back-test's latest quarter measures the same reduced card on that quarter's deals.
        let backtest = runTool(["backtest", deals, "--scorecard", cardPath, "--bootstrap", "0", "--format", "json"])
        #expect(backtest.code == 0, "\(backtest.err)")
        let last = try #require(try JSONValue.parseValue(backtest.out, file: "stdout")["periods"]?.array?.last)
        let period = try #require(last["period"]?.string)
        let closed = lines[0].firstIndex(of: "closed_at")!
        var inPeriod = Set<String>()
        for row in lines.dropFirst() {
            guard let m = Int(row[closed].dropFirst(5).prefix(2)),
                "\(row[closed].prefix(4))-Q\((m - 1) / 3 + 1)" == period
            else { continue }
            inPeriod.insert(String(row[idColumn]))
        }
        var qWon: [Double] = []
        var qLost: [Double] = []
        var qSQLs = 0
        for lead in scored {
            guard let id = lead["dealId"]?.string, inPeriod.contains(id), let w = won[id],
                let score = lead["score"]?.number
            else { continue }
            if w { qWon.append(score) } else { qLost.append(score) }
            if lead["isSQL"]?.bool == true { qSQLs += 1 }
        }
        var qWins = 0.0
        for a in qWon { for b in qLost { qWins += a > b ? 1 : (a == b ? 0.5 : 0) } }
        let measured = try #require(last["currentWithoutDropped"])
        #expect(abs((measured["auc"]?.number ?? .nan) - qWins / Double(qWon.count * qLost.count)) < 1e-12)
        #expect(measured["sqlCount"]?.number == Double(qSQLs))
        #expect(measured["threshold"]?.number == json["current"]?["threshold"]?.number)
    }

    /// Nothing dropped: no such column and `withoutDropped` is null.
    @Test func nothingDroppedMeansNoColumn() throws {
        let dir = try temporaryDirectory()
        let deals = try write(
            "deal_id,closed_at,outcome,demo\n"
                + (0..<60).map { "D\($0),2026-0\($0 % 9 + 1)-01,\($0 % 3 == 0 ? "won" : "lost"),\($0 % 2)" }.joined(
                    separator: "\n") + "\n",
            to: "d.csv", in: dir)
        let card = try write(
            #"{"schema": "scorecard/v1", "threshold": 10, "rules": [{"id": "demo", "kind": "behavior", "signal": "demo", "when": {"equals": 1}, "points": 10}]}"#,
            to: "c.json", in: dir)
        let review = runTool([
            "review", deals, "--scorecard", card, "--bootstrap", "0", "--out", dir + "/out", "--format", "json",
        ])
        #expect(review.code == 0, "\(review.err)")
        let json = try JSONValue.parseValue(review.out, file: "stdout")
        #expect((json["decisions"]?.array ?? []).allSatisfy { $0["action"]?.string != "drop" })
        #expect(json["current"]?["withoutDropped"] == .null)
        #expect(
            !(try String(contentsOfFile: dir + "/out/review.md", encoding: .utf8)).contains("without the dropped rules")
        )
    }
}
