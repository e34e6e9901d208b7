import ScorecardTestSupport
import Testing

@testable import ScorecardKit

@Suite("Back-testing and drift")
struct BacktestTests {
    /// Each deal's period, found through a table of the history's days when its span is no
    /// longer than the deals (else deal by deal), is the period of its own date: quarters and
    /// months, undated deals, one day, and a span of centuries over a handful of deals.
    @Test func periodOfEachRowIsThePeriodOfItsDate() {
        var rng = SplitMix64(seed: 41)
        for trial in 0..<40 {
            let n = [1, 5, 400, 3_000][trial % 4]
            let first = 738_000 + rng.nextInt(below: 500)
            let width = trial % 5 == 0 ? 1 : trial % 7 == 3 ? 80_000 : 1 + rng.nextInt(below: 900)
            let dates: [CalendarDate?] = (0..<n).map { _ in
                rng.next() % 9 == 0 ? nil : CalendarDate(dayNumber: first + rng.nextInt(below: width))
            }
            for per in Period.allCases {
                let (keys, period, undated) = Backtest.periodOfRows(ColumnValues(dates), per: per)
                let want = dates.map { $0.map { Int32(per.index($0)) } ?? .min }
                #expect(period == want, "trial \(trial), \(per)")
                #expect(undated == dates.filter { $0 == nil }.count)
                #expect(keys == Set(dates.compactMap { $0.map { per.index($0) } }).sorted())
            }
        }
    }

    static let card = try! Scorecard(json: Fixtures.dataset("b2b-saas/current-scorecard.json"), file: "card.json")
    static let csv = try! Fixtures.dataset("b2b-saas/deals.csv")

