import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

@Suite("scorecard backtest")
struct BacktestCommandTests {
    @Test func oneRowPerQuarterWithBothCards() {
        let r = runTool([
            "backtest", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
            "--by", "quarter", "--bootstrap", "100",
        ])
        #expect(r.code == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").filter { $0.hasPrefix("202") && $0.contains("→") && !$0.contains(":") }
        #expect(rows.count == 7, "\(r.out)")
        #expect(r.out.contains("AUC cur → rev") && r.out.contains("All test periods together"))
    }

    @Test func jsonHasTheDesignKeys() throws {
        let r = runTool([
            "backtest", repositoryRoot + "/datasets/b2b-saas/deals.csv", "--scorecard",
            repositoryRoot + "/datasets/b2b-saas/current-scorecard.json",
            "--format", "json", "--bootstrap", "0", "--by", "month", "--window", "6",
        ])
        #expect(r.code == 0, "\(r.err)")
        let periods = try #require(JSONValue.parseValue(r.out)["periods"]?.array)
        #expect(periods.count == 23)  // 24 months, the first only trains
        // Every key holds a value of its kind: `!= nil` would pass JSON null, which is how a NaN is
        // written, so each number must be a finite number and each metric in its range.
        for p in periods {
            let label = p["period"]?.string ?? "?"
            #expect(label.count == 7 && label.hasPrefix("202"), "period \(label)")
            #expect(
                (p["deals"]?.number ?? 0) >= 1
                    && (p["won"]?.number).map { $0 >= 0 && $0 <= p["deals"]!.number! } == true, "\(label) deals, won")
            #expect(
                p["psi"]?.number.map { $0.isFinite && $0 >= 0 } == true,
                "\(label) psi \(p["psi"].map { "\($0)" } ?? "missing")")
            for card in ["current", "revised"] {
                let m = p[card]
                func number(_ key: String) -> Double? { m?[key]?.number.flatMap { $0.isFinite ? $0 : nil } }
                for key in ["auc", "ks", "recall"] {
                    #expect(
                        number(key).map { $0 >= 0 && $0 <= 1 } == true,
                        "\(label) \(card).\(key) = \(m?[key].map { "\($0)" } ?? "missing")")
                }
                // A period with no SQL has no precision (null); otherwise it is a share.
                if number("sqlCount") == 0 {
                    #expect(m?["precision"] == .null)
                } else {
                    #expect(number("precision").map { $0 >= 0 && $0 <= 1 } == true, "\(label) \(card).precision")
                }
                #expect(
                    number("brier").map { $0 > 0 && $0 < 1 } == true,
                    "\(label) \(card).brier = \(m?["brier"].map { "\($0)" } ?? "missing")")
                #expect(
                    number("logLoss").map { $0 > 0 } == true,
                    "\(label) \(card).logLoss = \(m?["logLoss"].map { "\($0)" } ?? "missing")")
                #expect(
                    number("threshold") != nil
                        && number("sqlCount").map { $0 == $0.rounded() && $0 >= 0 && $0 <= p["deals"]!.number! }
                            == true,
                    "\(label) \(card) threshold, sqlCount")
            }
        }
        // A rolling window of 6 months trains on at most 6 months of deals.
        #expect(periods.last!["trainingPeriods"]!.string == "2026-03–2026-08")
    }

    @Test func historyWithoutDatesIsExitOne() throws {
        let dir = try temporaryDirectory()
        let deals = try write("outcome,demo\nwon,true\nlost,false\nwon,false\n", to: "d.csv", in: dir)
        let card = try write(
            #"{"schema": "scorecard/v1", "name": "t", "threshold": 1, "rules": [{"id": "d", "signal": "demo", "when": {"equals": true}, "points": 1}]}"#,
            to: "c.json", in: dir)
        let r = runTool(["backtest", deals, "--scorecard", card])
        #expect(r.code == 1)
        #expect(r.err.hasPrefix("error: \(deals):1: back-testing needs a closed_at column"))
    }
}
