import Foundation
import ScorecardKit
import ScorecardTestSupport
import Testing

/// `ReviewDocument` at the library level: the Markdown and the HTML of a review carry the
/// threshold, the AUCs and every decision, with the headline first, and the HTML escapes what a
/// card's names and labels hold. The threshold and AUCs are recomputed by hand from the CSV
/// (``HandScoredHistory``), not read from the review.
@Suite("Review document")
struct ReviewDocumentTests {
    /// A whole number with thousands separators, written here ("1,568").
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// The paragraphs of one `## title` section of the Markdown.
    static func section(_ markdown: String, _ title: String) -> String {
        markdown.components(separatedBy: "## \(title)\n\n").dropFirst().first?.components(separatedBy: "\n## ").first
            ?? ""
    }

    @Test func markdownCarriesTheThresholdAUCsAndEveryDecision() throws {
        let c = try ReviewedHistory.b2b.get()
        let r = c.result
        let hand = HandScoredHistory(csv: c.csv)
        let revised = hand.scores(r.revisedCard)
        let current = hand.scores(c.card)
        let bar = eightyPercentBar(scores: revised, won: hand.won)
        let aucCurrent = String(format: "%.3f", mannWhitneyAUC(scores: current, won: hand.won))
        let aucRevised = String(format: "%.3f", mannWhitneyAUC(scores: revised, won: hand.won))
        let markdown = ReviewDocument(r).markdown()

        // The headline first: the volume sentence with the SQL counts counted here.
        let before = current.filter { $0 >= c.card.threshold }.count
        let after = revised.filter { $0 >= bar }.count
        #expect(abs(Double(after) / Double(before) - 1) > 0.25, "the b2b history changes the SQL volume")
        let headline = ReviewDocument.headline(r)
        #expect(
            headline.first?.contains("would have made \(Self.grouped(after)) SQLs instead of \(Self.grouped(before))")
                == true)
        let decision = Self.section(markdown, "The decision").components(separatedBy: "\n\n")
        #expect(Array(decision.prefix(headline.count)) == headline.map { "**\($0)**" }, "headline sentences first")
        #expect(
            decision.dropFirst(headline.count).first?.hasPrefix("Call a lead sales-qualified at **\(Int(bar)) points**")
                == true)

        // The comparison table: the AUC row carries the current and revised AUCs as counted here.
        let aucRow = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| AUC |") })
        let aucCells = aucRow.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(aucCells.first == "AUC" && aucCells[1] == aucCurrent && aucCells.last == aucRevised, "\(aucRow)")
        let thresholdRow = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| Threshold |") })
        #expect(thresholdRow.split(separator: "|").last?.trimmingCharacters(in: .whitespaces) == "\(Int(bar))")

        // The decisions table: one row per decision, with its action and new points.
        let table = Self.section(markdown, "Decisions")
        #expect(r.decisions.count == c.card.rules.count + 1, "one per rule and the added company-size rule")
        for d in r.decisions {
            let id = d.id.replacingOccurrences(of: "_", with: "\\_")
            let rows = table.split(separator: "\n").filter { $0.hasPrefix("| \(id) |") }
            #expect(rows.count == 1, "\(d.id): \(rows.count) rows")
            let cells = rows.first?.components(separatedBy: " | ") ?? []
            #expect(
                cells.count > 3 && cells[2] == d.action.rawValue && cells[3] == signedPoints(d.newPoints), "\(d.id)")
        }
    }

    @Test func htmlCarriesTheSameAndIsWellFormed() throws {
        let c = try ReviewedHistory.b2b.get()
        let r = c.result
        let hand = HandScoredHistory(csv: c.csv)
        let revised = hand.scores(r.revisedCard)
        let bar = eightyPercentBar(scores: revised, won: hand.won)
        let aucRevised = String(format: "%.3f", mannWhitneyAUC(scores: revised, won: hand.won))
        let html = ReviewDocument(r).html()
        Self.expectWellFormed(html)

        let decision =
            html.components(separatedBy: "<h2>The decision</h2>\n").dropFirst().first?.components(separatedBy: "<h2>")
            .first ?? ""
        let paragraphs = decision.components(separatedBy: "\n").filter { $0.hasPrefix("<p>") }
        let headline = ReviewDocument.headline(r)
        #expect(!headline.isEmpty && paragraphs.prefix(headline.count).allSatisfy { $0.hasPrefix("<p><strong>") })
        #expect(paragraphs.dropFirst(headline.count).first?.contains("<strong>\(Int(bar)) points</strong>") == true)
        #expect(html.contains("<tr><td>AUC</td>") && html.contains(aucRevised))

        let table =
            html.components(separatedBy: "<h2>Decisions</h2>").dropFirst().first?.components(separatedBy: "</table>")
            .first ?? ""
        for d in r.decisions {
            let rows = table.components(separatedBy: "<tr>").filter { $0.hasPrefix("<td>\(d.id)</td>") }
            #expect(rows.count == 1, "\(d.id): \(rows.count) rows")
            let cells = (rows.first ?? "").components(separatedBy: "</td>").map {
                $0.replacingOccurrences(of: #"^<td[^>]*>"#, with: "", options: .regularExpression)
            }
            #expect(
                cells.count > 3 && cells[2] == d.action.rawValue && cells[3] == signedPoints(d.newPoints), "\(d.id)")
        }
    }

    /// A card whose name and labels hold `<`, `>` and `&`: no raw markup reaches the HTML or the
    /// Markdown, and the escaped label is there.
    @Test func namesAndLabelsAreEscaped() throws {
        let c = try ReviewedHistory.review("founder") {
            $0.replacingOccurrences(of: "\"label\": \"", with: "\"label\": \"<b>Q&A</b> ")
                .replacingOccurrences(
                    of: "\"name\": \"Founder's first scorecard\"", with: "\"name\": \"Founder <script>x</script> & co\""
                )
        }
        let document = ReviewDocument(c.result)
        let html = document.html()
        Self.expectWellFormed(html)
        #expect(!html.contains("<b>") && !html.contains("<script>") && !html.contains("Q&A"))
        #expect(html.contains("Founder &lt;script&gt;x&lt;/script&gt; &amp; co"))
        #expect(html.contains("&lt;b&gt;Q&amp;A&lt;/b&gt;"), "a changed rule's label is shown")
        let markdown = document.markdown()
        #expect(!markdown.contains("<script>"), "the title is escaped")
        // Found by this test: the "Next step" paragraph quoted the rule's label as it was, and
        // Markdown renders a raw `<b>` as HTML. Paragraphs now escape what is not a bold or code span.
        #expect(!markdown.contains("<b>"))
        #expect(markdown.contains("\\<b\\>Q&A\\</b\\>"), "the label is there, escaped")
    }

    /// Every element the page opens it closes, and every `<` and `&` in it starts a tag or an entity.
    static func expectWellFormed(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for tag in ["svg", "figure", "table", "tr", "td", "ul", "li", "p", "h2", "strong", "code", "text", "g"] {
            let opened =
                html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag) ").count - 2
            let closed = html.components(separatedBy: "</\(tag)>").count - 1
            #expect(
                opened == closed, "<\(tag)> opened \(opened) times, closed \(closed)", sourceLocation: sourceLocation)
        }
        let stray = html.matchCount(of: #"<(?![A-Za-z/!])"#)
        #expect(stray == 0, "\(stray) unescaped <", sourceLocation: sourceLocation)
        let ampersands = html.matchCount(of: #"&(?!(?:[a-z]+|#[0-9]+|#x[0-9a-fA-F]+);)"#)
        #expect(ampersands == 0, "\(ampersands) unescaped &", sourceLocation: sourceLocation)
    }
}

extension String {
    /// How many times a regular expression matches (Foundation's, for Linux).
    fileprivate func matchCount(of pattern: String) -> Int {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.numberOfMatches(in: self, range: NSRange(startIndex..., in: self))
    }
}
