import Foundation
import Testing
@testable import ScorecardCLI
@testable import ScorecardKit

@Suite("scorecard backtest")
struct BacktestCommandTests {
    @Test func oneRowPerQuarterWithBothCards() {
        let r = runTool(["backtest", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard", repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
                         "--by", "quarter", "--bootstrap", "100"])
        #expect(r.code == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").filter { $0.hasPrefix("202") && $0.contains("→") && !$0.contains(":") }
        #expect(rows.count == 7, "\(r.out)")
        #expect(r.out.contains("AUC cur → rev") && r.out.contains("All test periods together"))
    }

    @Test func jsonHasTheDesignKeys() throws {
        let r = runTool(["backtest", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard", repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
                         "--format", "json", "--bootstrap", "0", "--by", "month", "--window", "6"])
        #expect(r.code == 0, "\(r.err)")
        let periods = try #require(JSONValue.parseValue(r.out)["periods"]?.array)
        #expect(periods.count == 23)  // 24 months, the first only trains
        for key in ["period", "deals", "won", "psi", "current", "revised"] { #expect(periods.allSatisfy { $0[key] != nil }, "\(key)") }
        for key in ["auc", "ks", "brier", "logLoss", "threshold", "recall", "precision", "sqlCount"] {
            #expect(periods.allSatisfy { $0["current"]![key] != nil && $0["revised"]![key] != nil }, "\(key)")
        }
        // A rolling window of 6 months trains on at most 6 months of deals.
        #expect(periods.last!["trainingPeriods"]!.string == "2026-03–2026-08")
    }

    @Test func historyWithoutDatesIsExitOne() throws {
        let dir = try temporaryDirectory()
        let deals = try write("outcome,demo\nwon,true\nlost,false\nwon,false\n", to: "d.csv", in: dir)
        let card = try write(#"{"schema": "scorecard/v1", "name": "t", "threshold": 1, "rules": [{"id": "d", "signal": "demo", "when": {"equals": true}, "points": 1}]}"#, to: "c.json", in: dir)
        let r = runTool(["backtest", deals, "--scorecard", card])
        #expect(r.code == 1)
        #expect(r.err.hasPrefix("error: \(deals):1: back-testing needs a closed_at column"))
    }
}