    /// PSI by hand: expected 1…10 gives the edges 2, 3, …, 10, so each of the ten bins holds 10%
    /// of the expected deals. Actual: five 1s and five 10s, so 50% in the first and last bins and
    /// 0 (counted as 0.0001) in the other eight:
    /// PSI = 2 · (0.5 − 0.1) · ln(0.5/0.1) + 8 · (0.0001 − 0.1) · ln(0.0001/0.1).
    @Test func psiByHand() {
        let expected = (1...10).map(Double.init)
        let actual: [Double] = [1, 1, 1, 1, 1, 10, 10, 10, 10, 10]
        let byHand = 2 * 0.4 * _log(5) + 8 * (0.0001 - 0.1) * _log(0.0001 / 0.1)
        #expect(
            PopulationStability.index(expected: expected, actual: actual).isApproximatelyEqual(
                to: byHand, relativeTolerance: 1e-12))
        #expect(PopulationStability.index(expected: expected, actual: expected) == 0)
        #expect(
            PopulationStability.band(0.05) == "stable" && PopulationStability.band(0.2) == "watch"
                && PopulationStability.band(0.3) == "shifted")
    }

    /// Few distinct values take the walk over the values; unit weights take the sorted walk over
    /// the deals. The edges agree, for indicators, whole-point scores with heavy ties, and values
    /// too many to group (both then sort).
    @Test func binEdgesOverDistinctValuesEqualTheSortedWalk() {
        var rng = SplitMix64(seed: 3)
        let samples: [[Double]] = [
            (0..<9_999).map { _ in rng.next() % 10 < 3 ? 1 : 0 },
            (0..<20_000).map { _ in Double(rng.next() % 7) * 15 - 20 },
            (0..<60_001).map { _ in Double(rng.next() % 250) },
            (0..<3_000).map { _ in Double(rng.next() % 100_000) / 7 },
            [5, 5, 5, 5],
        ]
        for values in samples {
            let ones = values.map { _ in 1.0 }
            #expect(
                PopulationStability.binEdges(values, bins: 10)
                    == PopulationStability.binEdges(values, bins: 10, weights: ones))
        }
        // The PSI of grouped values is the PSI of the values spelled out (whole-point scores with
        // unit weights, so the deal-by-deal path runs), and an indicator's two groups are its
        // zeros and ones as `indicatorOnes` counts them.
        let train = samples[1]
        let test = (0..<5_000).map { _ in Double(rng.next() % 9) * 15 - 20 }
        let spelled = PopulationStability.index(
            expected: train, actual: test, expectedWeights: train.map { _ in 1 }, actualWeights: test.map { _ in 1 })
        #expect(PopulationStability.index(expected: train, actual: test) == spelled)
        #expect(
            PopulationStability.index(
                expected: PopulationStability.distinctCounts(train, limit: 100)!,
                actual: PopulationStability.distinctCounts(test, limit: 100)!) == spelled)
        let indicator = EncodedRows(rowMajor: samples[0].flatMap { [$0, 2] }, columnCount: 2)
        #expect(indicator.indicatorOnes() == [samples[0].filter { $0 == 1 }.count, nil])
        #expect(PopulationStability.distinctCounts([2, 1, 2, -0.0, 0], limit: 5)!.map(\.count) == [2, 1, 2])
        #expect(PopulationStability.distinctCounts([1, 2, 3], limit: 2) == nil)
    }

    /// Rewrites rows of the bundled CSV: `edit(fields, header)` returns the new fields.
    static func edited(_ edit: ([String], [String]) -> [String]) -> String {
        var lines = csv.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines.removeFirst()
        return ([header] + lines.map { edit($0, header) }).map { $0.joined(separator: ",") }.joined(separator: "\n")
            + "\n"
    }

    /// A last quarter simulated with drift (every deal suddenly requests a demo and visits the
    /// pricing page) shifts the score distribution: PSI above 0.25, read as "shifted".
    @Test func driftInTheLastQuarterIsShifted() throws {
        let drifted = Self.edited { f, h in
            var f = f
            if f[h.firstIndex(of: "closed_at")!].hasPrefix("2026-0") && f[h.firstIndex(of: "closed_at")!] >= "2026-07" {
                f[h.firstIndex(of: "demo_requested")!] = "true"
                f[h.firstIndex(of: "pricing_page_visits")!] = "3"
            }
            return f
        }
        let deals = try DealTable(csv: drifted, file: "drifted.csv")
        let result = try Backtest(options: .init(resamples: 0, lastPeriodOnly: true)).run(deals: deals, card: Self.card)
        let last = try #require(result.periods.last)
        #expect(last.period == "2026-Q3")
        #expect(last.psi > 0.25)
        #expect(PopulationStability.band(last.psi) == "shifted")
        #expect(last.characteristicStability.first { $0.ruleID == "demo_request" }!.csi > 0.25)
        // The undrifted history is stable.
        let plain = try Backtest(options: .init(resamples: 0, lastPeriodOnly: true)).run(
            deals: DealTable(csv: Self.csv, file: "d.csv"), card: Self.card)
        #expect(plain.periods.last!.psi < 0.1)
    }

    /// A signal dated after the deal's scored_at changes nothing in a back-test: demo requests
    /// added after the decision to every deal that had none give the same result, number for number.
    @Test func signalsAfterTheDecisionAreNotCounted() throws {
        let late = Self.edited { f, h in
            var f = f
            let demo = h.firstIndex(of: "demo_requested")!
            let at = h.firstIndex(of: "demo_requested_at")!
            let scored = f[h.firstIndex(of: "scored_at")!]
            if f[demo] == "false", let d = CalendarDate(iso: scored) {
                f[demo] = "true"
                f[at] = d.adding(days: 3).description
            }
            return f
        }
        let options = Backtest.Options(resamples: 50)
        let a = try Backtest(options: options).run(deals: DealTable(csv: Self.csv, file: "d.csv"), card: Self.card)
        let b = try Backtest(options: options).run(deals: DealTable(csv: late, file: "d.csv"), card: Self.card)
        #expect(a.json == b.json)
        // Without point-in-time scoring the same edit would change everything.
        let design = try DesignMatrix(card: Self.card, deals: DealTable(csv: late, file: "d.csv"))
        #expect(design.column(4).allSatisfy { $0 == 1 })
    }

    /// The bundled history: one row per quarter after the first, and out of time the refitted card
    /// ranks better and is more precise at equal recall, over all test quarters together.
    @Test func revisedCardWinsOutOfTime() throws {
        let result = try Backtest(options: .init(resamples: 100)).run(
            deals: DealTable(csv: Self.csv, file: "d.csv"), card: Self.card)
        #expect(
            result.periods.map(\.period) == [
                "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3",
            ])
        let pooled = try #require(result.pooled)
        #expect(pooled.revised.auc > pooled.current.auc)
        #expect(pooled.revised.precisionAtTargetRecall! > pooled.current.precisionAtTargetRecall!)
        #expect(result.periods.allSatisfy { $0.current.threshold == 80 && $0.won > 0 && $0.won < $0.deals })
        // Flip counts add up: deals SQL under the revised card = SQL under the current + became − stopped.
        for p in result.periods {
            #expect(p.revised.sqlCount == p.current.sqlCount + p.becameSQL.deals - p.stoppedSQL.deals)
        }
    }

    /// A training window's fit started from the whole history's fit (as the review starts its
    /// hold-out) reaches the same card: the same revised metrics and flips as a fit started from
    /// scratch.
    @Test func startedRefitGivesTheSameBacktest() throws {
        let deals = try DealTable(csv: Self.csv, file: "d.csv")
        let whole = try CardRefit().run(deals: deals, card: Self.card).fitted.fit
        var started = CardRefit()
        started.start = [whole.intercept.coefficient] + whole.coefficients
        let a = try Backtest(options: .init(resamples: 50, lastPeriodOnly: true)).run(deals: deals, card: Self.card)
        let b = try Backtest(options: .init(refit: started, resamples: 50, lastPeriodOnly: true)).run(
            deals: deals, card: Self.card)
        let (p, q) = (try #require(a.periods.last), try #require(b.periods.last))
        #expect(p.revised == q.revised && p.revisedThreshold == q.revisedThreshold && p.flips.count == q.flips.count)
    }

    /// Each row's period, as the back-test splits by it, against a grouping written here: the
    /// rows of every quarter and month label of the bundled history, in file order, and the
    /// windows of earlier periods as every row of an earlier label.
    @Test func periodOfRowsGroupsTheRowsByTheirLabel() throws {
        let deals = try DealTable(csv: Self.csv, file: "d.csv")
        let closed = try #require(deals.closedAt)
        for per in [Period.quarter, .month] {
            let (keys, period, undated) = Backtest.periodOfRows(closed, per: per)
            var byLabel: [String: [Int]] = [:]
            for i in 0..<deals.count {
                if let d = closed[i] { byLabel[per.label(d), default: []].append(i) }
            }
            let labels = byLabel.keys.sorted()
            #expect(undated == 0 && keys.count == labels.count && keys == keys.sorted())
            for (k, key) in keys.enumerated() {
                let rows = period.indices.filter { period[$0] == Int32(key) }
                #expect(rows == byLabel[labels[k]])
                let earlier = period.indices.filter { period[$0] != .min && period[$0] < Int32(key) }
                #expect(earlier == labels[..<k].flatMap { byLabel[$0]! }.sorted())
            }
        }
    }

    /// A back-test handed the card's point-in-time design (as the review hands its own) gives
    /// exactly the back-test that builds it.
    @Test func backtestWithTheDesignHandedInIsTheSame() throws {
        let deals = try DealTable(csv: Self.csv, file: "d.csv")
        var options = Backtest.Options(resamples: 50, lastPeriodOnly: true)
        let built = try Backtest(options: options).run(deals: deals, card: Self.card)
        options.design = try DesignMatrix(card: Self.card, deals: deals, pointInTime: true)
        let handed = try Backtest(options: options).run(deals: deals, card: Self.card)
        #expect(built.json.rendered() == handed.json.rendered())
    }

    @Test func historyWithoutClosedAtCannotBeBacktested() throws {
        let deals = try DealTable(csv: "outcome,demo\nwon,true\nlost,false\n", file: "nodates.csv")
        let card = try Scorecard(
            json:
                #"{"schema": "scorecard/v1", "name": "t", "threshold": 1, "rules": [{"id": "d", "signal": "demo", "when": {"equals": true}, "points": 1}]}"#,
            file: "c.json")
        #expect(throws: BacktestError.self) { try Backtest().run(deals: deals, card: card) }
        do { _ = try Backtest().run(deals: deals, card: card) } catch {
            #expect(String(describing: error).contains("needs a closed_at column"))
        }
    }
}
