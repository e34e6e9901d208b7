import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// The merged (`anyOf`) and gated (`onlyWith`) rules through every command and export: `score`
/// against a scorer written out here from the card's meaning, SQL in SQLite (`--check`), the PMML
/// in JPMML, and fit, sweep, flag, backtest and review running on a card with both forms.
@Suite struct RuleFormsCommandTests {
    /// A card with both forms (``RuleFormsFixture``, shared with the kit's RuleFormsTests).
    static let card = RuleFormsFixture.card

    /// 600 deals over four quarters of 2025, from a fixed linear congruential sequence (no
    /// library generator, so the file is the same on every platform): employees (some missing),
    /// demo/trial (some missing), pricing visits, opens, industry (some empty); won when a
    /// drawn number falls under a rate that rises with a demo or trial, and, for deals of 50
    /// employees or more only, with pricing visits and opens (the gated rules' truth).
    static func history() -> String {
        var state: UInt64 = 20_251_203
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var out = "deal_id,outcome,closed_at,employees,demo,trial,pricing_visits,opens,industry\n"
        let industries = ["software", "SaaS ", "retail", "manufacturing", ""]
        for i in 0..<600 {
            let employees = next(10) == 0 ? "" : String(next(300))
            let demo = next(12) == 0 ? "" : (next(4) == 0 ? "true" : "false")
            let trial = next(5) == 0 ? "true" : "false"
            let visits = next(4)
            let opens = next(9)
            let industry = industries[next(industries.count)]
            let fit = (Int(employees) ?? 0) >= 50
            let lift =
                (demo == "true" ? 30 : 0) + (trial == "true" ? 20 : 0)
                + (fit ? 10 + (visits > 0 ? 25 : 0) + 2 * min(opens, 5) : 0)
            let won = next(100) < 15 + lift
            let day = 1 + i % 28
            let month = 1 + (i * 12) / 600
            out +=
                "D\(i),\(won ? "won" : "lost"),2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),\(employees),\(demo),\(trial),\(visits),\(opens),\(industry)\n"
        }
        return out
    }

    /// The card's score of one CSV row, from the card's meaning written out here: fit_size 20 when
    /// employees ≥ 50; hand_raise 40 once when demo or trial is true; pricing 15 when visits ≥ 1
    /// and employees ≥ 50; opens 2 each up to 10 points when employees ≥ 50; industry 10 when
    /// software or saas (trimmed, any case).
    static func expectedScore(_ cells: [String]) -> Double {
        let employees = Double(cells[3])
        let fit = (employees ?? 0) >= 50 && employees != nil
        var score = 0.0
        if fit { score += 20 }
        if cells[4] == "true" || cells[5] == "true" { score += 40 }
        if fit, (Double(cells[6]) ?? 0) >= 1 { score += 15 }
        if fit { score += min(2 * (Double(cells[7]) ?? 0), 10) }
        if ["software", "saas"].contains(cells[8].trimmingCharacters(in: .whitespaces).lowercased()) { score += 10 }
        return score
    }

    func files() throws -> (dir: String, card: String, deals: String) {
        let dir = try temporaryDirectory()
        return (
            dir, try write(Self.card, to: "card.json", in: dir), try write(Self.history(), to: "deals.csv", in: dir)
        )
    }

    @Test func scoreEqualsTheCardsMeaning() throws {
        let (_, card, deals) = try files()
        let r = runTool(["score", deals, "--scorecard", card, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let leads = try JSONValue.parseValue(r.out, file: "stdout").array ?? []
        let rows = Self.history().split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(leads.count == 600)
        #expect(zip(leads, rows).allSatisfy { $0["score"]?.number == Self.expectedScore($1) })
        // Each part of the merged rule, both, and the gates open and shut all occur.
        #expect(
            rows.contains { $0[4] == "true" && $0[5] == "true" } && rows.contains { $0[4] != "true" && $0[5] == "true" }
        )
        #expect(
            rows.contains { (Double($0[3]) ?? 0) < 50 && Int($0[6])! > 0 }
                && rows.contains { (Double($0[3]) ?? 0) >= 50 && Int($0[6])! > 0 })
    }

