import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// A history given as a pattern table (one row per combination of signal values, with won and
/// lost counts) fits exactly as the deal-level file it summarizes.
@Suite("Pattern-table input")
struct PatternInputTests {
    static let card = try! Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")

    /// The b2b history aggregated here, in Swift, by the raw values of the card's signals.
    static func aggregated() throws -> (deals: DealTable, patterns: DealTable) {
        let deals = try DealTable(csv: Fixtures.dataset("b2b-saas/deals.csv"), file: "deals.csv")
        let signals = Array(Set(card.rules.map(\.signal))).sorted()
        var groups: [[String]: (won: Int, lost: Int)] = [:]
        var order: [[String]] = []
        for i in 0..<deals.count {
            let key = signals.map { name -> String in
                switch deals.columns[name]! {
                case .boolean(let v): return v[i].map { $0 ? "true" : "false" } ?? ""
                case .number(let v): return v[i].map { JSONValue.format($0) } ?? ""
                case .category(let v): return v[i] ?? ""
                case .date(let v): return v[i]?.description ?? ""
                }
            }
            if groups[key] == nil { order.append(key) }
            if deals.won[i] { groups[key, default: (0, 0)].won += 1 } else { groups[key, default: (0, 0)].lost += 1 }
        }
        let csv = CSVWriter().table(
            header: signals + ["won_count", "lost_count"],
            rows: order.map { $0 + [String(groups[$0]!.won), String(groups[$0]!.lost)] })
        let patterns = try DealTable(
            bytes: Array(csv.utf8), file: "patterns.csv", counts: .init(won: "won_count", lost: "lost_count"))
        return (deals, patterns)
    }

    /// One column of scores becomes one pattern a distinct score, in the order the scores first
    /// appear, each with its won and lost weights added in row order: whole scores in a narrow
    /// range (found through their slot) and others (through a hash table) alike, against a count
    /// written here. −0 is the pattern 0.
    @Test func scoresBecomePatternsInTheOrderTheyAppear() {
        var rng = SplitMix64(seed: 31)
        for whole in [true, false] {
            let n = 3_000
            let scores = (0..<n).map { i -> Double in
                let s = Double(rng.nextInt(below: 60)) - 20
                return i == 7 && !whole ? -0.0 : whole ? s : s + 0.25
            }
            let won = (0..<n).map { _ in rng.nextUnit() < 0.3 }
            let weights = (0..<n).map { _ in Double(1 + rng.nextInt(below: 3)) / 3 }
            let table = PatternTable(ruleID: "score", values: scores, won: won, weights: weights)
            var order: [Double] = []
            for s in scores where !order.contains(s + 0) { order.append(s + 0) }
            #expect(table.values == order, "whole \(whole)")
            for (k, s) in order.enumerated() {
                var w = 0.0
                var l = 0.0
                for i in 0..<n where scores[i] + 0 == s { if won[i] { w += weights[i] } else { l += weights[i] } }
                #expect(table.wonWeights[k] == w && table.lostWeights[k] == l, "whole \(whole) score \(s)")
            }
        }
    }

