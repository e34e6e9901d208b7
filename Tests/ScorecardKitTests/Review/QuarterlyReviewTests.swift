import Foundation
import ScorecardKit
import ScorecardTestSupport
import Testing

/// Bundled histories reviewed once through the library (no bootstrap: the threshold interval is
/// not under test here), shared by the Review and Report tests.
enum ReviewedHistory {
    /// A history, its current card and the review's result, with the file read by hand.
    struct Case: Sendable {
        var csv: String
        var card: Scorecard
        var result: ReviewResult
    }

    static func review(_ folder: String, edit: (String) -> String = { $0 }) throws -> Case {
        let csv = try Repository.dataset("\(folder)/deals.csv")
        let card = try Scorecard(json: edit(Repository.dataset("\(folder)/current-scorecard.json")), file: "card.json")
        let deals = try DealTable(csv: csv, file: "\(folder)/deals.csv")
        let result = try QuarterlyReview(options: .init(resamples: 0)).run(deals: deals, card: card)
        return Case(csv: csv, card: card, result: result)
    }

    /// The 3,200-row B2B SaaS history and its hand-made card.
    static let b2b = Swift.Result { try review("b2b-saas") }
    /// The founder's 20 deals.
    static let founder = Swift.Result { try review("founder") }
}

/// `QuarterlyReview` at the library level, its figures recomputed here from the CSV by hand:
/// every deal rescored with the revised card by summing the points of the rules that fire
/// (``HandScoredHistory``), the 80% rule by sorting the won scores, the AUC by counting pairs.
@Suite("Quarterly review, recomputed by hand")
struct QuarterlyReviewTests {
    @Test(arguments: ["b2b-saas", "founder"])
    func figuresEqualTheHandComputation(folder: String) throws {
        let c = try (folder == "founder" ? ReviewedHistory.founder : ReviewedHistory.b2b).get()
        let r = c.result
        let hand = HandScoredHistory(csv: c.csv)

        // Rows: read = used + skipped, and the counts are the file's.
        #expect(r.accounting.read == hand.rows.count)
        #expect(r.accounting.used == hand.used)
        #expect(r.accounting.read == r.accounting.used + r.accounting.skippedTotal)
        #expect(r.won == hand.won.filter { $0 }.count && r.lost == hand.won.filter { !$0 }.count)

        // The revised card, rescored by hand: its threshold is the 80% rule's bar, and the won and
        // lost deals at or above it and the in-sample AUC are the tool's.
        #expect(r.revisedCard.minFit == nil && r.revisedCard.minBehavior == nil)
        let revised = hand.scores(r.revisedCard)
        let bar = eightyPercentBar(scores: revised, won: hand.won)
        #expect(r.revisedCard.threshold == bar, "the revised threshold is not the 80% rule's bar \(bar)")
        #expect(r.revised.selected?.threshold == bar)
        let t = r.revisedCard.threshold
        let at = zip(revised, hand.won).filter { $0.0 >= t }
        #expect(r.revised.atThreshold.won == Double(at.filter(\.1).count))
        #expect(r.revised.atThreshold.lost == Double(at.filter { !$0.1 }.count))
        let aucRevised = mannWhitneyAUC(scores: revised, won: hand.won)
        #expect(r.revised.auc.isApproximatelyEqual(to: aucRevised, absoluteTolerance: 1e-12))

        // The current card, the same way.
        let current = hand.scores(c.card)
        let atCurrent = zip(current, hand.won).filter { $0.0 >= c.card.threshold }
        #expect(r.current.atThreshold.won == Double(atCurrent.filter(\.1).count))
        #expect(r.current.atThreshold.lost == Double(atCurrent.filter { !$0.1 }.count))
        #expect(r.current.selected?.threshold == eightyPercentBar(scores: current, won: hand.won))
        let aucCurrent = mannWhitneyAUC(scores: current, won: hand.won)
        #expect(r.current.auc.isApproximatelyEqual(to: aucCurrent, absoluteTolerance: 1e-12))

        // One decision per rule of the current card (in its order), then the added ones; each
        // decision's new points are the revised card's, a dropped rule is gone.
        let ids = c.card.rules.map(\.id)
        #expect(Array(r.decisions.map(\.id).prefix(ids.count)) == ids)
        #expect(r.decisions.dropFirst(ids.count).allSatisfy { $0.action == .add })
        #expect(r.revisedCard.rules.allSatisfy { $0.points == $0.points.rounded() }, "integer points (DESIGN.md)")
        let revisedPoints = Dictionary(uniqueKeysWithValues: r.revisedCard.rules.map { ($0.id, $0.points) })
        for d in r.decisions {
            switch d.action {
            case .drop: #expect(revisedPoints[d.id] == nil && d.newPoints == nil, "\(d.id) dropped")
            case .keep: #expect(revisedPoints[d.id] == d.oldPoints && d.newPoints == d.oldPoints, "\(d.id) kept")
            case .merge: #expect(d.into.flatMap { revisedPoints[$0] } != nil, "\(d.id) merged into a rule")
            default: #expect(revisedPoints[d.id] != nil && revisedPoints[d.id] == d.newPoints, "\(d.id)")
            }
        }
    }

    /// The B2B history's known shape: 3,200 rows, 163 open and 19 with no outcome (counted with
    /// `cut -d, -f2 | sort | uniq -c`): 857 won and 2,161 lost.
    @Test func b2bRowCounts() throws {
        let r = try ReviewedHistory.b2b.get().result
        #expect(r.accounting.read == 3_200 && r.accounting.used == 3_018 && r.accounting.skippedTotal == 182)
        #expect(r.won == 857 && r.lost == 2_161)
    }
}