    @Test func sqlInSQLiteEqualsScoreAndEveryDialectWritesBothForms() throws {
        let (_, card, deals) = try files()
        if SQLiteParity.executable("sqlite3") == nil { return skipOrFail("sqlite3 is not installed") }
        let check = runTool(["export", card, "--to", "sql", "--dialect", "sqlite", "--check", deals])
        #expect(check.code == 0 && check.out.contains("600 of 600 scores"), "\(check.out) \(check.err)")
        for dialect in ["postgres", "snowflake", "bigquery", "sqlite", "duckdb", "spark"] {
            let r = runTool(["export", card, "--to", "sql", "--dialect", dialect])
            #expect(r.code == 0, "\(dialect): \(r.err)")
            #expect(r.out.contains(") OR ("), "\(dialect): the merged rule's parts joined by OR")
            // The merged rule's test opens with a parenthesis, and so do the two gated terms' gates.
            #expect(
                r.out.components(separatedBy: "CASE WHEN (").count - 1 == 3,
                "\(dialect): the merged term and two gated terms")
        }
        for format in ["json", "csv"] {
            let r = runTool(["export", card, "--to", format, "--check", deals])
            #expect(r.code == 0 && r.out.contains("600 of 600 scores equal"), "\(format): \(r.out) \(r.err)")
        }
    }

    @Test func pmmlInJPMMLEqualsScore() throws {
        let (dir, cardPath, dealsPath) = try files()
        let export = runTool(["export", cardPath, "--to", "pmml"])
        #expect(export.code == 0, "\(export.err)")
        #expect(
            export.out.contains(#"<CompoundPredicate booleanOperator="or">"#)
                && export.out.contains(#"<CompoundPredicate booleanOperator="and">"#))
        if let reason = HandoffTests.jpmmlMissing { return skipOrFail(reason) }
        let card = try Scorecard(json: Self.card, file: cardPath)
        let leads = try DealTable.leads(bytes: Array(Self.history().utf8), file: dealsPath)
        let scored = runTool(["score", dealsPath, "--scorecard", cardPath, "--format", "json"])
        let json = try JSONValue.parseValue(scored.out, file: "stdout")
        // A dual-bar twin as well, so the subscores' expressions (gates and parts) are checked too.
        var dual = card
        dual.minFit = 20
        dual.minBehavior = 10
        let dualPath = try write(dual.json.rendered(), to: "dual.json", in: dir)
        let dualScored = try JSONValue.parseValue(
            runTool(["score", dealsPath, "--scorecard", dualPath, "--format", "json"]).out, file: "stdout")
        guard
            let engine = try HandoffTests.jpmml(
                [
                    (card.pmmlDocument(history: leads).text, card, leads),
                    (dual.pmmlDocument(history: leads).text, dual, leads),
                ], in: dir)
        else { return skipOrFail(HandoffTests.jpmmlMissing ?? "JPMML did not run") }
        HandoffTests.expectSame(engine[0], json, "forms card")
        HandoffTests.expectSame(engine[1], dualScored, "forms card with dual bars")
    }

    @Test func salesforceAndHubSpotWriteTheFormsOrSayWhy() throws {
        let (_, card, _) = try files()
        let sf = runTool(["export", card, "--to", "salesforce"])
        #expect(sf.code == 0)
        #expect(sf.out.contains("IF(OR(demo, trial), 40, 0)"))
        #expect(
            sf.out.contains(
                "IF(AND(NOT(ISBLANK(employees)), employees >= 50), IF(AND(NOT(ISBLANK(pricing_visits)), pricing_visits >= 1), 15, 0), 0)"
            ))
        let hs = runTool(["export", card, "--to", "hubspot"])
        #expect(hs.code == 0)
        #expect(hs.err.contains("inclusion–exclusion") && hs.err.contains("counts only with \"fit_size\""))
        // hand_raise by inclusion–exclusion: +40 demo, +40 trial, −40 demo and trial.
        let body = try JSONValue.parseValue(hs.out, file: "stdout")
        let engagement = body["groupConfigs"]?.array?.first { $0["groupName"]?.string == "Engagement" }
        let merged = engagement?["ruleConfigurations"]?.array?.first?["configuration"]?["calculation"]
        #expect(merged?["calculators"]?.array?.map { $0["value"]?.number } == [40, 40, -40])
        #expect(merged?["calculators"]?.array?.map { $0["whereCondition"]?["conditions"]?.array?.count } == [1, 1, 2])
        // A gate HubSpot cannot require (an `in` of numbers) leaves the rule out, and says so.
        let bad = try write(
            #"{"schema": "scorecard/v1", "threshold": 10, "rules": [{"id": "tier", "kind": "fit", "signal": "tier", "when": {"in": [1, 2]}, "points": 5}, {"id": "v", "signal": "visits", "when": {"atLeast": 1}, "points": 5, "onlyWith": ["tier"]}]}"#,
            to: "bad.json", in: try temporaryDirectory())
        let left = runTool(["export", bad, "--to", "hubspot"])
        #expect(left.code == 0 && left.err.contains("rule \"v\" is left out"))
    }

    @Test func everyCommandRunsOnACardWithBothForms() throws {
        let (dir, card, deals) = try files()
        for command in [["fit"], ["sweep"], ["flag"], ["backtest"], ["decay"]] {
            let r = runTool(command + [deals, "--scorecard", card, "--format", "json"])
            #expect(r.code == 0, "\(command): \(r.err)")
        }
        let review = runTool(["review", deals, "--scorecard", card, "--out", dir + "/out", "--format", "json"])
        #expect(review.code == 0, "\(review.err)")
        // The revised card keeps both forms.
        let revised = try Scorecard(
            json: String(contentsOfFile: dir + "/out/revised-scorecard.json", encoding: .utf8), file: "revised.json")
        #expect(revised.rule("hand_raise")?.isMerged == true)
        #expect(revised.rule("pricing")?.onlyWith == ["fit_size"])
        #expect(revised.rule("opens")?.onlyWith == ["fit_size"])
        // The fit's design: hand_raise's column is the OR, so its fired counts add up to the
        // deals with demo or trial true.
        let flag = try JSONValue.parseValue(
            runTool(["flag", deals, "--scorecard", card, "--format", "json"]).out, file: "stdout")
        let handRaise = flag["rules"]?.array?.first { $0["id"]?.string == "hand_raise" }
        let rows = Self.history().split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let fired = rows.filter { $0[4] == "true" || $0[5] == "true" }
        #expect(handRaise?["firedWon"]?.number == Double(fired.filter { $0[1] == "won" }.count))
        #expect(handRaise?["firedLost"]?.number == Double(fired.filter { $0[1] == "lost" }.count))
    }
}