    @Test func patternTableFitsAsTheDeals() throws {
        let (deals, patterns) = try Self.aggregated()
        // Raw values of the signals (the AI score takes a hundred values): fewer rows, not few.
        #expect(patterns.accounting.used < deals.count)
        #expect(patterns.wonCount == deals.wonCount && patterns.lostCount == deals.lostCount)
        let a = try LogisticRegression().fit(DesignMatrix(card: Self.card, deals: deals))
        let b = try LogisticRegression().fit(DesignMatrix(card: Self.card, deals: patterns))
        #expect(
            worstRelativeError(
                [b.intercept.coefficient] + b.coefficients, [a.intercept.coefficient] + a.coefficients, floor: 1e-12)
                < 1e-9)
        #expect(
            worstRelativeError(
                [b.intercept.stdError] + b.estimates.map { $0?.stdError ?? 0 },
                [a.intercept.stdError] + a.estimates.map { $0?.stdError ?? 0 }, floor: 1e-12) < 1e-9)
        let da = try DesignMatrix(card: Self.card, deals: deals)
        let db = try DesignMatrix(card: Self.card, deals: patterns)
        let sa = ThresholdSweep(scores: Self.card.scores(da), won: da.won)
        let sb = ThresholdSweep(scores: Self.card.scores(db), won: db.won, weights: db.weights)
        #expect(sa.rows == sb.rows)
        #expect(
            RankingMetrics(scores: Self.card.scores(da), won: da.won)
                == RankingMetrics(scores: Self.card.scores(db), won: db.won, weights: db.weights))
    }

    /// One column compressed directly (scores for a calibration curve) is the table the design
    /// path builds: the same values in the same order, the same weights; for whole-point scores,
    /// an indicator and weighted values.
    @Test func oneColumnTableEqualsTheDesignPath() {
        var rng = SplitMix64(seed: 11)
        let n = 3_000
        let won = (0..<n).map { _ in rng.next() % 3 == 0 }
        let weights = (0..<n).map { _ in Double(rng.next() % 4 + 1) }
        let columns: [[Double]] = [
            (0..<n).map { _ in Double(rng.next() % 90) - 10 }, (0..<n).map { _ in Double(rng.next() % 2) },
            (0..<n).map { i in i % 7 == 0 ? -0.0 : Double(i % 5) / 3 },
        ]
        for values in columns {
            for w in [nil, weights] {
                var design = DesignMatrix(ruleIDs: ["score"], rows: values.map { [$0] }, won: won)
                design.weights = w
                let viaDesign = PatternTable(design)
                let direct = PatternTable(ruleID: "score", values: values, won: won, weights: w)
                #expect(
                    direct.rows == viaDesign.rows && direct.wonWeights == viaDesign.wonWeights
                        && direct.lostWeights == viaDesign.lostWeights)
            }
        }
    }

    /// The whole review on the pattern table: the same revised card and threshold as on the deals.
    @Test func reviewOnPatternsEqualsReviewOnDeals() throws {
        let (deals, patterns) = try Self.aggregated()
        // The structural search holds out the latest quarter, which a pattern table cannot: both
        // reviews without it.
        var options = QuarterlyReview.Options(resamples: 0, holdout: false)
        options.structural = false
        let a = try QuarterlyReview(options: options).run(deals: deals, card: Self.card)
        let b = try QuarterlyReview(options: options).run(deals: patterns, card: Self.card)
        #expect(a.revisedCard.rules == b.revisedCard.rules && a.revisedCard.threshold == b.revisedCard.threshold)
        #expect(a.revised.auc == b.revised.auc && a.current.atThreshold == b.current.atThreshold)
    }

    @Test func badCountsAreNamed() throws {
        let csv = "demo,won_count,lost_count\ntrue,3,1\nfalse,x,2\n"
        #expect(throws: DealDataError.self) {
            try DealTable(bytes: Array(csv.utf8), file: "p.csv", counts: .init(won: "won_count", lost: "lost_count"))
        }
        do {
            _ = try DealTable(
                bytes: Array(csv.utf8), file: "p.csv", counts: .init(won: "won_count", lost: "lost_count"))
        } catch {
            #expect(String(describing: error).hasPrefix("p.csv:3:2: \"x\" in count column \"won_count\""))
        }
        let zero = "demo,won_count,lost_count\ntrue,3,1\nfalse,0,0\nfalse,1,4\n"
        let t = try DealTable(
            bytes: Array(zero.utf8), file: "p.csv", counts: .init(won: "won_count", lost: "lost_count"))
        #expect(t.accounting.read == 3 && t.accounting.used == 2 && t.accounting.skipped[.emptyPattern] == 1)
        #expect(t.wonCount == 4 && t.lostCount == 5 && t.count == 4)
    }
}
