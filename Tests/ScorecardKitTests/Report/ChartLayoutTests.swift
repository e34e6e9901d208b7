import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The review's charts as a person sees them: no text leaves the picture and no two texts
/// overlap, on the bundled reviews and on a card with long rule ids.
///
/// Text boxes are measured here with DejaVu Sans's advance widths (units of 1/2048 em, from the
/// font's `hmtx` table; DejaVu Sans is the default sans-serif on Linux and wider than Helvetica
/// or Segoe UI), with its ascent 0.93 em and descent 0.24 em; characters not in the table count
/// a full em. The charts lay their labels out from their own, coarser estimate.
@Suite("Chart layout")
struct ChartLayoutTests {
    static let advance: [Character: Double] = {
        var t: [Character: Double] = [
            " ": 651, "!": 823, "%": 1946, "(": 799, ")": 799, ",": 651, "-": 739, ".": 651, "/": 690, ":": 690,
            "_": 1024, "'": 563,
        ]
        for d in "0123456789" { t[d] = 1303 }
        let lower: [(Character, Double)] = [
            ("a", 1255), ("b", 1300), ("c", 1126), ("d", 1300), ("e", 1260), ("f", 721), ("g", 1300), ("h", 1298),
            ("i", 569), ("j", 569), ("k", 1186), ("l", 569), ("m", 1995), ("n", 1298), ("o", 1253), ("p", 1300),
            ("q", 1300), ("r", 842), ("s", 1067), ("t", 803), ("u", 1298), ("v", 1212), ("w", 1675), ("x", 1212),
            ("y", 1212), ("z", 1075),
        ]
        let upper: [(Character, Double)] = [
            ("A", 1401), ("B", 1405), ("C", 1430), ("D", 1577), ("E", 1294), ("F", 1178), ("G", 1587), ("H", 1540),
            ("I", 604), ("J", 604), ("K", 1343), ("L", 1141), ("M", 1767), ("N", 1532), ("O", 1612), ("P", 1235),
            ("Q", 1612), ("R", 1423), ("S", 1300), ("T", 1251), ("U", 1499), ("V", 1401), ("W", 2025), ("X", 1403),
            ("Y", 1253), ("Z", 1403),
        ]
        for (c, w) in lower + upper { t[c] = w }
        return t
    }()

    struct Box: CustomStringConvertible {
        var text: String, x0: Double, x1: Double, y0: Double, y1: Double
        var description: String { "\"\(text)\" [\(Int(x0))–\(Int(x1)) × \(Int(y0))–\(Int(y1))]" }
        func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
    }

    static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let r = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[r.upperBound...].prefix { $0 != "\"" })
    }

    /// Every `<text>` of an SVG as a box, with the `translate` of the group it sits in.
    static func boxes(_ svg: String) -> (boxes: [Box], width: Double, height: Double) {
        let view = attribute("viewBox", in: svg[...])!.split(separator: " ").map { Double($0)! }
        var out: [Box] = []
        var shift = 0.0
        var rest = svg[...]
        while let open = rest.firstIndex(of: "<") {
            let close = rest[open...].firstIndex(of: ">")!
            let tag = rest[open...close]
            if tag.hasPrefix("<g") {
                shift =
                    attribute("transform", in: tag).flatMap { Double($0.split(separator: " ").last!.dropLast()) } ?? 0
            }
            if tag.hasPrefix("</g") { shift = 0 }
            if tag.hasPrefix("<text") {
                let end = rest[close...].range(of: "</text>")!.lowerBound
                let text = String(rest[rest.index(after: close)..<end]).replacingOccurrences(of: "&amp;", with: "&")
                    .replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                    .replacingOccurrences(of: "&#39;", with: "'")
                let size = Double(attribute("font-size", in: tag)!)!
                let x = Double(attribute("x", in: tag)!)!
                let y = Double(attribute("y", in: tag)!)! + shift
                let w = text.reduce(0.0) { $0 + (advance[$1] ?? 2048) } / 2048 * size
                var (x0, x1): (Double, Double)
                switch attribute("text-anchor", in: tag) {
                case "middle": (x0, x1) = (x - w / 2, x + w / 2)
                case "end": (x0, x1) = (x - w, x)
                default: (x0, x1) = (x, x + w)
                }
                var box = Box(text: text, x0: x0, x1: x1, y0: y - 0.93 * size, y1: y + 0.24 * size)
                if attribute("transform", in: tag)?.hasPrefix("rotate(-90") == true {
                    // Turned a quarter left about (x, y): the run goes up the page.
                    box = Box(text: text, x0: x - 0.93 * size, x1: x + 0.24 * size, y0: y - (x1 - x), y1: y + (x - x0))
                }
                out.append(box)
            }
            rest = rest[rest.index(after: close)...]
        }
        return (out, view[2], view[3])
    }

    static func check(_ result: ReviewResult, _ name: String) {
        let charts = ReviewCharts.all(result)
        #expect(charts.count >= 4, "\(name): charts drawn")
        for (file, svg) in charts {
            let (boxes, width, height) = Self.boxes(svg)
            #expect(!boxes.isEmpty)
            for b in boxes {
                #expect(
                    b.x0 >= 0 && b.x1 <= width && b.y0 >= 0 && b.y1 <= height,
                    "\(name) \(file): \(b) leaves the \(Int(width))×\(Int(height)) view")
            }
            for i in boxes.indices {
                for j in boxes.indices where j > i && boxes[i].overlaps(boxes[j]) {
                    Issue.record("\(name) \(file): \(boxes[i]) overlaps \(boxes[j])")
                }
            }
        }
    }

    @Test(arguments: ["b2b-saas", "founder"])
    func bundledReviewsLabelsStayInsideAndApart(_ history: String) throws {
        let deals = try DealTable(csv: Fixtures.dataset("\(history)/deals.csv"), file: "deals.csv")
        let card = try Scorecard(json: Fixtures.dataset("\(history)/current-scorecard.json"), file: "card.json")
        Self.check(try QuarterlyReview(options: .init(resamples: 0)).run(deals: deals, card: card), history)
    }

    /// Rule ids as long as a real export's tags ("s_tag_will_revert_after_reading_the_email"), a
    /// dropped one among them: the margin grows to fit (the chart widens), and an id too long even
    /// for that is cut with "…" rather than running off the left edge.
    @Test func longRuleIdsFitTheMargin() throws {
        let deals = try DealTable(csv: DealSimulator(seed: 3, deals: 1_500).dealsCSV(), file: "deals.csv")
        var json = try Fixtures.dataset("b2b-saas/current-scorecard.json")
        json = json.replacingOccurrences(
            of: "\"id\": \"email_opens\"", with: "\"id\": \"s_tag_will_revert_after_reading_the_email\""
        )
        .replacingOccurrences(
            of: "\"id\": \"ai_hot\"",
            with:
                "\"id\": \"AI_Intent_Score_Marketing_Qualified_Lead_Model_Output_Above_Seventy_Version_Two_Point_Five\""
        )
        let card = try Scorecard(json: json, file: "card.json")
        let result = try QuarterlyReview(options: .init(resamples: 0)).run(deals: deals, card: card)
        Self.check(result, "long ids")
        let points = try #require(ReviewCharts.all(result).first { $0.name == "points.svg" }?.svg)
        #expect(points.contains("s_tag_will_revert_after_reading_the_email"))
        #expect(points.contains("…"), "the id too long for the margin is cut")
    }
}
