import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// "Is this deal an SQL?" has one answer: `score`, `sweep`, `backtest` and `review` count the same
/// SQLs for a card with dual bars.
@Suite("One SQL predicate")
struct QualificationTests {
    /// The bundled card with a fit bar of 20 and a behavior bar of 40 added.
    static func dualBarCard(in dir: String) throws -> String {
        var text = try String(
            contentsOfFile: repositoryRoot + "/datasets/b2b-saas/current-scorecard.json", encoding: .utf8)
        text = text.replacingOccurrences(
            of: "\"threshold\": 80,", with: "\"threshold\": 80, \"minFit\": 20, \"minBehavior\": 40,")
        #expect(text.contains("\"minFit\": 20"))
        return try write(text, to: "dual.json", in: dir)
    }

    static func json(_ r: RunResult) throws -> JSONValue {
        #expect(r.code == 0, "\(r.err)")
        return try JSONValue.parseValue(r.out, file: "stdout")
    }

    @Test func everyCommandCountsTheSameSQLs() throws {
        let dir = try temporaryDirectory()
        let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
        let card = try Self.dualBarCard(in: dir)

        // score: each deal's SQL yes/no, grouped here by the quarter of its closed_at (read from
        // the CSV text, not through the library).
        let scored = try Self.json(runTool(["score", deals, "--scorecard", card, "--format", "json"]))
        let text = try String(contentsOfFile: deals, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = text[0].map(String.init)
        let id = header.firstIndex(of: "deal_id")!
        let outcome = header.firstIndex(of: "outcome")!
        let closed = header.firstIndex(of: "closed_at")!
        var quarterOf: [String: String] = [:]
        for row in text.dropFirst() where row[outcome] == "won" || row[outcome] == "lost" {
            let y = row[closed].prefix(4)
            let m = Int(row[closed].dropFirst(5).prefix(2))!
            quarterOf[String(row[id])] = "\(y)-Q\((m - 1) / 3 + 1)"
        }
        var sqlByQuarter: [String: Int] = [:]
        var sqlTotal = 0
        var withoutBars = 0
        for lead in scored.array ?? [] {
            guard let dealID = lead["dealId"]?.string, let quarter = quarterOf[dealID] else { continue }  // open deals
            if lead["score"]?.number ?? 0 >= 80 { withoutBars += 1 }
            guard lead["isSQL"]?.bool == true else { continue }
            // The predicate itself, checked from the subscores the row reports.
            #expect(
                lead["score"]!.number! >= 80 && lead["fitScore"]!.number! >= 20 && lead["behaviorScore"]!.number! >= 40)
            sqlByQuarter[quarter, default: 0] += 1
            sqlTotal += 1
        }
        #expect(
            sqlTotal > 0 && sqlTotal < withoutBars, "the bars must bind on this history for the test to mean anything")

        // sweep: the row at the card's threshold.
        let sweep = try Self.json(
            runTool(["sweep", deals, "--scorecard", card, "--bootstrap", "0", "--at", "80", "--format", "json"]))
        let row = sweep["thresholds"]?.array?.first
        #expect((row?["won"]?.number ?? -1) + (row?["lost"]?.number ?? -1) == Double(sqlTotal))

        // review: the current card's SQLs at its threshold.
        let review = try Self.json(
            runTool([
                "review", deals, "--scorecard", card, "--bootstrap", "0", "--out", dir + "/out", "--format", "json",
            ]))
        let at = review["current"]?["atThreshold"]
        #expect((at?["won"]?.number ?? -1) + (at?["lost"]?.number ?? -1) == Double(sqlTotal))

        // backtest: each period's SQLs under the current card.
        let backtest = try Self.json(
            runTool(["backtest", deals, "--scorecard", card, "--bootstrap", "0", "--format", "json"]))
        let periods = backtest["periods"]?.array ?? []
        #expect(periods.count >= 3)
        for p in periods {
            let label = p["period"]?.string ?? "?"
            #expect(p["current"]?["sqlCount"]?.number == Double(sqlByQuarter[label] ?? 0), "\(label)")
        }
    }

    /// The SQL export of a dual-bar card gives the subscores and `is_sql`, and SQLite agrees with
    /// `score` on every deal's SQL yes/no (skipped with a reason when sqlite3 is missing).
    @Test func sqlExportExpressesTheBars() throws {
        let dir = try temporaryDirectory()
        let card = try Self.dualBarCard(in: dir)
        let query = runTool(["export", card, "--to", "sql", "--dialect", "sqlite"])
        #expect(
            query.out.contains("AS \"is_sql\"") && query.out.contains("\"fit_score\" >= 20")
                && query.out.contains("\"behavior_score\" >= 40"))
        let check = runTool([
            "export", card, "--to", "sql", "--dialect", "sqlite", "--check",
            repositoryRoot + "/datasets/b2b-saas/deals.csv",
        ])
        if check.err.contains("sqlite3 is not installed") { return skipOrFail("sqlite3 is not installed") }
        #expect(check.code == 0, "\(check.err)")
        #expect(check.out.contains("parity: 3200 of 3200"))
    }

    @Test func predicateHoldsBothBars() {
        let q = Qualification(threshold: 80, minFit: 20, minBehavior: 40)
        #expect(q.isSQL(score: 80, fit: 20, behavior: 60))
        #expect(!q.isSQL(score: 95, fit: 10, behavior: 85))
        #expect(!q.isSQL(score: 95, fit: 55, behavior: 39))
        #expect(!q.isSQL(score: 79, fit: 40, behavior: 39 + 0))
        #expect(Qualification(threshold: 80).isSQL(score: 80, fit: -100, behavior: -100))
        #expect(q.description == "score ≥ 80, fit ≥ 20 and behavior ≥ 40")
    }

    /// A sweep with the bars held: deals that miss a bar never count at or above a threshold,
    /// but count in the totals (hand-counted).
    @Test func sweepHoldsTheBars() {
        let scores: [Double] = [90, 85, 80, 70, 60]
        let won = [true, false, true, true, false]
        let eligible = [true, false, true, false, true]
        let sweep = ThresholdSweep(scores: scores, won: won, eligible: eligible)
        #expect(sweep.rows.map(\.threshold) == [90, 80, 60])
        let at80 = sweep.row(at: 80)
        #expect(at80.won == 2 && at80.lost == 0)
        #expect(at80.recall == 2.0 / 3.0)
        #expect(sweep.totalWon == 3 && sweep.totalLost == 2)
        #expect(sweep.row(at: 0).won + sweep.row(at: 0).lost == 3)
    }
}
