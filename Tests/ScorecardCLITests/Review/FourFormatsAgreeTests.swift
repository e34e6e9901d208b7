import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// `scorecard review` on the bundled B2B history says the same thing in its four formats: the
/// text on stdout, `review.md`, `review.html` and `--format json` carry the same revised
/// threshold, the same current and revised in-sample AUCs (each as its format writes them) and
/// every decision (rule id, action, new points). The JSON is the reference for the values, and
/// the threshold and the revised AUC are recomputed by hand from the CSV and the revised card
/// (``HandScoredHistory``), so the check is not the tool against itself.
@Suite("Text, Markdown, HTML and JSON agree")
struct FourFormatsAgreeTests {
    @Test func everyFormatCarriesTheSameThresholdAUCsAndDecisions() throws {
        let dir = try temporaryDirectory()
        let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
        let card = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"
        let json = runTool([
            "review", deals, "--scorecard", card, "--bootstrap", "0", "--out", dir + "/json", "--format", "json",
        ])
        #expect(json.code == 0, "\(json.err)")
        let text = runTool(["review", deals, "--scorecard", card, "--bootstrap", "0", "--out", dir + "/text"])
        #expect(text.code == 0, "\(text.err)")

        // The reference values, from the JSON.
        let doc = try JSONValue.parseValue(json.out)
        let threshold = try #require(doc["revised"]?["threshold"]?.number)
        let aucCurrent = try #require(doc["current"]?["auc"]?.number)
        let aucRevised = try #require(doc["revised"]?["auc"]?.number)
        let decisions = try #require(doc["decisions"]?.array).map { d in
            (id: d["id"]?.string ?? "", action: d["action"]?.string ?? "", new: signedPoints(d["newPoints"]?.number))
        }
        #expect(decisions.count == 13, "one per rule of the card and the added one")

        // Recomputed by hand: the revised card (as written) on every closed deal of the CSV.
        let revisedCard = try Scorecard(
            json: String(contentsOfFile: dir + "/text/revised-scorecard.json", encoding: .utf8), file: "revised")
        let hand = HandScoredHistory(csv: try String(contentsOfFile: deals, encoding: .utf8))
        let scores = hand.scores(revisedCard)
        #expect(threshold == eightyPercentBar(scores: scores, won: hand.won) && revisedCard.threshold == threshold)
        #expect(
            aucRevised.isApproximatelyEqual(to: mannWhitneyAUC(scores: scores, won: hand.won), absoluteTolerance: 1e-12)
        )
        let t = "\(Int(threshold))"
        let (auc0, auc1) = (String(format: "%.3f", aucCurrent), String(format: "%.3f", aucRevised))

        // Text: the comparison rows and one decisions row per rule.
        let lines = text.out.split(separator: "\n").map(String.init)
        func words(_ line: String?) -> [String] { (line ?? "").split(separator: " ").map(String.init) }
        let thresholdRow = words(lines.first { $0.hasPrefix("Threshold ") })
        #expect(thresholdRow.last == t, "text threshold row \(thresholdRow)")
        let aucRow = words(lines.first { $0.hasPrefix("AUC (in-sample) ") })
        #expect(aucRow.dropFirst(2).first == auc0 && aucRow.last == auc1, "text AUC row \(aucRow)")
        for d in decisions {
            let rows = lines.filter { $0.hasPrefix(d.id + " ") }.map(words)
            #expect(rows.count == 1, "\(d.id): \(rows.count) rows in the text")
            #expect(rows.first.map { Array($0.prefix(4)) }?.dropFirst(2) == [d.action, d.new], "\(d.id) in text")
        }

        // Markdown: the bar in the decision, the comparison table, the decisions table.
        let markdown = try String(contentsOfFile: dir + "/text/review.md", encoding: .utf8)
        #expect(markdown.contains("Call a lead sales-qualified at **\(t) points**"))
        func cells(_ row: String?) -> [String] {
            (row ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let mdLines = markdown.split(separator: "\n").map(String.init)
        #expect(cells(mdLines.first { $0.hasPrefix("| Threshold |") }).last == t)
        let mdAUC = cells(mdLines.first { $0.hasPrefix("| AUC |") })
        #expect(mdAUC.dropFirst().first == auc0 && mdAUC.last == auc1, "review.md AUC row \(mdAUC)")
        let mdDecisions =
            markdown.components(separatedBy: "## Decisions\n").dropFirst().first?.components(separatedBy: "\n## ")
            .first ?? ""
        for d in decisions {
            let id = d.id.replacingOccurrences(of: "_", with: "\\_")
            let rows = mdDecisions.split(separator: "\n").filter { $0.hasPrefix("| \(id) |") }.map { cells(String($0)) }
            #expect(rows.count == 1, "\(d.id): \(rows.count) rows in review.md")
            #expect(rows.first.map { Array($0.prefix(4)) }?.dropFirst(2) == [d.action, d.new], "\(d.id) in review.md")
        }

        // HTML: the same three places, cells read out of the table rows.
        let html = try String(contentsOfFile: dir + "/text/review.html", encoding: .utf8)
        #expect(html.contains("Call a lead sales-qualified at <strong>\(t) points</strong>"))
        func htmlCells(_ row: String) -> [String] {
            row.components(separatedBy: "</td>").dropLast().map {
                $0.replacingOccurrences(of: #"^.*<td[^>]*>"#, with: "", options: .regularExpression)
            }
        }
        let htmlRows = html.components(separatedBy: "<tr>").map { $0.components(separatedBy: "</tr>")[0] }
        #expect(htmlCells(htmlRows.first { $0.hasPrefix("<td>Threshold</td>") } ?? "").last == t)
        let htmlAUC = htmlCells(htmlRows.first { $0.hasPrefix("<td>AUC</td>") } ?? "")
        #expect(htmlAUC.dropFirst().first == auc0 && htmlAUC.last == auc1, "review.html AUC row \(htmlAUC)")
        let htmlDecisions =
            html.components(separatedBy: "<h2>Decisions</h2>").dropFirst().first?.components(separatedBy: "</table>")
            .first ?? ""
        for d in decisions {
            let rows = htmlDecisions.components(separatedBy: "<tr>").filter { $0.hasPrefix("<td>\(d.id)</td>") }
            #expect(rows.count == 1, "\(d.id): \(rows.count) rows in review.html")
            #expect(
                rows.first.map { Array(htmlCells($0).prefix(4)) }?.dropFirst(2) == [d.action, d.new],
                "\(d.id) in review.html")
        }
    }
}
